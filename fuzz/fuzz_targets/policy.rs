//! Fuzzes the policy parser and validator: any bytes either load or give an error, never a
//! panic; a policy that loads survives a write-and-read round trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = criteria::LoadedPolicy::from_json("fuzz.json", text) else { return };
    let again = serde_json::to_string(&loaded.policy).unwrap_or_default();
    match criteria::LoadedPolicy::from_json("fuzz.json", &again) {
        Ok(back) => assert_eq!(back.policy, loaded.policy, "round trip changed the policy"),
        Err(e) => panic!("a loaded policy no longer loads after writing it: {e}"),
    }
    // Evaluating a loaded policy with no answers must not fail either.
    let as_of = criteria::Date::parse("2026-11-22").unwrap_or(criteria::Date::UNIX_EPOCH);
    let _ = criteria::evaluate(&loaded, &criteria::Answers::new(), &criteria::Context { as_of, line_of_business: None });
});
