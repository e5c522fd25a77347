//! The `wasm-bindgen` surface: JavaScript values in and out, TypeScript types for the package.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{
    answers_from_response_value, export_jsonlogic_value, jsonlogic_data_value, lookup_value, policies_value,
    questions_value, Options,
};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of an evaluation. `asOf` is required: the engine reads no clock. */
export interface EvaluateOptions {
  asOf: string;
  lineOfBusiness?: "commercial" | "marketplace" | "medicaid" | "medicare";
  /** Include the explained criteria tree (`sections`). */
  explain?: boolean;
}
export type Outcome = "meets" | "does_not_meet" | "incomplete" | "refer";
export interface PolicySummary {
  id: string; title: string; subject: string; issuer: string; plan: string;
  linesOfBusiness: string[]; effective?: string; lastReview: string; codes: string[];
}
export interface Question {
  id: string; prompt: string; help?: string;
  type: "yes_no" | "number" | "date" | "choice" | "multi_choice" | "drug_list" | "therapy_lines";
  unit?: string; accepts_units?: string[]; min?: number; max?: number; integer?: boolean;
  options?: { value: string; label: string }[]; classes?: string[];
}
export interface Referral { line_of_business?: string; policy?: string; label: string }
export interface EvaluateResult {
  policy: { id: string; title: string; subject: string; issuer: string; plan: string; effective?: string; last_review: string };
  asOf: string;
  lineOfBusiness?: string;
  outcome: Outcome;
  /** How current the policy is: `stale` when the last review is over 12 months before `asOf`. */
  freshness: { effective?: string; last_review: string; months_since_review: number; stale: boolean };
  /** Criterion ids that definitively fail, in the policy's numbering. */
  failed: string[];
  /** Question ids still needed, in form order. */
  missing: string[];
  relevant: string[];
  progress: { answered: number; needed: number };
  approval?: { section: string; duration: string; duration_months?: number; quantity?: string };
  doseChecks: { criterion: string; label: string; status: string; used: unknown[] }[];
  referTo: Referral[];
  documentation: string[];
  notes: string[];
  values: { id: string; label: string; value?: number; unit: string }[];
  /** Answers that were refused, each naming its question; every other answer still counts. */
  errors: { question: string; message: string }[];
  caveat: string;
  sections?: unknown[];
}
export interface CodeEntry { code: string; system: string; label: string; policy: string }
/** Answers read from a FHIR QuestionnaireResponse, and the items that could not be read. */
export interface ResponseAnswers {
  answers: Record<string, unknown>;
  errors: { question: string; message: string }[];
}
/** A policy's criteria as JsonLogic rules; the data convention is in `interop::jsonlogic`. */
export interface JsonLogicExport {
  policy: string;
  convention: string;
  sections: { id: string; applies: unknown; criteria: unknown; effect: "criteria" | "deny" }[];
}
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Answers and options as JavaScript passes them, each error naming which argument was wrong.
fn inputs(answers: JsValue, options: JsValue) -> Result<(serde_json::Value, Options), JsError> {
    let answers = serde_wasm_bindgen::from_value(answers).map_err(|e| JsError::new(&format!("answers: {e}")))?;
    let options = serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("options: {e}")))?;
    Ok((answers, options))
}

/// Every policy in the library.
#[wasm_bindgen(js_name = listPolicies, unchecked_return_type = "PolicySummary[]")]
pub fn list_policies() -> Result<JsValue, JsError> {
    to_js(&policies_value())
}

/// A policy's questions; throws for an unknown policy.
#[wasm_bindgen(js_name = getQuestions, unchecked_return_type = "Question[]")]
pub fn get_questions(policy_id: &str) -> Result<JsValue, JsError> {
    to_js(&questions_value(policy_id).map_err(|e| JsError::new(&e))?)
}

/// Evaluates answers (an object of question ids to values) against a policy.
#[wasm_bindgen(unchecked_return_type = "EvaluateResult")]
pub fn evaluate(
    policy_id: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] answers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let (answers, options) = inputs(answers, options)?;
    crate::with_result(policy_id, &answers, &options, |view| to_js(view)).map_err(|e| JsError::new(&e))?
}

/// The same evaluation with JSON text in and out (often faster for large answers).
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(policy_id: &str, answers_json: &str, options_json: &str) -> String {
    crate::evaluate_json(policy_id, answers_json, options_json)
}

/// A policy's criteria as JsonLogic rules, one per section; throws for an unknown policy.
#[wasm_bindgen(js_name = exportJsonLogic, unchecked_return_type = "JsonLogicExport")]
pub fn export_json_logic(policy_id: &str) -> Result<JsValue, JsError> {
    to_js(&export_jsonlogic_value(policy_id).map_err(|e| JsError::new(&e))?)
}

/// The JsonLogic data object for answers (dates as day numbers), to run the exported rules on.
#[wasm_bindgen(js_name = jsonLogicData, unchecked_return_type = "Record<string, unknown>")]
pub fn json_logic_data(
    policy_id: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] answers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let (answers, options) = inputs(answers, options)?;
    to_js(&jsonlogic_data_value(policy_id, &answers, &options).map_err(|e| JsError::new(&e))?)
}

/// The answers a FHIR QuestionnaireResponse (JSON text) to the policy's questionnaire holds;
/// throws when the text is not such a response.
#[wasm_bindgen(js_name = answersFromResponse, unchecked_return_type = "ResponseAnswers")]
pub fn answers_from_response(policy_id: &str, response_json: &str) -> Result<JsValue, JsError> {
    to_js(&answers_from_response_value(policy_id, response_json).map_err(|e| JsError::new(&e))?)
}

/// The policies whose coding tables list a HCPCS or CPT code.
#[wasm_bindgen(js_name = lookupCode, unchecked_return_type = "CodeEntry[]")]
pub fn lookup_code(code: &str) -> Result<JsValue, JsError> {
    to_js(&lookup_value(code))
}
