//! `precheck diff` end to end: a changed copy of the Carvykti policy replayed over the clinical
//! case corpus changes exactly the cases the change touches, each naming the criterion.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const CARVYKTI: &str = "crates/policies/data/carvykti.json";
/// The corpus case at the age and dose limits: it meets today and must fail both new limits.
const EDGES: &str = "I.A meets at the edges";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn precheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_precheck"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("precheck runs")
}

/// A scratch folder with the changed policy (age 18 → 21, dose cap 100 → 80 million cells) and
/// a JSON-lines file of every corpus case, of every policy, plus two made-up Carvykti cases.
fn fixture(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("precheck-diff-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(root().join(CARVYKTI)).unwrap();
    for old in [r#""qty": [18, "years"]"#, r#""qty": [100, "million cells"]"#] {
        assert_eq!(text.matches(old).count(), 1, "{old} appears once in {CARVYKTI}");
    }
    let changed = text
        .replace(r#""qty": [18, "years"]"#, r#""qty": [21, "years"]"#)
        .replace(r#""qty": [100, "million cells"]"#, r#""qty": [80, "million cells"]"#);
    let new = dir.join("carvykti-new.json");
    std::fs::write(&new, changed).unwrap();

    let mut lines = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut first_meets = None;
    for file in files {
        let corpus: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in corpus["cases"].as_array().unwrap() {
            let mut line = json!({"id": case["name"], "policy": corpus["policy"], "answers": case["answers"],
                                  "as_of": case["as_of"]});
            if let Some(lob) = case.get("line_of_business") {
                line["line_of_business"] = lob.clone();
            }
            if corpus["policy"] == "CP.PHAR.533" && case["outcome"] == "meets" && first_meets.is_none() {
                first_meets = Some(line.clone());
            }
            lines.push(line.to_string());
        }
    }
    // The first meeting case at 20 years old: only the age limit catches it.
    let mut twenty = first_meets.expect("a Carvykti case that meets");
    twenty["id"] = "twenty".into();
    twenty["answers"]["birth_date"] = "2006-06-01".into();
    lines.push(twenty.to_string());
    // Already too young; a dose of 90 adds a second reason under the new cap.
    let mut second = twenty.clone();
    second["id"] = "second-reason".into();
    second["answers"]["birth_date"] = "2010-01-01".into();
    second["answers"]["dose_million_cells"] = 90.into();
    lines.push(second.to_string());
    let cases = dir.join("cases.jsonl");
    std::fs::write(&cases, lines.join("\n") + "\n").unwrap();
    (new, cases)
}

fn criteria_of(report: &Value) -> Vec<(String, String, String)> {
    report["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["old"].as_str().unwrap().to_string(),
                c["new"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn met_to_not_met(ids: &[&str]) -> Vec<(String, String, String)> {
    ids.iter()
        .map(|id| (id.to_string(), "met".to_string(), "not_met".to_string()))
        .collect()
}

#[test]
fn exactly_the_touched_cases_change_each_naming_its_criterion() {
    let (new, cases) = fixture("json");
    let o = precheck(&[
        "diff",
        CARVYKTI,
        new.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let reports: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids[0].starts_with(EDGES), "{ids:?}");
    assert_eq!(ids[1..], ["twenty", "second-reason"]);

    let edges = &reports[0];
    assert_eq!(
        (edges["old_outcome"].as_str(), edges["new_outcome"].as_str()),
        (Some("meets"), Some("does_not_meet"))
    );
    assert_eq!(criteria_of(edges), met_to_not_met(&["I.A.3", "I.A.10"]));
    assert_eq!(edges["failed"], json!({"added": ["I.A.3", "I.A.10"], "removed": []}));

    let twenty = &reports[1];
    assert_eq!(twenty["outcome_changed"], true);
    assert_eq!(criteria_of(twenty), met_to_not_met(&["I.A.3"]));

    // The verdict stands, but the new cap is a second reason: reported, not counted as changed.
    let second = &reports[2];
    assert_eq!(second["outcome_changed"], false);
    assert_eq!(second["new_outcome"], "does_not_meet");
    assert_eq!(criteria_of(second), met_to_not_met(&["I.A.10"]));

    let carvykti_cases = std::fs::read_to_string(root().join("tests/cases/carvykti.json")).unwrap();
    let n: Value = serde_json::from_str(&carvykti_cases).unwrap();
    let n = n["cases"].as_array().unwrap().len() + 2;
    assert!(
        err.starts_with(&format!(
            "{n} cases, 2 changed: meets → does_not_meet 2; 1 with the same outcome"
        )),
        "{err}"
    );
    assert!(err.contains("skipped (another policy); 0 in error"), "{err}");
}

#[test]
fn the_text_report_names_the_case_the_outcomes_and_the_criterion() {
    let (new, cases) = fixture("text");
    let o = precheck(&[
        "diff",
        CARVYKTI,
        new.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains(
            "(twenty): meets → does_not_meet\n    I.A.3 Aged 18 or older: met → not met\n    failed: +I.A.3\n"
        ),
        "{text}"
    );
    let last = text.lines().last().unwrap();
    assert!(last.contains(" cases, 2 changed: meets → does_not_meet 2;"), "{last}");
}

#[test]
fn the_same_file_twice_changes_nothing() {
    let (_, cases) = fixture("same");
    let o = precheck(&["diff", CARVYKTI, CARVYKTI, "--cases", cases.to_str().unwrap()]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(" cases, 0 changed; 0 with the same outcome"), "{text}");
}

#[test]
fn a_case_the_new_version_cannot_read_is_an_error_on_its_line() {
    let dir = std::env::temp_dir().join(format!("precheck-diff-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The new version narrows the dose range: an answer of 900 is now out of range.
    let text = std::fs::read_to_string(root().join(CARVYKTI)).unwrap();
    let policy: Value = serde_json::from_str(&text).unwrap();
    let dose = policy["questions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|q| q["id"] == "dose_million_cells")
        .unwrap();
    let mut narrowed = policy.clone();
    narrowed["questions"][dose]["max"] = 500.into();
    let new = dir.join("new.json");
    std::fs::write(&new, narrowed.to_string()).unwrap();
    let cases = dir.join("cases.jsonl");
    std::fs::write(
        &cases,
        r#"{"policy": "CP.PHAR.533", "as_of": "2026-11-22", "answers": {"dose_million_cells": 900}}
{"policy": "CP.PHAR.533", "as_of": "2026-11-22", "answers": {"dose_million_cells": 50}}
"#,
    )
    .unwrap();
    let o = precheck(&[
        "diff",
        CARVYKTI,
        new.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("line 1: error: new policy: answer "), "{text}");
    assert!(text.contains("dose_million_cells"), "{text}");
    assert!(
        text.contains("1 cases, 0 changed;") && text.contains("1 in error"),
        "{text}"
    );
}

#[test]
fn a_policy_file_that_does_not_load_is_one_error_line() {
    let o = precheck(&["diff", CARVYKTI, "no-such.json", "--cases", "no-such.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no-such.json"), "{err}");
}
