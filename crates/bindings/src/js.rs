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
    options_of(options)
}

/// An options object, none meaning the defaults. Read as JSON first: serde-wasm-bindgen reads
/// only a struct's own fields, so an unknown (misspelt) one would pass unnoticed.
fn options_of<T: serde::de::DeserializeOwned + Default>(options: JsValue) -> Result<T, crate::Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value::<serde_json::Value>(options)
        .map_err(|e| e.to_string())
        .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
        .map_err(|e| failure(FailureKind::Options, format!("options: {e}")))
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

/// Of the unconfirmed inferred answers, those the outcome of `answers` rests on.
#[wasm_bindgen(js_name = restsOn, unchecked_return_type = "Reply<Array<string>>")]
pub fn rests_on(
    policy_id: &str,
    #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
    unconfirmed: Vec<String>,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> JsValue {
    let answers = match self::answers(answers) {
        Ok(v) => v,
        Err(e) => return to_js(&Reply::<()>::Failure { errors: vec![e] }),
    };
    to_js(&crate::rests_on(
        policy_id,
        &answers,
        &unconfirmed,
        self::options(options),
    ))
}

/// A policy library folder's manifest (`precheck library build` without Rust): `files` are the
/// folder's policy files; `worker` and `page` the built app's `sw.js` and `index.html` texts
/// when the folder is `dist/<folder>`.
#[wasm_bindgen(js_name = libraryBuild, unchecked_return_type = "Reply<LibraryBuilt>")]
pub fn library_build(
    #[wasm_bindgen(unchecked_param_type = "Array<LibraryFile>")] files: JsValue,
    worker: Option<String>,
    page: Option<String>,
    folder: &str,
) -> JsValue {
    match serde_wasm_bindgen::from_value::<Vec<crate::LibraryFile>>(files) {
        Ok(files) => to_js(&crate::library_build(files, worker.as_deref(), page.as_deref(), folder)),
        Err(e) => to_js(&Reply::<()>::Failure {
            errors: vec![failure(FailureKind::Library, format!("files: {e}"))],
        }),
    }
}

/// A policy file checked as its author needs it (`precheck lint`): its problems at their lines
/// and, with the options, its copies of the source, its cases and what a revision changes.
#[wasm_bindgen(js_name = lintPolicy, unchecked_return_type = "Reply<Lint>")]
pub fn lint_policy(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "LintOptions | undefined")] options: JsValue,
) -> JsValue {
    match options_of::<crate::LintOptions>(options) {
        Ok(options) => to_js(&crate::lint_policy(text, &options)),
        Err(e) => to_js(&Reply::<()>::Failure { errors: vec![e] }),
    }
}

/// The policies whose coding tables list a HCPCS or CPT code.
#[wasm_bindgen(js_name = lookupCode, unchecked_return_type = "Reply<Array<CodeEntry>>")]
pub fn lookup_code(code: &str) -> JsValue {
    to_js(&crate::lookup_code(code))
}

// The JavaScript half of a verdict: the reply object is built on the JS side from the packed
// indices and the handle's tables of ids (made once per handle), so a verdict crosses the
// boundary once, and every id in it is the same interned string each time.
#[wasm_bindgen(inline_js = r#"
export function success(result) {
  return { type: 'success', result };
}
export function frame(f) {
  Object.freeze(f.policy);
  return f;
}
export function stringify(value) {
  return JSON.stringify(value);
}
export function verdictReply(frame, packed, referTo, errors) {
  let i = 1;
  const take = (table) => {
    const n = packed[i++];
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = table[packed[i++]];
    return out;
  };
  const failed = take(frame.criteria);
  const missing = take(frame.questions);
  const relevant = take(frame.questions);
  return {
    type: 'success',
    result: {
      policy: frame.policy,
      as_of: frame.as_of,
      outcome: frame.outcomes[packed[0]],
      failed,
      missing,
      relevant,
      refer_to: referTo === undefined ? [] : referTo,
      errors: errors === undefined ? [] : errors,
      caveat: frame.caveat,
    },
  };
}
"#)]
extern "C" {
    fn success(result: JsValue) -> JsValue;
    fn frame(f: JsValue) -> JsValue;
    #[wasm_bindgen(catch)]
    fn stringify(value: &JsValue) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(js_name = verdictReply)]
    fn verdict_reply(frame: &JsValue, packed: &[u32], refer_to: JsValue, errors: JsValue) -> JsValue;
}

fn failed_reply(e: crate::Failure) -> JsValue {
    to_js(&Reply::<()>::Failure { errors: vec![e] })
}

