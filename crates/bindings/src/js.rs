//! The `wasm-bindgen` surface: JavaScript values in, a [`Reply`] out as a plain JavaScript
//! object. No function throws; the TypeScript declarations are `precheck.d.ts`, generated from
//! the Rust types (see `types.rs`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{failure, FailureKind, Options, Reply};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../precheck.d.ts");

fn to_js<T: Serialize>(reply: &Reply<T>) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    reply.serialize(&serializer).unwrap_or_else(|e| {
        let failed: Reply<()> = Reply::Failure {
            errors: vec![failure(FailureKind::Answers, format!("cannot encode the result: {e}"))],
        };
        failed.serialize(&serializer).unwrap_or(JsValue::NULL)
    })
}

fn options(options: JsValue) -> Result<Options, crate::Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| failure(FailureKind::Options, format!("options: {e}")))
}

fn answers(answers: JsValue) -> Result<serde_json::Value, crate::Failure> {
    serde_wasm_bindgen::from_value(answers).map_err(|e| failure(FailureKind::Answers, format!("answers: {e}")))
}

/// Every policy in the library.
#[wasm_bindgen(js_name = listPolicies, unchecked_return_type = "Reply<Array<PolicySummary>>")]
pub fn list_policies() -> JsValue {
    to_js(&crate::list_policies())
}

/// A policy's questions.
#[wasm_bindgen(js_name = getQuestions, unchecked_return_type = "Reply<Array<Question>>")]
pub fn get_questions(policy_id: &str) -> JsValue {
    to_js(&crate::get_questions(policy_id))
}

/// Evaluates answers (an object of question ids to values) against a policy.
#[wasm_bindgen(unchecked_return_type = "Reply<EvaluateResult>")]
pub fn evaluate(
    policy_id: &str,
    #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> JsValue {
    let answers = match self::answers(answers) {
        Ok(v) => v,
        Err(e) => return to_js(&Reply::<()>::Failure { errors: vec![e] }),
    };
    // A closure, not the function: the reply borrows a local evaluation, so `emit` must take any
    // lifetime, which a generic function instantiated for one cannot.
    #[allow(clippy::redundant_closure)]
    crate::with_evaluation(policy_id, &answers, self::options(options), |r| to_js(r))
}

/// The same evaluation with JSON text in and out: the text of a `Reply<EvaluateResult>`.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(policy_id: &str, answers_json: &str, options_json: &str) -> String {
    crate::evaluate_json(policy_id, answers_json, options_json)
}

/// A policy's criteria as JsonLogic rules, one per section.
#[wasm_bindgen(js_name = exportJsonLogic, unchecked_return_type = "Reply<JsonLogicExport>")]
pub fn export_json_logic(policy_id: &str) -> JsValue {
    to_js(&crate::export_jsonlogic(policy_id))
}

/// The JsonLogic data object for answers (dates as day numbers), to run the exported rules on.
#[wasm_bindgen(js_name = jsonLogicData, unchecked_return_type = "Reply<Record<string, unknown>>")]
pub fn json_logic_data(
    policy_id: &str,
    #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> JsValue {
    let answers = match self::answers(answers) {
        Ok(v) => v,
        Err(e) => return to_js(&Reply::<()>::Failure { errors: vec![e] }),
    };
    to_js(&crate::jsonlogic_data(policy_id, &answers, self::options(options)))
}

/// The answers a FHIR QuestionnaireResponse (JSON text) to the policy's questionnaire holds.
#[wasm_bindgen(js_name = answersFromResponse, unchecked_return_type = "Reply<ResponseAnswers>")]
pub fn answers_from_response(policy_id: &str, response_json: &str) -> JsValue {
    to_js(&crate::answers_from_response(policy_id, response_json))
}

/// Proposed answers from a patient's FHIR R4 record (JSON text), each with its sources.
#[wasm_bindgen(unchecked_return_type = "Reply<PrefillResult>")]
pub fn prefill(
    policy_id: &str,
    record_json: &str,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> JsValue {
    to_js(&crate::prefill(policy_id, record_json, self::options(options)))
}

/// A policy library folder's manifest (`precheck library build` without Rust): `files` are the
/// folder's policy files, `worker` the built app's `sw.js` text when the folder is
/// `dist/<folder>`.
#[wasm_bindgen(js_name = libraryBuild, unchecked_return_type = "Reply<LibraryBuilt>")]
pub fn library_build(
    #[wasm_bindgen(unchecked_param_type = "Array<LibraryFile>")] files: JsValue,
    worker: Option<String>,
    folder: &str,
) -> JsValue {
    match serde_wasm_bindgen::from_value::<Vec<crate::LibraryFile>>(files) {
        Ok(files) => to_js(&crate::library_build(files, worker.as_deref(), folder)),
        Err(e) => to_js(&Reply::<()>::Failure {
            errors: vec![failure(FailureKind::Library, format!("files: {e}"))],
        }),
    }
}

/// The policies whose coding tables list a HCPCS or CPT code.
#[wasm_bindgen(js_name = lookupCode, unchecked_return_type = "Reply<Array<CodeEntry>>")]
pub fn lookup_code(code: &str) -> JsValue {
    to_js(&crate::lookup_code(code))
}
