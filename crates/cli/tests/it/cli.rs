//! The `precheck` binary end to end: listing, checking, batch, look-up, validation, and bad
//! input that must give a one-line error naming the field and a non-zero exit, never a panic.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn precheck(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_precheck"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("precheck runs");
    if let Some(text) = stdin {
        // A command that fails before reading its input (a bad `--as-of`) may exit first.
        let written = child.stdin.take().expect("stdin").write_all(text.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("precheck finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A bad input: non-zero exit, exactly one `error:` line mentioning `needle`, no panic.
fn rejects(args: &[&str], stdin: Option<&str>, needle: &str) {
    let o = precheck(args, stdin);
    let err = stderr(&o);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: one line expected, got {err}");
    assert!(err.contains(needle), "{args:?}: `{needle}` not in {err}");
}

#[test]
fn lists_all_five_policies() {
    let o = precheck(&["policies", "--format", "json"], None);
    assert!(o.status.success());
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    for id in [
        "CP.PHAR.533",
        "CP.PHAR.244",
        "CP.MP.173",
        "MC.CP.MP.31",
        "CPCT.MNG.ABECMA",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let text = stdout(&precheck(&["policies"], None));
    assert!(text.contains("CP.PHAR.533") && text.contains("last reviewed"));
}

#[test]
fn questions_show_types_units_and_ranges() {
    let o = precheck(&["questions", "CP.PHAR.533"], None);
    assert!(o.status.success());
    assert!(stdout(&o).contains("g/dL"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&precheck(
        &["questions", "cp.phar.533", "--format", "json"],
        None,
    )))
    .expect("json");
    assert!(json.as_array().is_some_and(|a| a.len() > 10));
}

#[test]
fn readme_example_is_incomplete_and_names_the_missing_dose() {
    let args = [
        "check",
        "CP.PHAR.533",
        "--answers",
        "examples/carvykti-answers.json",
        "--as-of",
        "2026-11-22",
        "--line-of-business",
        "commercial",
        "--format",
        "json",
    ];
    let o = precheck(&args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["outcome"], "incomplete");
    assert_eq!(r["missing"], serde_json::json!(["dose_million_cells"]));
    for key in [
        "failed", "approval", "refer_to", "notes", "sections", "caveat", "policy", "as_of",
    ] {
        assert!(r.get(key).is_some() || key == "approval", "{key} missing");
    }
    let text = stdout(&precheck(&args[..args.len() - 2], None));
    assert!(text.contains("RESULT: INCOMPLETE"), "{text}");
    assert!(text.contains("dose_million_cells"));
    assert!(text.contains("Pre-screen only"));
}

#[test]
fn answers_can_come_from_stdin_and_meet() {
    let answers = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/carvykti-answers.json"
    ))
    .expect("example");
    let mut value: serde_json::Value = serde_json::from_str(&answers).expect("json");
    value["dose_million_cells"] = serde_json::json!(75);
    let o = precheck(
        &[
            "check",
            "CP.PHAR.533",
            "--answers",
            "-",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ],
        Some(&value.to_string()),
    );
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["outcome"], "meets");
    assert_eq!(r["approval"]["duration_months"], 3);
}

#[test]
fn batch_gives_one_result_per_line_and_keeps_going_after_errors() {
    let o = precheck(&["check", "--batch", "examples/batch.jsonl"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["outcome"], "does_not_meet");
    assert_eq!(lines[0]["id"], "req-1");
    let bad =
        "{\"policy\": \"NOPE\"}\n{\"policy\": \"CP.PHAR.533\", \"as_of\": \"2026-11-22\", \"answers\": {}}\nnot json\n";
    let o = precheck(&["check", "--batch", "-", "--as-of", "2026-11-22"], Some(bad));
    assert_eq!(o.status.code(), Some(1));
    let out: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(out.len(), 3);
    assert!(out[0]["error"].as_str().is_some_and(|e| e.contains("NOPE")));
    assert_eq!(out[1]["outcome"], "incomplete");
    assert!(out[2]["error"].is_string());
}

#[test]
fn lookup_maps_codes_to_policies() {
    for (code, policy) in [
        ("Q2056", "CP.PHAR.533"),
        ("q2055", "CPCT.MNG.ABECMA"),
        ("J3590", "CP.PHAR.244"),
        ("62362", "CP.MP.173"),
        ("19318", "MC.CP.MP.31"),
    ] {
        let o = precheck(&["lookup", code], None);
        assert!(o.status.success(), "{code}: {}", stderr(&o));
        assert!(stdout(&o).contains(policy), "{code}");
    }
    rejects(&["lookup", "99999"], None, "`99999`");
}

/// Issue 21: a pump's code names the pain pump policy and the policies its answers route to
/// (intrathecal baclofen, pumps for other indications).
#[test]
fn issue_21_lookup_names_the_routes_of_a_pump_code() {
    let o = precheck(&["lookup", "E0783"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("CP.MP.173"), "{text}");
    assert!(text.contains("may be referred to: CP.PHAR.149"), "{text}");
    assert!(text.contains("CP.MP.107"), "{text}");
    let o = precheck(&["lookup", "E0783", "--format", "json"], None);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let routes: Vec<&str> = list[0]["routes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["policy"].as_str())
        .collect();
    assert_eq!(routes, ["CP.PHAR.149", "CP.MP.107"]);
}

#[test]
fn exports_every_policy_as_json_logic() {
    for id in [
        "CP.PHAR.533",
        "CP.PHAR.244",
        "CP.MP.173",
        "MC.CP.MP.31",
        "CPCT.MNG.ABECMA",
    ] {
        let o = precheck(&["export", "jsonlogic", id], None);
        assert!(o.status.success(), "{id}: {}", stderr(&o));
        let out: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(out["policy"], id);
        let sections = out["sections"].as_array().expect("sections");
        assert_eq!(sections.len(), policies::get(id).expect("policy").policy.sections.len());
        for s in sections {
            assert!(s["id"].is_string() && s["effect"].is_string(), "{id}: {s}");
            assert!(!s["applies"].is_null() && !s["criteria"].is_null(), "{id}: {s}");
        }
        assert_eq!(
            stdout(&o),
            stdout(&precheck(&["export", "jsonlogic", id], None)),
            "{id}: deterministic"
        );
    }
    rejects(&["export", "jsonlogic", "NOPE"], None, "unknown policy `NOPE`");
    let o = precheck(&["export", "yaml", "CP.PHAR.533"], None);
    assert!(!o.status.success());
}

#[test]
fn validate_reports_locations() {
    let o = precheck(&["validate", "crates/policies/data/carvykti.json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = std::env::temp_dir().join(format!("precheck-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"id": "X", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01", "questions": [],
        "sections": [{"id": "I", "title": "t", "kind": "initial", "effect": "criteria",
        "criteria": {"id": "I.1", "label": "l", "check": {"yes": "ghost"}}}]}"#,
    )
    .expect("write");
    let o = precheck(&["validate", bad.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bad.json: sections[0].criteria.check: unknown question `ghost`"),
        "{err}"
    );
}

#[test]
fn bad_input_gets_one_line_naming_the_field() {
    let base = ["check", "CP.PHAR.533", "--as-of", "2026-11-22", "--answers", "-"];
    rejects(
        &["check", "NOPE", "--answers", "-"],
        Some("{}"),
        "unknown policy `NOPE`",
    );
    rejects(&base, Some("{\"request_type\": "), "not valid JSON");
    rejects(&base, Some("[1, 2]"), "JSON object");
    rejects(&base, Some("{\"ghost\": 1}"), "`ghost`");
    rejects(&base, Some("{\"cns_involvement\": \"no\"}"), "`cns_involvement`");
    rejects(&base, Some("{\"spep_m_protein\": -1}"), "`spep_m_protein`");
    rejects(&base, Some("{\"spep_m_protein\": 1e308}"), "`spep_m_protein`");
    rejects(&base, Some("{\"spep_date\": \"2026-02-30\"}"), "`spep_date`");
    rejects(&base, Some("{\"spep_date\": \"2027-01-01\"}"), "after the as-of date");
    rejects(&base, Some("{\"diagnosis\": \"flu\"}"), "`diagnosis`");
    rejects(
        &base,
        Some("{\"flc_involved\": {\"value\": 10, \"unit\": \"mmol/L\"}}"),
        "`flc_involved`",
    );
    rejects(
        &["check", "CP.PHAR.533", "--as-of", "2026-13-01", "--answers", "-"],
        Some("{}"),
        "as-of date `2026-13-01`",
    );
    rejects(
        &["check", "CP.PHAR.533", "--line-of-business", "vip", "--answers", "-"],
        Some("{}"),
        "`vip`",
    );
    rejects(
        &["check", "CP.PHAR.533", "--answers", "no-such-file.json"],
        None,
        "no-such-file.json",
    );
}

#[test]
fn warns_about_a_policy_last_reviewed_over_a_year_ago() {
    // CP.PHAR.244 was last reviewed in 2024-02.
    let o = precheck(
        &["check", "CP.PHAR.244", "--answers", "-", "--as-of", "2026-11-22"],
        Some("{}"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("WARNING: CP.PHAR.244 was last reviewed 2024-02, 33 months before the as-of date"),
        "{}",
        stdout(&o)
    );
    let json = precheck(
        &[
            "check",
            "CP.PHAR.244",
            "--answers",
            "-",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ],
        Some("{}"),
    );
    let r: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(r["freshness"]["stale"], true);
    assert_eq!(r["freshness"]["last_review"], "2024-02");
    let fresh = precheck(
        &["check", "CP.PHAR.533", "--answers", "-", "--as-of", "2026-11-22"],
        Some("{}"),
    );
    assert!(!stdout(&fresh).contains("WARNING"));
}

#[test]
fn issue_11_prefills_from_a_patient_record_and_typed_answers_win() {
    let record = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "pat-1", "birthDate": "1958-04-12"}},
        {"resource": {"resourceType": "Condition", "id": "dx-1", "recordedDate": "2023-05-02",
          "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02"}]}}},
        {"resource": {"resourceType": "Condition", "id": "dx-0", "verificationStatus": {"coding": [{"code": "entered-in-error"}]},
          "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}}]}"#;
    let o = precheck(
        &["prefill", "CPCT.MNG.ABECMA", "--bundle", "-", "--as-of", "2026-11-22"],
        Some(record),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(
        v["answers"],
        serde_json::json!({"birth_date": "1958-04-12", "diagnosis": "multiple_myeloma"})
    );
    assert_eq!(v["ignored"][0]["source"]["id"], "dx-0");
    assert_eq!(v["ignored"][0]["reason"]["kind"], "entered_in_error");
    let text = precheck(
        &[
            "prefill",
            "CPCT.MNG.ABECMA",
            "--bundle",
            "-",
            "--as-of",
            "2026-11-22",
            "--format",
            "text",
        ],
        Some(record),
    );
    assert!(
        stdout(&text).contains("Condition dx-1, 2023-05-02"),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains("entered in error"), "{}", stdout(&text));
    // The record's diagnosis is overridden by the typed one.
    let dir = std::env::temp_dir().join("precheck-issue-11");
    let _ = std::fs::create_dir_all(&dir);
    let typed = dir.join("typed.json");
    let _ = std::fs::write(&typed, r#"{"diagnosis": "other"}"#);
    let checked = precheck(
        &[
            "check",
            "CPCT.MNG.ABECMA",
            "--bundle",
            "-",
            "--answers",
            typed.to_str().unwrap_or_default(),
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ],
        Some(record),
    );
    assert!(checked.status.success(), "{}", stderr(&checked));
    let r: serde_json::Value = serde_json::from_str(&stdout(&checked)).expect("json");
    assert_eq!(r["outcome"], "does_not_meet", "{r}");
    // Not FHIR: one clear line, exit 2.
    let bad = precheck(
        &["prefill", "CPCT.MNG.ABECMA", "--bundle", "-", "--as-of", "2026-11-22"],
        Some("[1]"),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("expected a FHIR Bundle or resource"),
        "{}",
        stderr(&bad)
    );
}

/// Runs `precheck prefill` on a record given as text, for Abecma as of 2026-11-22.
fn prefill_text(record: &str) -> Output {
    precheck(
        &["prefill", "CPCT.MNG.ABECMA", "--bundle", "-", "--as-of", "2026-11-22"],
        Some(record),
    )
}

#[test]
fn issue_11_bad_records_get_a_clear_message_and_a_large_one_is_read() {
    // Not JSON, not FHIR, no patient: one line naming the problem, exit 2.
    for (text, says) in [
        ("{\"resourceType\": \"Encounter\"}", "the record holds no Patient"),
        ("{\"resourceType\": \"Bundle\", ", "not valid JSON"),
        ("\"Patient\"", "expected a FHIR Bundle or resource, got a single value"),
        ("{\"entry\": []}", "an object without a resourceType"),
    ] {
        let o = prefill_text(text);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(says), "{text}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
    // Resources no mapping reads: nothing proposed, nothing refused.
    let claims = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}},
        {"resource": {"resourceType": "Claim", "id": "c1", "status": "active"}},
        {"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished"}}]}"#;
    let o = prefill_text(claims);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["answers"], serde_json::json!({}));
    // An impossible date is set aside by the engine, named; an element of the wrong type spoils
    // only its own entry.
    let odd = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "2031-01-01"}},
        {"resource": {"resourceType": "Condition", "id": "c1", "code": {"coding": [
            {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}},
        {"resource": {"resourceType": "Condition", "id": "c2", "code": "C90.00"}}]}"#;
    let o = prefill_text(odd);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["answers"], serde_json::json!({"diagnosis": "multiple_myeloma"}));
    assert_eq!(v["ignored"][0]["reason"]["kind"], "refused", "{v}");
    assert_eq!(v["unreadable"], 1);
    // A 50 MB record: read whole, the most recent diagnosis used.
    let mut big = String::from(
        r#"{"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {"resourceType": "Patient", "id": "p1"}},"#,
    );
    let entry = r#"{"resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "X"}]}, "effectiveDateTime": "2020-01-01", "valueQuantity": {"value": 1, "unit": "mg"}, "note": [{"text": "padding padding padding padding padding padding padding padding"}]}},"#;
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(entry);
    }
    big.push_str(r#"{"resource": {"resourceType": "Condition", "id": "last", "recordedDate": "2025-01-01", "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.01"}]}}}]}"#);
    let o = prefill_text(&big);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["answers"]["diagnosis"], "multiple_myeloma");
    assert_eq!(v["proposals"][0]["sources"][0]["id"], "last");
}