fn plain<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A policy loaded once for many verdicts ([`load`]).
#[wasm_bindgen]
pub struct PolicyHandle {
    inner: crate::handle::Handle,
    /// The JS tables of the current options (`VerdictFrame`).
    frame: JsValue,
    packed: Vec<u32>,
}

impl PolicyHandle {
    /// Reads a whole answers object, unless `answers` is `undefined` (keep the answers set).
    fn read(&mut self, answers: &JsValue) -> Result<(), crate::Failure> {
        if answers.is_undefined() {
            return Ok(());
        }
        let text = stringify(answers)
            .map_err(|_| failure(FailureKind::Answers, "answers: cannot be written as JSON"))?
            .unwrap_or_default();
        self.inner.read(&text)
    }
}

#[wasm_bindgen]
impl PolicyHandle {
    /// The lean verdict (outcome, failed, missing, relevant, referrals, refused answers, with the
    /// policy, the as-of date and the caveat) of `answers`, which replace the handle's; without
    /// `answers`, of the answers set with `setAnswer`.
    #[wasm_bindgen(unchecked_return_type = "Reply<VerdictResult>")]
    pub fn verdict(&mut self, #[wasm_bindgen(unchecked_optional_param_type = "Answers")] answers: JsValue) -> JsValue {
        if let Err(e) = self.read(&answers) {
            return failed_reply(e);
        }
        let v = self.inner.verdict();
        let packed = &mut self.packed;
        packed.clear();
        packed.push(crate::handle::outcome_index(v.outcome));
        for list in [&v.failed_at, &v.missing_at, &v.relevant_at] {
            packed.push(list.len() as u32);
            packed.extend_from_slice(list);
        }
        let refer_to = if v.refer_to.is_empty() {
            JsValue::UNDEFINED
        } else {
            plain(&v.refer_to)
        };
        let errors = self.inner.errors();
        let errors = if errors.is_empty() {
            JsValue::UNDEFINED
        } else {
            plain(errors)
        };
        verdict_reply(&self.frame, packed, refer_to, errors)
    }

    /// The full result (`evaluate`'s), with the explanation tree when `explain`, of `answers`
    /// or, without them, of the answers set.
    #[wasm_bindgen(unchecked_return_type = "Reply<EvaluateResult>")]
    pub fn evaluate(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "Answers")] answers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "boolean")] explain: Option<bool>,
    ) -> JsValue {
        if let Err(e) = self.read(&answers) {
            return failed_reply(e);
        }
        to_js(&Reply::Success {
            result: self.inner.evaluate(explain.unwrap_or(false)),
        })
    }

    /// Sets one answer (`null` clears it) and checks it with the others; the reply lists the
    /// answers this change refused (none when it was taken).
    #[wasm_bindgen(js_name = setAnswer, unchecked_return_type = "Reply<Array<AnswerError>>")]
    pub fn set_answer(
        &mut self,
        question: &str,
        #[wasm_bindgen(unchecked_param_type = "AnswerValue | null")] value: JsValue,
    ) -> JsValue {
        let value: serde_json::Value = if value.is_undefined() {
            serde_json::Value::Null
        } else {
            match serde_wasm_bindgen::from_value(value) {
                Ok(v) => v,
                Err(e) => return failed_reply(failure(FailureKind::Answers, format!("`{question}`: {e}"))),
            }
        };
        to_js(&Reply::Success {
            result: self.inner.set(question, &value),
        })
    }

    /// Drops every answer.
    #[wasm_bindgen(js_name = clearAnswers)]
    pub fn clear_answers(&mut self) {
        self.inner.clear();
    }

    /// New options (`as_of`, `line_of_business`); the answers stay.
    #[wasm_bindgen(js_name = setOptions, unchecked_return_type = "Reply<null>")]
    pub fn set_options(&mut self, #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue) -> JsValue {
        match self.inner.set_options(self::options(options)) {
            Ok(()) => {
                self.frame = frame(plain(&self.inner.frame()));
                to_js(&Reply::Success { result: () })
            }
            Err(e) => failed_reply(e),
        }
    }
}

/// Loads a policy of the library for many verdicts with the same options: `verdict(answers)`
/// is the fast path a form calls on every change.
#[wasm_bindgen(unchecked_return_type = "Reply<PolicyHandle>")]
pub fn load(policy_id: &str, #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue) -> JsValue {
    match crate::handle::Handle::load(policy_id, self::options(options)) {
        Ok(inner) => {
            let frame = frame(plain(&inner.frame()));
            success(JsValue::from(PolicyHandle {
                inner,
                frame,
                packed: Vec::new(),
            }))
        }
        Err(e) => failed_reply(e),
    }
}
