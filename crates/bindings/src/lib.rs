//! Precheck's JavaScript API. This is the only crate of the workspace that knows about
//! JavaScript; `js` wraps the plain-Rust functions here with `wasm-bindgen` for the npm package.
//!
//! One contract for every function, as Cedar's FFI does it:
//!
//! - Every function returns a [`Reply`]: `{"type": "success", "result": ...}` or
//!   `{"type": "failure", "errors": [{"kind": ..., "message": ...}]}`. Nothing throws.
//! - Every data key is snake_case, as in policy files, answers files and the CLI's JSON
//!   (`as_of`, `line_of_business`, `dose_checks`); only function names are camelCase.
//! - The TypeScript declarations (`precheck.d.ts`) are generated from these Rust types and the
//!   engine's, and checked by compiling the README's TypeScript example with `tsc`.

use criteria::model::{LineOfBusiness, Question};
use criteria::{answers_from_json, evaluate, evaluate_summary, AnswerError, Answers, Context, Evaluation};
use criteria::{AnswersError, LoadedPolicy};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod handle;
pub mod js;
#[cfg(test)]
mod types;

/// What every function returns: its result, or why there is none.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply<T> {
    Success { result: T },
    Failure { errors: Vec<Failure> },
}

impl<T> Reply<T> {
    fn from(result: Result<T, Failure>) -> Reply<T> {
        match result {
            Ok(result) => Reply::Success { result },
            Err(e) => Reply::Failure { errors: vec![e] },
        }
    }
}

/// Why a call has no result. A refused answer is not a failure: it is reported in the
/// evaluation's `errors`, and every other answer still counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// No policy of the library has this id.
    UnknownPolicy,
    /// The options are not valid (`as_of` missing or not a date, an unknown field).
    Options,
    /// The answers are not a JSON object, or not JSON at all.
    Answers,
    /// The text is not a FHIR QuestionnaireResponse to this policy's questionnaire.
    Response,
    /// The text is not a FHIR record (a Bundle or a resource).
    Record,
    /// A file of a policy library folder has a problem (`libraryBuild`); one failure each.
    Library,
    /// The earlier version given to `lintPolicy` is not a valid policy file.
    Earlier,
}

fn failure(kind: FailureKind, message: impl Into<String>) -> Failure {
    Failure {
        kind,
        message: message.into(),
    }
}

/// Options of an evaluation.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// `YYYY-MM-DD`; required, since the engine reads no clock.
    #[cfg_attr(test, ts(type = "string"))]
    pub as_of: Option<String>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub line_of_business: Option<LineOfBusiness>,
    /// Include the explanation: every section with its criteria tree (`sections`).
    #[serde(default)]
    #[cfg_attr(test, ts(optional, as = "Option<bool>"))]
    pub explain: bool,
}

/// A policy of the library, as a list shows it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicySummary<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub subject: &'p str,
    pub issuer: &'p str,
    pub plan: &'p str,
    pub lines_of_business: &'p [LineOfBusiness],
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub effective: Option<&'p str>,
    pub last_review: &'p str,
    /// The HCPCS/CPT codes the policy lists.
    pub codes: Vec<&'p str>,
}

/// A policy that lists a HCPCS or CPT code.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CodeEntry {
    pub code: &'static str,
    pub system: &'static str,
    pub label: &'static str,
    pub policy: &'static str,
    /// The other policies that policy's answers may refer the request to (a pump's code: the
    /// intrathecal baclofen policy, the pumps for other indications).
    pub routes: Vec<&'static criteria::model::Referral>,
}

/// The result of an evaluation: the engine's [`Evaluation`] as it is, its `errors` the answers
/// that were refused (each naming its question; every other answer still counts).
pub type EvaluateResult<'p> = Evaluation<'p>;

/// The answers a FHIR QuestionnaireResponse holds, and the items that could not be read.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ResponseAnswers {
    /// What [`evaluate`] takes.
    #[cfg_attr(test, ts(type = "Answers"))]
    pub answers: Value,
    pub errors: Vec<AnswerError>,
}

