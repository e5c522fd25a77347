//! `precheck diff`: replays a case corpus against two versions of a policy file and reports
//! every case whose result changes, naming the criterion where the change starts.

use std::io::{BufRead, Write};

use criteria::diff::{compare, Comparison, CriterionChange, ListChange};
use criteria::{evaluate, parse_answers, Answers, Context, Date, LoadedPolicy, Outcome};
use serde_json::{json, Value};

use crate::{parse_as_of, parse_case, parse_lob, CliError};

/// The counts behind the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffSummary {
    /// Cases evaluated under both versions.
    pub cases: usize,
    /// Cases whose outcome changed.
    pub changed: usize,
    /// Cases whose outcome is the same but whose failed criteria or missing answers changed.
    pub reasons_changed: usize,
    /// Each old → new outcome with its number of cases, in order of first appearance.
    pub transitions: Vec<(Outcome, Outcome, usize)>,
    /// Cases for a policy id neither version has.
    pub skipped: usize,
    /// Lines that could not be evaluated under one version or both (each reported on its line).
    pub errors: usize,
}

impl DiffSummary {
    /// `24 cases, 3 changed: meets → does_not_meet 2, …; 1 more with other reasons; …`.
    pub fn line(&self) -> String {
        let by: Vec<String> = self
            .transitions
            .iter()
            .map(|(a, b, n)| format!("{} → {} {n}", a.as_str(), b.as_str()))
            .collect();
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(": {}", by.join(", "))
        };
        format!(
            "{} cases, {} changed{by}; {} with the same outcome but other failed criteria or missing answers; {} skipped (another policy); {} in error",
            self.cases, self.changed, self.reasons_changed, self.skipped, self.errors
        )
    }

    fn count(&mut self, old: Outcome, new: Outcome) {
        match self.transitions.iter_mut().find(|(a, b, _)| *a == old && *b == new) {
            Some((_, _, n)) => *n += 1,
            None => self.transitions.push((old, new, 1)),
        }
    }
}

/// Replays `cases` (JSON lines, as `precheck check --batch` reads them) against both versions.
/// Writes one report per case whose result differs (text, or one JSON object per line) and
/// returns the counts; the caller prints the summary line.
pub fn run_diff(
    old: &LoadedPolicy,
    new: &LoadedPolicy,
    cases: impl BufRead,
    mut out: impl Write,
    json: bool,
    default_as_of: Date,
) -> Result<DiffSummary, CliError> {
    let mut summary = DiffSummary::default();
    for (i, line) in cases.split(b'\n').enumerate() {
        let line_no = i + 1;
        let bytes = line.map_err(CliError::io(format!("cases line {line_no}: cannot read")))?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => text,
            Err(e) => {
                summary.errors += 1;
                let message = format!("the line is not UTF-8 text (byte {})", e.valid_up_to());
                report_error(&mut out, json, line_no, &message)?;
                continue;
            }
        };
        match diff_case(old, new, text, default_as_of) {
            Ok(None) => summary.skipped += 1,
            Ok(Some((id, comparison))) => {
                summary.cases += 1;
                if comparison.is_same() {
                    continue;
                }
                if comparison.outcome_changed() {
                    summary.changed += 1;
                    summary.count(comparison.old_outcome, comparison.new_outcome);
                } else {
                    summary.reasons_changed += 1;
                }
                let report = if json {
                    format!("{}\n", case_json(line_no, &id, &comparison))
                } else {
                    case_text(line_no, &id, &comparison)
                };
                out.write_all(report.as_bytes()).map_err(CliError::io("cannot write"))?;
            }
            Err(e) => {
                summary.errors += 1;
                report_error(&mut out, json, line_no, &e.to_string())?;
            }
        }
    }
    Ok(summary)
}

fn report_error(out: &mut impl Write, json: bool, line_no: usize, message: &str) -> Result<(), CliError> {
    let text = if json {
        format!("{}\n", json!({"line": line_no, "error": message}))
    } else {
        format!("line {line_no}: error: {message}\n")
    };
    out.write_all(text.as_bytes()).map_err(CliError::io("cannot write"))
}

/// Evaluates one case under both versions; `None` when it is for another policy.
fn diff_case(
    old: &LoadedPolicy,
    new: &LoadedPolicy,
    line: &str,
    default_as_of: Date,
) -> Result<Option<(Value, Comparison)>, CliError> {
    let case = parse_case(line)?;
    if case.policy != old.policy.id && case.policy != new.policy.id {
        return Ok(None);
    }
    let as_of = match &case.as_of {
        Some(text) => parse_as_of(text)?,
        None => default_as_of,
    };
    let ctx = Context {
        as_of,
        line_of_business: case.line_of_business.as_deref().map(parse_lob).transpose()?,
    };
    let text = case.answers.as_deref().map_or("{}", serde_json::value::RawValue::get);
    let old_answers = answers(old, text, as_of, "old")?;
    let new_answers = answers(new, text, as_of, "new")?;
    let comparison = compare(&evaluate(old, &old_answers, &ctx), &evaluate(new, &new_answers, &ctx));
    Ok(Some((case.id.unwrap_or(Value::Null), comparison)))
}

/// The answers as one version reads them. An answer one version accepts and the other rejects
/// (a question removed, a range narrowed) is itself an impact of the change: it is reported.
fn answers(policy: &LoadedPolicy, text: &str, as_of: Date, which: &'static str) -> Result<Answers, CliError> {
    let (answers, errors) = parse_answers(policy, text, as_of)?;
    CliError::from_answer_errors(errors).map_err(|e| CliError::Version {
        which,
        source: Box::new(e),
    })?;
    Ok(answers)
}

fn change_json(c: &CriterionChange) -> Value {
    json!({"section": c.section, "id": c.id, "label": c.label, "old": c.old, "new": c.new})
}

fn case_json(line_no: usize, id: &Value, c: &Comparison) -> Value {
    json!({
        "line": line_no,
        "id": id,
        "old_outcome": c.old_outcome,
        "new_outcome": c.new_outcome,
        "outcome_changed": c.outcome_changed(),
        "criteria": c.criteria.iter().map(change_json).collect::<Vec<_>>(),
        "failed": c.failed,
        "missing": c.missing,
    })
}

fn list_line(name: &str, change: &ListChange) -> String {
    if change.is_empty() {
        return String::new();
    }
    format!("    {name}: {}\n", render::list_change(change))
}

fn case_text(line_no: usize, id: &Value, c: &Comparison) -> String {
    let id = match id {
        Value::Null => String::new(),
        Value::String(s) => format!(" ({s})"),
        other => format!(" ({other})"),
    };
    let mut text = format!(
        "line {line_no}{id}: {} → {}\n",
        c.old_outcome.as_str(),
        c.new_outcome.as_str()
    );
    for change in &c.criteria {
        text.push_str(&format!(
            "    {} {}: {} → {}\n",
            change.id,
            change.label,
            render::status_in(change.old),
            render::status_in(change.new)
        ));
    }
    text.push_str(&list_line("failed", &c.failed));
    text.push_str(&list_line("missing", &c.missing));
    text
}