#[test]
fn issue_14_lint_locates_problems_runs_cases_and_finds_copies() {
    // A shipped policy with its cases: every case passes, every criterion is seen failing.
    let o = precheck(
        &[
            "lint",
            "crates/policies/data/abecma.json",
            "--cases",
            "tests/cases/abecma.json",
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}");
    assert!(
        stdout.contains("tests/cases/abecma.json: 30 of 30 cases pass; 17 of 17 criteria seen failing"),
        "{stdout}"
    );

    let dir = std::env::temp_dir().join(format!("precheck-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/data/abecma.json")).unwrap();

    // A broken reference: named with its line, and the command fails.
    let reference = r#"{"question": "myeloma_status", "values": ["progressed"]}"#;
    assert!(text.contains(reference), "the test's reference is in the policy");
    let broken = text.replacen(
        reference,
        r#"{"question": "no_such_question", "values": ["progressed"]}"#,
        1,
    );
    std::fs::write(dir.join("broken.json"), &broken).unwrap();
    let o = precheck(&["lint", dir.join("broken.json").to_str().unwrap()], None);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    let line = broken[..broken.find("no_such_question").unwrap()].matches('\n').count() + 1;
    assert!(
        stdout.contains(&format!("broken.json:{line}:")) && stdout.contains(": error: sections[0]"),
        "{stdout}"
    );

    // A source document with a criterion's label word for word: a warning with its path.
    let label = "Indications other than the one above are experimental or investigational and not medically necessary";
    assert!(text.contains(label), "the test's label is in the policy");
    let source = dir.join("source.txt");
    std::fs::write(&source, format!("Some preamble.\n\n3. {label}, as the plan says.\n")).unwrap();
    let o = precheck(
        &[
            "lint",
            "crates/policies/data/abecma.json",
            "--source",
            source.to_str().unwrap(),
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}");
    assert!(
        stdout.contains("warning: sections[1].criteria.label: repeats 14 words of"),
        "{stdout}"
    );

    // A revision against the shipped file: the age raised to 70. Each case it reaches is
    // reported with where the change starts; the cases that expected 18 now fail.
    let age = r#"{"qty": [18, "years"]}"#;
    assert!(text.contains(age), "the test's threshold is in the policy");
    std::fs::write(
        dir.join("revised.json"),
        text.replacen(age, r#"{"qty": [70, "years"]}"#, 1),
    )
    .unwrap();
    let o = precheck(
        &[
            "lint",
            dir.join("revised.json").to_str().unwrap(),
            "--cases",
            "tests/cases/abecma.json",
            "--earlier",
            "crates/policies/data/abecma.json",
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    let changed: Vec<&str> = stdout.lines().filter(|l| l.contains(": changed: ")).collect();
    assert!(!changed.is_empty(), "{stdout}");
    assert!(
        changed.iter().all(|l| l.contains("; A.1-age met -> not met")),
        "{stdout}"
    );
    assert!(
        stdout.contains("against crates/policies/data/abecma.json: 30 cases, 13 with another outcome, 10 with other"),
        "{stdout}"
    );
    let o = precheck(
        &[
            "lint",
            "crates/policies/data/abecma.json",
            "--earlier",
            "crates/policies/data/abecma.json",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("give --cases too"));
    let _ = std::fs::remove_dir_all(&dir);
}