fn find(policy: &str) -> Result<&'static LoadedPolicy, Failure> {
    policies::get(policy).ok_or_else(|| failure(FailureKind::UnknownPolicy, format!("unknown policy `{policy}`")))
}

/// Every policy in the library.
pub fn list_policies() -> Reply<Vec<PolicySummary<'static>>> {
    let list = policies::all()
        .iter()
        .map(|lp| {
            let p = &lp.policy;
            PolicySummary {
                id: &p.id,
                title: &p.title,
                subject: &p.subject,
                issuer: &p.issuer,
                plan: &p.plan,
                lines_of_business: &p.lines_of_business,
                effective: p.effective.as_deref(),
                last_review: &p.last_review,
                codes: p.codes.iter().map(|c| c.code.as_str()).collect(),
            }
        })
        .collect();
    Reply::Success { result: list }
}

/// A policy's questions, as in the policy file.
pub fn get_questions(policy: &str) -> Reply<&'static [Question]> {
    Reply::from(find(policy).map(|lp| lp.policy.questions.as_slice()))
}

/// Evaluates answers (a JSON object) against a policy and hands the reply to `emit`, which
/// serializes it once (to JSON text or to JavaScript values). Without `explain`, the engine
/// skips the explanation tree altogether.
pub fn with_evaluation<T>(
    policy: &str,
    answers: &Value,
    options: Result<Options, Failure>,
    emit: impl FnOnce(&Reply<EvaluateResult<'_>>) -> T,
) -> T {
    let (lp, answers, errors, ctx, explain) = match options.and_then(|o| prepare(policy, answers, &o)) {
        Ok(prepared) => prepared,
        Err(e) => return emit(&Reply::Failure { errors: vec![e] }),
    };
    let mut evaluation = if explain {
        evaluate(lp, &answers, &ctx)
    } else {
        evaluate_summary(lp, &answers, &ctx)
    };
    evaluation.errors = errors;
    emit(&Reply::Success { result: evaluation })
}

/// The policy, checked answers (with the refused ones), context and `explain` of one call.
type Prepared = (&'static LoadedPolicy, Answers, Vec<AnswerError>, Context, bool);

fn prepare(policy: &str, answers: &Value, options: &Options) -> Result<Prepared, Failure> {
    let lp = find(policy)?;
    let ctx = handle::context(options)?;
    let (answers, errors) = answers_from_json(lp, answers, ctx.as_of).map_err(answers_failure)?;
    Ok((lp, answers, errors, ctx, options.explain))
}

fn answers_failure(e: AnswersError) -> Failure {
    failure(FailureKind::Answers, e.to_string())
}

/// Options from JSON text; empty text is no options.
pub fn options_from_json(text: &str) -> Result<Options, Failure> {
    if text.trim().is_empty() {
        return Ok(Options::default());
    }
    serde_json::from_str(text).map_err(|e| failure(FailureKind::Options, format!("options: {e}")))
}

/// Answers from JSON text.
pub fn answers_from_text(text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| failure(FailureKind::Answers, format!("answers are not valid JSON: {e}")))
}

/// A policy's criteria as JsonLogic rules, one `{id, applies, criteria, effect}` per section
/// (see `interop::jsonlogic`), so that other engines can run the same criteria.
pub fn export_jsonlogic(policy: &str) -> Reply<Value> {
    Reply::from(find(policy).map(interop::jsonlogic::export))
}

/// The JsonLogic data object for answers, under the export's convention (dates as day numbers).
/// Answers are checked as for an evaluation; refused ones are left out, as there.
pub fn jsonlogic_data(policy: &str, answers: &Value, options: Result<Options, Failure>) -> Reply<Value> {
    Reply::from(
        options
            .and_then(|o| prepare(policy, answers, &o))
            .map(|(lp, answers, _, ctx, _)| interop::jsonlogic::data(lp, &answers, &ctx)),
    )
}

/// The answers a FHIR R4 QuestionnaireResponse (to the policy's exported questionnaire) holds.
pub fn answers_from_response(policy: &str, response: &str) -> Reply<ResponseAnswers> {
    Reply::from(find(policy).and_then(|lp| {
        let (answers, errors) = interop::fhir::read::answers_from_response(lp, response)
            .map_err(|e| failure(FailureKind::Response, e.to_string()))?;
        Ok(ResponseAnswers { answers, errors })
    }))
}

/// What a patient's FHIR record proposes: `answers` (what [`evaluate`] takes), each proposal
/// with its sources, and every matching resource set aside with the reason.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PrefillResult {
    /// The one patient the record is of: show it while the record's answers are on screen.
    pub patient: interop::prefill::Patient,
    #[cfg_attr(test, ts(type = "Answers"))]
    pub answers: Value,
    pub proposals: Vec<interop::prefill::Proposal>,
    pub ignored: Vec<interop::prefill::Ignored>,
    /// Entries of the record that could not be read as resources.
    pub unreadable: usize,
}

