//! What a revision of a policy changes, case by case: every case of a case file run under an
//! earlier version and the one being written, as `precheck diff` replays a batch. A case whose
//! outcome, failed criteria or missing answers differ is reported with the criteria where the
//! change starts ([`criteria::diff::compare`]); a case one version cannot read is reported too,
//! since that is itself an effect of the change.

use criteria::diff::{compare, Comparison};
use criteria::{evaluate, parse_answers, Answers, Date, LoadedPolicy};
use serde::Serialize;

use crate::cases::{context, Case, CaseFile};

/// One case that fares differently under the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseChange {
    pub name: String,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// Both versions read it; their results differ.
    Compared(Box<Comparison>),
    /// One version (or both) cannot read its context or answers: why, naming the version.
    Unreadable { message: String },
}

/// The cases run under both versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Revision {
    /// Cases run.
    pub cases: usize,
    /// Cases whose outcome changed.
    pub outcomes_changed: usize,
    /// Every case whose result differs, in the file's order.
    pub changes: Vec<CaseChange>,
}

/// Runs every case of `file` under `old` and `new`.
pub fn revision(old: &LoadedPolicy, new: &LoadedPolicy, file: &CaseFile) -> Revision {
    let mut out = Revision::default();
    for case in &file.cases {
        out.cases += 1;
        let change = match compare_case(old, new, case) {
            Ok(c) if c.is_same() => continue,
            Ok(c) => {
                if c.outcome_changed() {
                    out.outcomes_changed += 1;
                }
                Change::Compared(Box::new(c))
            }
            Err(message) => Change::Unreadable { message },
        };
        out.changes.push(CaseChange {
            name: case.name.clone(),
            change,
        });
    }
    out
}

fn compare_case(old: &LoadedPolicy, new: &LoadedPolicy, case: &Case) -> Result<Comparison, String> {
    let ctx = context(case).map_err(|d| d.to_string())?;
    let text = case.answers.to_string();
    let old_answers = answers(old, &text, ctx.as_of, "the earlier version")?;
    let new_answers = answers(new, &text, ctx.as_of, "this version")?;
    Ok(compare(
        &evaluate(old, &old_answers, &ctx),
        &evaluate(new, &new_answers, &ctx),
    ))
}

/// The answers as one version reads them; an answer it refuses is reported, naming the version.
fn answers(policy: &LoadedPolicy, text: &str, as_of: Date, which: &str) -> Result<Answers, String> {
    let (answers, errors) = parse_answers(policy, text, as_of).map_err(|e| format!("{which}: {e}"))?;
    match errors.first() {
        None => Ok(answers),
        Some(e) => Err(format!("{which} refuses an answer: {e}")),
    }
}
