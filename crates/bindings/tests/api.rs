//! The JavaScript API as JavaScript sees it, under Node (`wasm-pack test --node crates/bindings`):
//! every function returns a tagged reply, with snake_case keys throughout.
#![cfg(target_arch = "wasm32")]
// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use precheck_wasm::js::{
    answers_from_response, evaluate, evaluate_json, get_questions, lint_policy, list_policies, lookup_code,
};
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

/// The result of a successful reply.
fn success(v: JsValue) -> Value {
    let reply = from_js(v);
    assert_eq!(reply["type"], "success", "{reply}");
    reply["result"].clone()
}

/// The kind of a failed reply's first error.
fn failure(v: JsValue) -> Value {
    let reply = from_js(v);
    assert_eq!(reply["type"], "failure", "{reply}");
    reply["errors"][0]["kind"].clone()
}

#[wasm_bindgen_test]
fn lists_policies_and_questions() {
    let list = success(list_policies());
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(ids.contains(&"CP.PHAR.533") && ids.len() >= 5, "{ids:?}");
    assert!(list[0]["lines_of_business"].is_array());
    let questions = success(get_questions("CP.PHAR.244"));
    assert!(questions.as_array().unwrap().iter().any(|q| q["id"] == "weight"));
    assert_eq!(failure(get_questions("NOPE")), "unknown_policy");
}

#[wasm_bindgen_test]
fn evaluates_objects_and_json() {
    let answers = json!({"diagnosis": "other"});
    let r = success(evaluate(
        "CPCT.MNG.ABECMA",
        to_js(&answers),
        to_js(&json!({"as_of": "2026-11-22"})),
    ));
    assert_eq!(r["outcome"], "does_not_meet");
    assert_eq!(r["failed"], json!(["L.3"]));
    assert_eq!(r["as_of"], "2026-11-22");
    assert!(r["dose_checks"].is_array());
    let explained = success(evaluate(
        "CPCT.MNG.ABECMA",
        to_js(&json!({"diagnosis": "multiple_myeloma"})),
        to_js(&json!({"as_of": "2026-11-22", "explain": true})),
    ));
    assert_eq!(explained["outcome"], "incomplete");
    assert!(explained["sections"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["tree"].is_object()));
    let text = evaluate_json(
        "CPCT.MNG.ABECMA",
        r#"{"birth_date": "not a date"}"#,
        r#"{"as_of": "2026-11-22"}"#,
    );
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["result"]["errors"][0]["question"], "birth_date");
    assert_eq!(parsed["result"]["errors"][0]["kind"], "bad_date");
}

#[wasm_bindgen_test]
fn refuses_bad_calls_with_a_kind_and_never_throws() {
    assert_eq!(
        failure(evaluate("CPCT.MNG.ABECMA", to_js(&json!({})), to_js(&json!({})))),
        "options",
        "as_of is required"
    );
    assert_eq!(
        failure(evaluate(
            "NOPE",
            to_js(&json!({})),
            to_js(&json!({"as_of": "2026-11-22"}))
        )),
        "unknown_policy"
    );
    assert_eq!(
        failure(evaluate(
            "CPCT.MNG.ABECMA",
            JsValue::from(3),
            to_js(&json!({"as_of": "2026-11-22"}))
        )),
        "answers"
    );
    let hits = success(lookup_code("q2056"));
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
    let read = success(answers_from_response("CP.PHAR.533", &qr.to_string()));
    assert_eq!(
        read["answers"],
        json!({"request_type": "initial", "upep_m_protein": {"not_done": true}, "prior_car_t": []})
    );
    assert_eq!(read["errors"][0]["question"], "nope");
    assert_eq!(read["errors"][0]["kind"], "unknown_question");
    let r = success(evaluate(
        "CP.PHAR.533",
        to_js(&read["answers"]),
        to_js(&json!({"as_of": "2026-11-22"})),
    ));
    assert_eq!(r["errors"], json!([]));
    assert_eq!(
        failure(answers_from_response("CP.PHAR.533", r#"{"resourceType": "Patient"}"#)),
        "response"
    );
}

#[wasm_bindgen_test]
fn lints_a_policy_file_with_its_cases_and_an_earlier_version() {
    let text = include_str!("../../policies/data/abecma.json");
    let cases = include_str!("../../../tests/cases/abecma.json");
    // Valid, with every case passing and every criterion seen failing.
    let r = success(lint_policy(text, to_js(&json!({"cases": cases}))));
    assert_eq!(r["policy"], "CPCT.MNG.ABECMA");
    assert_eq!(r["cases"]["type"], "ran");
    assert_eq!(r["cases"]["passed"], r["cases"]["results"].as_array().unwrap().len());
    assert_eq!(r["cases"]["coverage"]["never_failed"], json!([]));
    // A revision: the cases it changes, each starting at the criterion changed.
    let revised = text.replacen(r#"{"qty": [18, "years"]}"#, r#"{"qty": [70, "years"]}"#, 1);
    let r = success(lint_policy(&revised, to_js(&json!({"cases": cases, "earlier": text}))));
    let changes = r["cases"]["revision"]["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(changes
        .iter()
        .all(|c| c["change"]["type"] == "compared" && c["change"]["criteria"][0]["id"] == "A.1-age"));
    // A broken file: its problems, located, as the result; a broken earlier version: a failure.
    let broken = text.replacen("\"myeloma_status\"", "\"no_such_question\"", 2);
    let r = success(lint_policy(&broken, JsValue::UNDEFINED));
    assert!(r["policy"].is_null());
    assert!(r["problems"][0]["line"].as_u64().unwrap() > 1, "{r}");
    assert_eq!(failure(lint_policy(text, to_js(&json!({"earlier": "{"})))), "earlier");
    assert_eq!(failure(lint_policy(text, to_js(&json!({"nope": 1})))), "options");
}

#[wasm_bindgen_test]
fn a_misspelt_option_is_refused_not_ignored() {
    let answers = to_js(&json!({"diagnosis": "other"}));
    let options = to_js(&json!({"as_of": "2026-11-22", "line_of_busines": "commercial"}));
    assert_eq!(failure(evaluate("CPCT.MNG.ABECMA", answers, options)), "options");
}