/// Proposed answers from a patient's FHIR R4 record (JSON text: a Bundle of any type, or one
/// resource), read against the policy's mappings; windows count to `as_of`.
pub fn prefill(policy: &str, record: &str, options: Result<Options, Failure>) -> Reply<PrefillResult> {
    Reply::from(options.and_then(|o| {
        let lp = find(policy)?;
        let as_of = handle::context(&o)?.as_of;
        let found =
            interop::prefill::prefill(lp, record, as_of).map_err(|e| failure(FailureKind::Record, e.to_string()))?;
        Ok(PrefillResult {
            patient: found.patient.clone(),
            answers: Value::Object(found.answers()),
            proposals: found.proposals,
            ignored: found.ignored,
            unreadable: found.unreadable,
        })
    }))
}

/// Of `unconfirmed` (answers inferred from a record that the user has not confirmed, the
/// proposals with `inferred`), those the outcome of `answers` rests on: without any one the
/// outcome would differ. Say "meets, if these are right" until they are confirmed.
pub fn rests_on(
    policy: &str,
    answers: &Value,
    unconfirmed: &[String],
    options: Result<Options, Failure>,
) -> Reply<Vec<String>> {
    Reply::from(options.and_then(|o| {
        let (lp, answers, _, ctx, _) = prepare(policy, answers, &o)?;
        Ok(criteria::rests_on(lp, &answers, &ctx, unconfirmed))
    }))
}

/// One file of a policy library folder, as `libraryBuild` takes it.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LibraryFile {
    pub name: String,
    pub text: String,
}

/// What `libraryBuild` gives to write: the manifest's text, and the renewed service worker
/// when the folder is a built app's.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LibraryBuilt {
    /// `manifest.json`'s text.
    pub manifest: String,
    pub policies: usize,
    /// The new `sw.js`, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub worker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub version: Option<String>,
    /// The new `index.html` (its start screen lists this library), when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub page: Option<String>,
}

/// `precheck library build` without a Rust toolchain: every policy file validated, the
/// manifest written, and with the built app's `sw.js` and `index.html` (the folder is
/// `dist/<folder>`), the worker renewed and the start screen rewritten. Every problem of every
/// file is a failure of its own.
pub fn library_build(
    files: Vec<LibraryFile>,
    worker: Option<&str>,
    page: Option<&str>,
    folder: &str,
) -> Reply<LibraryBuilt> {
    let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|f| (f.name, f.text.into_bytes())).collect();
    match policies::site::library_build(&files, worker, page, folder) {
        Ok(built) => {
            let (worker, version) = built.worker.map_or((None, None), |(w, v)| (Some(w), Some(v)));
            Reply::Success {
                result: LibraryBuilt {
                    manifest: built.manifest_json,
                    policies: built.manifest.policies.len(),
                    worker,
                    version,
                    page: built.page,
                },
            }
        }
        Err(problems) => Reply::Failure {
            errors: problems
                .iter()
                .map(|p| failure(FailureKind::Library, p.to_string()))
                .collect(),
        },
    }
}

