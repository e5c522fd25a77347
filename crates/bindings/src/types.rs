//! The npm package's TypeScript declarations, generated from the Rust types with ts-rs: this
//! test fails when `precheck.d.ts` differs from what the types say, and rewrites it with
//! `PRECHECK_BLESS=1 cargo test -p precheck-wasm`.

use criteria::model::{
    Choice, Coding, Effect, FhirElement, FhirResource, FhirSource, LineOfBusiness, LineRule, Question, QuestionType,
    Referral, SectionKind,
};
use criteria::{
    AnswerError, AnswerErrorKind, ApprovalResult, DocumentationGap, DoseCheck, Evaluation, Freshness, NodeResult, Note,
    Outcome, PolicyInfo, Progress, Quantity, SectionResult, Shown, Status, Used, ValueKind, ValueResult,
};
use ts_rs::TS;

use crate::{
    CodeEntry, Failure, FailureKind, LibraryBuilt, LibraryFile, Options, PolicySummary, PrefillResult, Reply,
    ResponseAnswers,
};

/// The JSON formats that are not Rust types, and the name the API gives an evaluation's result: an answer as an answers file writes it, and the
/// JsonLogic export.
const PRELUDE: &str = r#"// Generated from the Rust types by crates/bindings/src/types.rs; do not edit.
// Every function returns a Reply; every data key is snake_case, as in policy and answers files.

/** An answer as an answers file writes it: yes/no, a number (or `{value, unit}`), a date
 * `YYYY-MM-DD`, an option, a list of options or drug ids, prior lines (each a list of drug ids,
 * or `{drugs, start}`), `{not_done: true}`, or `{partial: [...]}` for a list known in part. */
export type AnswerValue =
  | boolean
  | number
  | { value: number; unit?: string }
  | string
  | Array<string>
  | Array<Array<string> | { drugs: Array<string>; start?: string }>
  | { not_done: true }
  | { partial: Array<string> | Array<Array<string> | { drugs: Array<string>; start?: string }> };
/** Answers keyed by question id; leave out what is not known yet. */
export type Answers = Record<string, AnswerValue>;
/** What `evaluate` returns on success: the engine's evaluation, with the refused answers. */
export type EvaluateResult = Evaluation;
/** A policy's criteria as JsonLogic rules; the data convention is in `interop::jsonlogic`. */
export type JsonLogicExport = {
  policy: string;
  convention: string;
  sections: Array<{ id: string; applies: unknown; criteria: unknown; effect: Effect }>;
};
"#;

fn declarations() -> String {
    let decls = [
        Reply::<()>::decl(),
        Failure::decl(),
        FailureKind::decl(),
        Options::decl(),
        PolicySummary::decl(),
        CodeEntry::decl(),
        LibraryFile::decl(),
        LibraryBuilt::decl(),
        crate::LintOptions::decl(),
        authoring::lint::Lint::decl(),
        authoring::lint::CopyAt::decl(),
        authoring::lint::Cases::decl(),
        authoring::lint::CaseReport::decl(),
        authoring::lint::CaseResult::decl(),
        authoring::problems::Located::decl(),
        authoring::cases::Difference::decl(),
        authoring::coverage::Coverage::decl(),
        authoring::revision::Revision::decl(),
        authoring::revision::CaseChange::decl(),
        authoring::revision::Change::decl(),
        criteria::diff::Comparison::decl(),
        criteria::diff::CriterionChange::decl(),
        criteria::diff::ListChange::decl(),
        criteria::ProblemKind::decl(),
        ResponseAnswers::decl(),
        PrefillResult::decl(),
        interop::prefill::Proposal::decl(),
        interop::prefill::Source::decl(),
        interop::prefill::Ignored::decl(),
        interop::prefill::Patient::decl(),
        interop::prefill::Inference::decl(),
        interop::prefill::Regimen::decl(),
        interop::prefill::Reason::decl(),
        crate::handle::VerdictResult::decl(),
        Evaluation::decl(),
        PolicyInfo::decl(),
        Freshness::decl(),
        Outcome::decl(),
        Status::decl(),
        Progress::decl(),
        ApprovalResult::decl(),
        Quantity::decl(),
        DoseCheck::decl(),
        DocumentationGap::decl(),
        Used::decl(),
        Shown::decl(),
        NodeResult::decl(),
        SectionResult::decl(),
        ValueResult::decl(),
        ValueKind::decl(),
        Note::decl(),
        Referral::decl(),
        LineOfBusiness::decl(),
        SectionKind::decl(),
        Effect::decl(),
        AnswerError::decl(),
        AnswerErrorKind::decl(),
        Question::decl(),
        QuestionType::decl(),
        Choice::decl(),
        FhirSource::decl(),
        FhirResource::decl(),
        FhirElement::decl(),
        LineRule::decl(),
        Coding::decl(),
    ];
    let mut out = PRELUDE.to_owned();
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[test]
fn typescript_declarations_match_the_rust_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/precheck.d.ts");
    let want = declarations();
    if std::env::var_os("PRECHECK_BLESS").is_some() {
        assert!(std::fs::write(path, &want).is_ok(), "cannot write {path}");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "{path} is not what the Rust types say; run `PRECHECK_BLESS=1 cargo test -p precheck-wasm` and review the diff"
    );
}
