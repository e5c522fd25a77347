//! Fuzzes the batch reader (`precheck check --batch`): any bytes give one result or error line
//! per input line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_of = criteria::Date::parse("2026-11-22").unwrap_or(criteria::Date::UNIX_EPOCH);
    let mut out = Vec::new();
    if let Ok((cases, _failed)) = precheck::run_batch(data, &mut out, as_of) {
        let lines = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
        assert_eq!(lines, cases, "one output line per case");
    }
});