/// What `lintPolicy` checks a policy file with, beside its text.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct LintOptions {
    /// The file's name, in every problem (`policy.json` when not given).
    #[cfg_attr(test, ts(optional))]
    pub file: Option<String>,
    /// A case file's text (the `tests/cases/` format): each case run, and the coverage.
    #[cfg_attr(test, ts(optional))]
    pub cases: Option<String>,
    /// The policy document as text: the file's texts that repeat a run of its words.
    #[cfg_attr(test, ts(optional))]
    pub source: Option<String>,
    /// An earlier version of the policy file: with `cases`, every case the revision changes.
    #[cfg_attr(test, ts(optional))]
    pub earlier: Option<String>,
}

/// `precheck lint` without a Rust toolchain: every problem of a policy file at its line and
/// column, and with the options, its copies of the source, its cases, their coverage and what a
/// revision changes. An invalid policy file is a result (its problems), not a failure.
pub fn lint_policy(text: &str, options: &LintOptions) -> Reply<authoring::lint::Lint> {
    let earlier = match options
        .earlier
        .as_deref()
        .map(|t| LoadedPolicy::from_json("earlier.json", t))
    {
        Some(Err(e)) => return Reply::from(Err(failure(FailureKind::Earlier, e.to_string()))),
        Some(Ok(p)) => Some(p),
        None => None,
    };
    let file = options.file.as_deref().unwrap_or("policy.json");
    let (_, lint) = authoring::lint::lint(
        file,
        text,
        options.cases.as_deref(),
        options.source.as_deref(),
        earlier.as_ref(),
    );
    Reply::Success { result: lint }
}

/// The policies whose coding tables list a HCPCS/CPT code.
pub fn lookup_code(code: &str) -> Reply<Vec<CodeEntry>> {
    let hits = policies::lookup(code)
        .into_iter()
        .map(|e| CodeEntry {
            code: e.code,
            system: e.system,
            label: e.label,
            policy: e.policy,
            routes: policies::get(e.policy)
                .map(|p| p.referral_targets())
                .unwrap_or_default(),
        })
        .collect();
    Reply::Success { result: hits }
}

/// A reply as JSON text. Serializing these types cannot fail; should it, the failure is a reply.
pub fn to_json<T: Serialize>(reply: &Reply<T>) -> String {
    serde_json::to_string(reply).unwrap_or_else(|e| {
        serde_json::to_string(&Reply::<()>::Failure {
            errors: vec![failure(FailureKind::Answers, format!("cannot encode the result: {e}"))],
        })
        .unwrap_or_default()
    })
}

