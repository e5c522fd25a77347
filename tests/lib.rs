//! Shared helpers for Precheck's workspace tests: the clinical case format and its checker.

use criteria::{evaluate, parse_answers, Context, Date, LineOfBusiness};
use serde::Deserialize;
use serde_json::Value;

/// A file of cases for one policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub policy: String,
    /// Criteria that cannot fail by construction, each with the reason (the coverage test
    /// does not ask the corpus to fail them).
    #[serde(default)]
    pub cannot_fail: Vec<CannotFail>,
    pub cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CannotFail {
    pub criterion: String,
    pub reason: String,
}

/// One clinical case: the answers and what the policy should make of them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub as_of: String,
    #[serde(default)]
    pub line_of_business: Option<String>,
    pub answers: Value,
    pub outcome: String,
    #[serde(default)]
    pub failed: Vec<String>,
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub refer_to: Option<Vec<String>>,
}

/// Runs one case and returns a description of every mismatch (empty when it passes).
pub fn check(policy_id: &str, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(policy) = policies::get(policy_id) else {
        return vec![format!("unknown policy `{policy_id}`")];
    };
    let Some(as_of) = Date::parse(&case.as_of) else {
        return vec![format!("bad as_of `{}`", case.as_of)];
    };
    let line_of_business = match case.line_of_business.as_deref().map(LineOfBusiness::parse) {
        Some(None) => return vec!["bad line_of_business".into()],
        Some(Some(lob)) => Some(lob),
        None => None,
    };
    let text = case.answers.to_string();
    let (answers, errors) = match parse_answers(policy, &text, as_of) {
        Ok(parsed) => parsed,
        Err(e) => return vec![e.to_string()],
    };
    for e in &errors {
        problems.push(format!("answer error: {e}"));
    }
    let r = evaluate(
        policy,
        &answers,
        &Context {
            as_of,
            line_of_business,
        },
    );
    if r.outcome.as_str() != case.outcome {
        problems.push(format!(
            "outcome: expected {}, got {}",
            case.outcome,
            r.outcome.as_str()
        ));
    }
    if r.failed != case.failed {
        problems.push(format!("failed: expected {:?}, got {:?}", case.failed, r.failed));
    }
    if r.missing != case.missing {
        problems.push(format!("missing: expected {:?}, got {:?}", case.missing, r.missing));
    }
    if let Some(expected) = &case.refer_to {
        let got: Vec<String> = r
            .refer_to
            .iter()
            .map(|t| t.policy.clone().unwrap_or_else(|| t.label.clone()))
            .collect();
        if &got != expected {
            problems.push(format!("refer_to: expected {expected:?}, got {got:?}"));
        }
    }
    // Every result must carry what makes it honest.
    if r.policy.id.is_empty() || r.as_of != case.as_of || r.caveat.is_empty() {
        problems.push("result lacks policy id, as-of date or caveat".into());
    }
    problems
}

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

/// Every case file under `tests/cases`, embedded at build time.
pub fn case_files() -> Vec<(String, CaseFile)> {
    CASE_SOURCES
        .iter()
        .map(|(name, text)| match serde_json::from_str::<CaseFile>(text) {
            Ok(file) => ((*name).to_owned(), file),
            Err(e) => (
                (*name).to_owned(),
                CaseFile {
                    policy: format!("unparsable case file: {e}"),
                    cannot_fail: Vec::new(),
                    cases: Vec::new(),
                },
            ),
        })
        .collect()
}

/// Runs the whole corpus; returns the number of cases and a report of each failing one.
pub fn run_corpus() -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, cases) in case_files() {
        if cases.cases.is_empty() {
            failures.push(format!("{file}: {}", cases.policy));
        }
        for case in &cases.cases {
            total += 1;
            let problems = check(&cases.policy, case);
            if !problems.is_empty() {
                failures.push(format!("{file} / {}:\n    {}", case.name, problems.join("\n    ")));
            }
        }
    }
    (total, failures)
}
