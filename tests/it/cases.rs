//! Runs the clinical case corpus in `tests/cases/` through the engine, natively and (with
//! `wasm-pack test`) as WebAssembly in headless Chromium.

use precheck_tests::{case_files, run_corpus};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn clinical_cases() {
    let (total, failures) = run_corpus();
    assert!(total > 0, "no cases found");
    assert!(
        failures.is_empty(),
        "{} of {total} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
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

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_embedded_policy_loads() {
    // The build validated every file natively; this checks the same files load in this build
    // (as WebAssembly in Chromium too, whose parser runs without JSON paths).
    assert_eq!(policies::all().len(), policies::SOURCES.len());
    assert!(policies::all().len() >= 5);
}