/// The evaluation with JSON text in and out, as cedar-wasm offers it.
pub fn evaluate_json(policy: &str, answers: &str, options: &str) -> String {
    let answers = match answers_from_text(answers) {
        Ok(v) => v,
        Err(e) => return to_json(&Reply::<()>::Failure { errors: vec![e] }),
    };
    // A closure, not the function: the reply borrows a local evaluation, so `emit` must take any
    // lifetime, which a generic function instantiated for one cannot.
    #[allow(clippy::redundant_closure)]
    with_evaluation(policy, &answers, options_from_json(options), |r| to_json(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    #[test]
    fn lists_policies_and_codes() {
        let list = reply(&to_json(&list_policies()));
        assert_eq!(list["type"], "success");
        assert_eq!(list["result"].as_array().map(Vec::len), Some(policies::all().len()));
        let hits = reply(&to_json(&lookup_code("Q2055")));
        assert_eq!(hits["result"][0]["policy"], "CPCT.MNG.ABECMA");
        // Issue 21: a pump's code carries the routes its policy's answers may take.
        let pump = reply(&to_json(&lookup_code("E0783")));
        let routes: Vec<&str> = pump["result"][0]["routes"]
            .as_array()
            .map(|r| r.iter().filter_map(|t| t["policy"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(routes, ["CP.PHAR.149", "CP.MP.107"]);
        let qs = reply(&to_json(&get_questions("CP.PHAR.533")));
        assert!(qs["result"].as_array().is_some_and(|q| q.len() > 10));
        let nope = reply(&to_json(&get_questions("nope")));
        assert_eq!(nope["type"], "failure");
        assert_eq!(nope["errors"][0]["kind"], "unknown_policy");
        assert_eq!(nope["errors"][0]["message"], "unknown policy `nope`");
    }

    #[test]
    fn evaluates_and_reports_bad_answers_by_field() {
        let out = reply(&evaluate_json(
            "CPCT.MNG.ABECMA",
            r#"{"diagnosis": "other", "birth_date": "yesterday"}"#,
            r#"{"as_of": "2026-11-22"}"#,
        ));
        assert_eq!(out["type"], "success");
        let r = &out["result"];
        assert_eq!(r["outcome"], "does_not_meet");
        assert_eq!(r["as_of"], "2026-11-22");
        assert_eq!(r["errors"][0]["question"], "birth_date");
        assert_eq!(r["errors"][0]["kind"], "bad_date");
        assert!(r.get("sections").is_none(), "a summary has no sections");
        let explained = reply(&evaluate_json(
            "CPCT.MNG.ABECMA",
            r#"{"diagnosis": "multiple_myeloma"}"#,
            r#"{"as_of": "2026-11-22", "explain": true, "line_of_business": "commercial"}"#,
        ));
        assert_eq!(explained["result"]["line_of_business"], "commercial");
        let sections = explained["result"]["sections"].as_array().cloned().unwrap_or_default();
        assert!(sections.iter().any(|s| s["tree"].is_object()), "{sections:?}");
    }

    #[test]
    fn exports_every_policy_as_json_logic_with_its_data() {
        for lp in policies::all() {
            let id = &lp.policy.id;
            let rules = reply(&to_json(&export_jsonlogic(id)));
            assert_eq!(rules["result"]["policy"], id.as_str());
            assert_eq!(
                rules["result"]["sections"].as_array().map(Vec::len),
                Some(lp.policy.sections.len()),
                "{id}"
            );
        }
        assert_eq!(
            reply(&to_json(&export_jsonlogic("nope")))["errors"][0]["kind"],
            "unknown_policy"
        );
        let answers =
            serde_json::json!({"diagnosis": "multiple_myeloma", "birth_date": "1958-04-12", "prior_car_t": "no"});
        let data = reply(&to_json(&jsonlogic_data(
            "CPCT.MNG.ABECMA",
            &answers,
            options_from_json(r#"{"as_of": "2026-11-22"}"#),
        )));
        let data = &data["result"];
        assert_eq!(data["diagnosis"], "multiple_myeloma");
        assert_eq!(data["birth_date__ymd"], 19_580_412);
        assert_eq!(data["__as_of__ymd"], 20_261_122);
        assert!(data.get("prior_car_t").is_none(), "a refused answer is left out");
        let no_date = reply(&to_json(&jsonlogic_data(
            "CPCT.MNG.ABECMA",
            &answers,
            options_from_json("{}"),
        )));
        assert_eq!(no_date["errors"][0]["kind"], "options");
    }

    #[test]
    fn refuses_what_it_cannot_evaluate_with_a_kind() {
        let kind = |policy: &str, answers: &str, options: &str| {
            reply(&evaluate_json(policy, answers, options))["errors"][0]["kind"].clone()
        };
        assert_eq!(kind("X", "{}", r#"{"as_of": "2026-11-22"}"#), "unknown_policy");
        assert_eq!(kind("CPCT.MNG.ABECMA", "{}", "{}"), "options");
        assert_eq!(kind("CPCT.MNG.ABECMA", "{}", r#"{"as_of": "2026-02-30"}"#), "options");
        assert_eq!(kind("CPCT.MNG.ABECMA", "[]", r#"{"as_of": "2026-11-22"}"#), "answers");
        assert_eq!(kind("CPCT.MNG.ABECMA", "{", r#"{"as_of": "2026-11-22"}"#), "answers");
        assert_eq!(
            kind(
                "CPCT.MNG.ABECMA",
                "{}",
                r#"{"as_of": "2026-11-22", "line_of_business": "vip"}"#
            ),
            "options"
        );
        // One casing: the camelCase spelling is an unknown field, not silently ignored.
        assert_eq!(kind("CPCT.MNG.ABECMA", "{}", r#"{"asOf": "2026-11-22"}"#), "options");
        let response = reply(&to_json(&answers_from_response("CPCT.MNG.ABECMA", "{}")));
        assert_eq!(response["errors"][0]["kind"], "response");
        let record = reply(&to_json(&prefill(
            "CPCT.MNG.ABECMA",
            "[]",
            options_from_json(r#"{"as_of": "2026-11-22"}"#),
        )));
        assert_eq!(record["errors"][0]["kind"], "record");
    }

    #[test]
    fn prefills_from_a_patient_record() {
        let record = r#"{"resourceType": "Bundle", "type": "searchset", "entry": [
            {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1958-04-12"}},
            {"resource": {"resourceType": "Condition", "id": "c", "code": {"coding": [
                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}}]}"#;
        let out = reply(&to_json(&prefill(
            "CPCT.MNG.ABECMA",
            record,
            options_from_json(r#"{"as_of": "2026-11-22"}"#),
        )));
        assert_eq!(out["type"], "success");
        assert_eq!(
            out["result"]["answers"],
            serde_json::json!({"birth_date": "1958-04-12", "diagnosis": "multiple_myeloma"})
        );
        assert_eq!(out["result"]["proposals"][1]["sources"][0]["id"], "c");
        let evaluated = reply(&evaluate_json(
            "CPCT.MNG.ABECMA",
            &out["result"]["answers"].to_string(),
            r#"{"as_of": "2026-11-22"}"#,
        ));
        assert_eq!(evaluated["result"]["errors"], serde_json::json!([]));
        assert_eq!(out["result"]["patient"]["id"], "p");
    }

    #[test]
    fn issue_22_says_which_unconfirmed_inferred_answers_an_outcome_rests_on() {
        let options = r#"{"as_of": "2026-11-22"}"#;
        let answers = serde_json::json!({
            "birth_date": "1958-04-12", "diagnosis": "multiple_myeloma", "myeloma_status": "progressed",
            "prior_lines": [
                {"drugs": ["bortezomib", "lenalidomide", "dexamethasone"], "start": "2021-01-10"},
                {"drugs": ["daratumumab", "pomalidomide"], "start": "2023-03-01"}],
            "prior_car_t_products": [], "setting": "inpatient"
        });
        let meets = reply(&evaluate_json("CPCT.MNG.ABECMA", &answers.to_string(), options));
        assert_eq!(meets["result"]["outcome"], "meets");
        // The lines were grouped from a record and not confirmed: the outcome rests on them;
        // the birth date, read and not inferred, is not asked about; one unanswered is ignored.
        let unconfirmed = ["prior_lines".to_owned(), "setting_unknown".to_owned()];
        let out = to_json(&rests_on(
            "CPCT.MNG.ABECMA",
            &answers,
            &unconfirmed,
            options_from_json(options),
        ));
        assert_eq!(reply(&out)["result"], serde_json::json!(["prior_lines"]));
        let none = to_json(&rests_on("CPCT.MNG.ABECMA", &answers, &[], options_from_json(options)));
        assert_eq!(reply(&none)["result"], serde_json::json!([]));
    }
}
