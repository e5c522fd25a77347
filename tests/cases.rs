//! Runs the clinical case corpus in `tests/cases/` through the engine.

use precheck_tests::{case_files, check};

#[test]
fn clinical_cases() {
    let files = case_files();
    assert!(!files.is_empty(), "no case files found");
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, cases) in &files {
        assert!(!cases.cases.is_empty(), "{file}: {}", cases.policy);
        for case in &cases.cases {
            total += 1;
            let problems = check(&cases.policy, case);
            if !problems.is_empty() {
                failures.push(format!("{file} / {}:\n    {}", case.name, problems.join("\n    ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_policy_has_at_least_ten_cases() {
    let files = case_files();
    for p in policies::all() {
        let n: usize = files
            .iter()
            .filter(|(_, f)| f.policy == p.policy.id)
            .map(|(_, f)| f.cases.len())
            .sum();
        assert!(
            n >= 10,
            "{} has {n} cases; the corpus needs at least 10 per policy",
            p.policy.id
        );
    }
}
