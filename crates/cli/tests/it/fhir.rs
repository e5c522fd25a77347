//! `precheck fhir`: the Questionnaire of every policy and a QuestionnaireResponse to answers,
//! end to end through the binary, and bad input as a one-line error naming the field.

use std::process::{Command, Output};

use serde_json::Value;

fn precheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_precheck"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("precheck runs")
}

fn json_out(args: &[&str]) -> Value {
    let o = precheck(args);
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("json on stdout")
}

fn link_ids(resource: &Value) -> Vec<String> {
    resource["item"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["linkId"].as_str().expect("linkId").to_owned())
        .collect()
}

#[test]
fn every_policy_has_a_questionnaire_in_form_order() {
    for id in [
        "CP.PHAR.533",
        "CP.PHAR.244",
        "CP.MP.173",
        "MC.CP.MP.31",
        "CPCT.MNG.ABECMA",
    ] {
        let q = json_out(&["fhir", "questionnaire", id]);
        assert_eq!(q["resourceType"], "Questionnaire");
        assert_eq!(q["status"], "active");
        assert_eq!(q["url"], format!("urn:precheck:policy:{id}"));
        let questions = json_out(&["questions", id, "--format", "json"]);
        let expected: Vec<String> = questions
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| q["id"].as_str().expect("id").to_owned())
            .collect();
        // Every question in form order; after some, the items for "not done", "may be
        // incomplete" and "no prior lines" (issue 9).
        let questions_only: Vec<String> = link_ids(&q)
            .into_iter()
            .filter(|l| ![".not-done", ".incomplete", ".none"].iter().any(|s| l.ends_with(s)))
            .collect();
        assert_eq!(questions_only, expected, "{id}");
    }
}

#[test]
fn issue_9_check_reads_a_questionnaire_response() {
    let dir = std::env::temp_dir().join(format!("precheck-fhir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let answers = dir.join("answers.json");
    let mut example: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/carvykti-answers.json"
        ))
        .unwrap(),
    )
    .unwrap();
    example["dose_million_cells"] = 75.into();
    example["upep_m_protein"] = serde_json::json!({"not_done": true});
    std::fs::write(&answers, example.to_string()).unwrap();
    let common = ["--as-of", "2026-11-22", "--line-of-business", "commercial"];
    let qr = precheck(
        &[
            &[
                "fhir",
                "response",
                "CP.PHAR.533",
                "--answers",
                answers.to_str().unwrap(),
            ][..],
            &common[..],
        ]
        .concat(),
    );
    assert!(qr.status.success(), "{}", String::from_utf8_lossy(&qr.stderr));
    let response = dir.join("qr.json");
    std::fs::write(&response, &qr.stdout).unwrap();
    let direct = json_out(
        &[
            &[
                "check",
                "CP.PHAR.533",
                "--answers",
                answers.to_str().unwrap(),
                "--format",
                "json",
            ][..],
            &common[..],
        ]
        .concat(),
    );
    let read = json_out(
        &[
            &[
                "check",
                "CP.PHAR.533",
                "--response",
                response.to_str().unwrap(),
                "--format",
                "json",
            ][..],
            &common[..],
        ]
        .concat(),
    );
    assert_eq!(direct["outcome"], "meets");
    for key in ["outcome", "failed", "missing", "relevant"] {
        assert_eq!(read[key], direct[key], "{key}");
    }
    // A response to another form, and an item that is not a question, are refused by name.
    std::fs::write(&response, r#"{"resourceType": "QuestionnaireResponse", "item": [{"linkId": "nope", "answer": [{"valueBoolean": true}]}]}"#).unwrap();
    let o = precheck(&[
        "check",
        "CP.PHAR.533",
        "--response",
        response.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`nope`") && err.lines().count() == 1, "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn carvykti_gates_become_enable_when() {
    let q = json_out(&["fhir", "questionnaire", "CP.PHAR.533"]);
    let items = q["item"].as_array().expect("items");
    let request = items
        .iter()
        .find(|i| i["linkId"] == "request_type")
        .expect("request_type");
    assert!(request.get("enableWhen").is_none(), "the first gate is always shown");
    // Some question behind section I.A's two gates carries both, required together.
    let gated = items
        .iter()
        .find(|i| i["enableBehavior"] == "all")
        .expect("an item gated by all of several conditions");
    let questions: Vec<&str> = gated["enableWhen"]
        .as_array()
        .expect("enableWhen")
        .iter()
        .map(|e| e["question"].as_str().expect("question"))
        .collect();
    assert!(questions.contains(&"request_type"), "{questions:?}");
}

#[test]
fn response_to_the_worked_example() {
    let r = json_out(&[
        "fhir",
        "response",
        "CP.PHAR.533",
        "--answers",
        "examples/carvykti-answers.json",
        "--as-of",
        "2026-11-22",
        "--line-of-business",
        "commercial",
    ]);
    assert_eq!(r["resourceType"], "QuestionnaireResponse");
    assert_eq!(r["status"], "in-progress", "the example still misses the dose");
    assert_eq!(r["authored"], "2026-11-22");
    assert!(r["questionnaire"]
        .as_str()
        .expect("canonical")
        .starts_with("urn:precheck:policy:CP.PHAR.533|"));
    let ids = link_ids(&r);
    assert!(ids.contains(&"request_type".to_owned()), "{ids:?}");
    assert!(!ids.contains(&"dose_million_cells".to_owned()), "unanswered");
}

#[test]
fn hidden_answers_leave_the_response() {
    let dir = std::env::temp_dir().join(format!("precheck-fhir-hidden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("answers.json");
    // `label_change` only matters for diagnoses other than myeloma.
    std::fs::write(
        &file,
        r#"{"request_type": "initial", "diagnosis": "multiple_myeloma", "label_change": true}"#,
    )
    .expect("write answers");
    let path = file.to_str().expect("utf-8 path");
    let r = json_out(&[
        "fhir",
        "response",
        "CP.PHAR.533",
        "--answers",
        path,
        "--as-of",
        "2026-11-22",
    ]);
    let ids = link_ids(&r);
    assert_eq!(ids[..2], ["request_type", "diagnosis"]);
    assert!(!ids.contains(&"label_change".to_owned()), "{ids:?}");
    assert_eq!(r["item"][0]["answer"][0]["valueCoding"]["code"], "initial");

    std::fs::write(&file, r#"{"request_type": "initial", "diagnosis": "nope"}"#).expect("write answers");
    let o = precheck(&[
        "fhir",
        "response",
        "CP.PHAR.533",
        "--answers",
        path,
        "--as-of",
        "2026-11-22",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`diagnosis`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_one_line_naming_the_field() {
    for (args, needle) in [
        (vec!["fhir", "questionnaire", "NO.SUCH"], "NO.SUCH"),
        (
            vec![
                "fhir",
                "response",
                "CP.PHAR.533",
                "--answers",
                "-",
                "--as-of",
                "2026-02-30",
            ],
            "as-of",
        ),
        (
            vec![
                "fhir",
                "response",
                "CP.PHAR.533",
                "--answers",
                "examples/carvykti-answers.json",
                "--line-of-business",
                "nope",
            ],
            "line of business",
        ),
        (
            vec!["fhir", "response", "CP.PHAR.533", "--answers", "missing.json"],
            "missing.json",
        ),
    ] {
        let o = precheck(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} should fail");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: `{needle}` not in {err}");
    }
}
