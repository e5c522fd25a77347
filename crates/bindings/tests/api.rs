//! The JavaScript API as JavaScript sees it, under Node (`wasm-pack test --node crates/bindings`).
#![cfg(target_arch = "wasm32")]
// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use precheck_wasm::js::{answers_from_response, evaluate, evaluate_json, get_questions, list_policies, lookup_code};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A plain JavaScript object, as a caller would pass (not a `Map`).
fn to_js(v: &Value) -> JsValue {
    use serde::Serialize;
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn from_js(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).unwrap()
}

#[wasm_bindgen_test]
fn lists_policies_and_questions() {
    let list = from_js(list_policies().unwrap());
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(ids.contains(&"CP.PHAR.533") && ids.len() >= 5, "{ids:?}");
    let questions = from_js(get_questions("CP.PHAR.244").unwrap());
    assert!(questions.as_array().unwrap().iter().any(|q| q["id"] == "weight"));
    assert!(get_questions("NOPE").is_err());
}

#[wasm_bindgen_test]
fn evaluates_objects_and_json() {
    let answers = json!({"diagnosis": "other"});
    let r = from_js(
        evaluate(
            "CPCT.MNG.ABECMA",
            to_js(&answers),
            to_js(&json!({"asOf": "2026-11-22"})),
        )
        .unwrap(),
    );
    assert_eq!(r["outcome"], "does_not_meet");
    assert_eq!(r["failed"], json!(["L.3"]));
    assert!(r.get("sections").is_none());
    let explained = from_js(
        evaluate(
            "CPCT.MNG.ABECMA",
            to_js(&json!({})),
            to_js(&json!({"asOf": "2026-11-22", "explain": true})),
        )
        .unwrap(),
    );
    assert_eq!(explained["outcome"], "incomplete");
    assert!(explained["sections"].is_array());
    let text = evaluate_json(
        "CPCT.MNG.ABECMA",
        r#"{"birth_date": "not a date"}"#,
        r#"{"asOf": "2026-11-22"}"#,
    );
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["errors"][0]["question"], "birth_date");
}

#[wasm_bindgen_test]
fn refuses_bad_calls_with_a_message() {
    assert!(
        evaluate("CPCT.MNG.ABECMA", to_js(&json!({})), to_js(&json!({}))).is_err(),
        "asOf is required"
    );
    assert!(evaluate("NOPE", to_js(&json!({})), to_js(&json!({"asOf": "2026-11-22"}))).is_err());
    let hits = from_js(lookup_code("q2056").unwrap());
    assert_eq!(hits[0]["policy"], "CP.PHAR.533");
}

#[wasm_bindgen_test]
fn issue_9_reads_answers_from_a_questionnaire_response() {
    let qr = json!({"resourceType": "QuestionnaireResponse", "questionnaire": "urn:precheck:policy:CP.PHAR.533|2026-05",
    "item": [
        {"linkId": "request_type", "answer": [{"valueCoding": {"code": "initial"}}]},
        {"linkId": "upep_m_protein.not-done", "answer": [{"valueBoolean": true}]},
        {"linkId": "prior_car_t", "answer": [{"valueCoding": {"code": "none"}}]},
        {"linkId": "nope", "answer": [{"valueBoolean": true}]}
    ]});
    let read = from_js(answers_from_response("CP.PHAR.533", &qr.to_string()).unwrap());
    assert_eq!(
        read["answers"],
        json!({"request_type": "initial", "upep_m_protein": {"not_done": true}, "prior_car_t": []})
    );
    assert_eq!(read["errors"][0]["question"], "nope");
    let r = from_js(
        evaluate(
            "CP.PHAR.533",
            to_js(&read["answers"]),
            to_js(&json!({"asOf": "2026-11-22"})),
        )
        .unwrap(),
    );
    assert_eq!(r["errors"], json!([]));
    assert!(answers_from_response("CP.PHAR.533", r#"{"resourceType": "Patient"}"#).is_err());
}
