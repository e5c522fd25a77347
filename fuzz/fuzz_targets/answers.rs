//! Fuzzes the answers parser and the evaluation behind it, against every shipped policy: any
//! bytes give answers and per-field errors (or one document error), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let all = policies::all();
    if all.is_empty() {
        return;
    }
    let policy = &all[usize::from(pick) % all.len()];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let as_of = criteria::Date::parse("2026-11-22").unwrap_or(criteria::Date::UNIX_EPOCH);
    if let Ok((answers, _errors)) = criteria::parse_answers(policy, text, as_of) {
        let ctx = criteria::Context { as_of, line_of_business: None };
        let full = criteria::evaluate(policy, &answers, &ctx);
        let summary = criteria::evaluate_summary(policy, &answers, &ctx);
        assert_eq!(full.outcome, summary.outcome);
        assert_eq!(full.missing, summary.missing);
        let _ = serde_json::to_string(&full);
    }
});
