//! Shared helpers for Precheck's workspace tests: the clinical case format and its checker.

pub use authoring::cases::{CannotFail, Case, CaseFile};

/// Runs one case and returns a description of every mismatch (empty when it passes): the
/// authoring core's check, as the corpus tests word it.
pub fn check(policy_id: &str, case: &Case) -> Vec<String> {
    let Some(policy) = policies::get(policy_id) else {
        return vec![format!("unknown policy `{policy_id}`")];
    };
    authoring::cases::run(policy, case)
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
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
