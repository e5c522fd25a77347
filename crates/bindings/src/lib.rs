//! Precheck's JavaScript API. The plain-Rust layer (`*_json` functions, string in, string out)
//! is tested natively; `js` wraps it with `wasm-bindgen` for the npm package. This is the only
//! crate of the workspace that knows about JavaScript.

use criteria::model::Referral;
use criteria::{
    answers_from_json, evaluate, evaluate_summary, AnswerError, Answers, ApprovalResult, Context, Date, DoseCheck,
    Freshness, LineOfBusiness, LoadedPolicy, Note, Outcome, PolicyInfo, Progress, SectionResult, ValueResult,
};
use serde::Serialize;
use serde_json::{json, Value};

pub mod js;

/// Options of an evaluation, as JavaScript passes them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// `YYYY-MM-DD`; required, since the engine reads no clock.
    pub as_of: Option<String>,
    pub line_of_business: Option<String>,
    /// Include the whole explanation tree (`sections`) in the result.
    #[serde(default)]
    pub explain: bool,
}

/// Every policy: id, title, subject, issuer, plan, lines of business, dates and codes.
pub fn policies_value() -> Value {
    Value::Array(
        policies::all()
            .iter()
            .map(|p| {
                let p = &p.policy;
                json!({"id": p.id, "title": p.title, "subject": p.subject, "issuer": p.issuer, "plan": p.plan,
                       "linesOfBusiness": p.lines_of_business, "effective": p.effective, "lastReview": p.last_review,
                       "codes": p.codes.iter().map(|c| &c.code).collect::<Vec<_>>()})
            })
            .collect(),
    )
}

/// A policy's questions, as in the policy file.
pub fn questions_value(policy: &str) -> Result<Value, String> {
    let lp = policies::get(policy).ok_or_else(|| format!("unknown policy `{policy}`"))?;
    serde_json::to_value(&lp.policy.questions).map_err(|e| e.to_string())
}

/// The result of an evaluation as the JavaScript API returns it, borrowed from the engine's
/// result so that it is serialized once, straight to JSON text or to JavaScript values.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultView<'e, 'p> {
    pub policy: &'e PolicyInfo<'p>,
    pub as_of: &'e str,
    pub line_of_business: Option<LineOfBusiness>,
    pub outcome: Outcome,
    pub freshness: &'e Freshness<'p>,
    pub failed: &'e [&'p str],
    pub missing: &'e [&'p str],
    pub relevant: &'e [&'p str],
    pub progress: Progress,
    pub approval: Option<&'e ApprovalResult<'p>>,
    pub dose_checks: &'e [DoseCheck<'p>],
    pub refer_to: &'e [&'p Referral],
    pub documentation: &'e [&'p str],
    pub notes: &'e [Note<'p>],
    pub values: &'e [ValueResult<'p>],
    pub errors: &'e [AnswerError],
    pub caveat: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<&'e [SectionResult<'p>]>,
}

/// Evaluates answers (a JSON object) against a policy and hands the result to `emit`.
///
/// Errors that make evaluation impossible (unknown policy, missing or bad as-of date, an
/// answers value that is not an object) are `Err`; a bad answer is reported in `errors` and
/// left out, and every other answer still counts. Without `explain`, the engine skips the
/// explanation tree altogether.
pub fn with_result<T>(
    policy: &str,
    answers: &Value,
    options: &Options,
    emit: impl FnOnce(&ResultView<'_, '_>) -> T,
) -> Result<T, String> {
    let (lp, answers, errors, ctx) = prepare(policy, answers, options)?;
    let r = if options.explain {
        evaluate(lp, &answers, &ctx)
    } else {
        evaluate_summary(lp, &answers, &ctx)
    };
    let view = ResultView {
        policy: &r.policy,
        as_of: &r.as_of,
        line_of_business: r.line_of_business,
        outcome: r.outcome,
        freshness: &r.freshness,
        failed: &r.failed,
        missing: &r.missing,
        relevant: &r.relevant,
        progress: r.progress,
        approval: r.approval.as_ref(),
        dose_checks: &r.dose_checks,
        refer_to: &r.refer_to,
        documentation: &r.documentation,
        notes: &r.notes,
        values: &r.values,
        errors: &errors,
        caveat: r.caveat,
        sections: options.explain.then_some(r.sections.as_slice()),
    };
    Ok(emit(&view))
}

/// Evaluates answers against a policy, as a JSON value (see [`with_result`]).
pub fn evaluate_value(policy: &str, answers: &Value, options: &Options) -> Result<Value, String> {
    with_result(policy, answers, options, |v| serde_json::to_value(v))?.map_err(|e| e.to_string())
}

/// The policy, checked answers (with the refused ones) and context of one evaluation.
type Prepared = (&'static LoadedPolicy, Answers, Vec<AnswerError>, Context);

fn prepare(policy: &str, answers: &Value, options: &Options) -> Result<Prepared, String> {
    let lp = policies::get(policy).ok_or_else(|| format!("unknown policy `{policy}`"))?;
    let as_of_text = options
        .as_of
        .as_deref()
        .ok_or("`asOf` is required (YYYY-MM-DD): the engine reads no clock")?;
    let as_of = Date::parse(as_of_text)
        .ok_or_else(|| format!("`asOf`: `{as_of_text}` is not a real date in YYYY-MM-DD form"))?;
    let line_of_business = match options.line_of_business.as_deref() {
        None | Some("") => None,
        Some(text) => Some(LineOfBusiness::parse(text).ok_or_else(|| {
            format!("`lineOfBusiness`: `{text}` is not one of commercial, marketplace, medicaid, medicare")
        })?),
    };
    let (answers, errors) = answers_from_json(lp, answers, as_of).map_err(|e| e.to_string())?;
    Ok((
        lp,
        answers,
        errors,
        Context {
            as_of,
            line_of_business,
        },
    ))
}

/// A policy's criteria as JsonLogic rules, one `{id, applies, criteria, effect}` per section
/// (see `interop::jsonlogic`), so that other engines can run the same criteria.
pub fn export_jsonlogic_value(policy: &str) -> Result<Value, String> {
    let lp = policies::get(policy).ok_or_else(|| format!("unknown policy `{policy}`"))?;
    Ok(interop::jsonlogic::export(lp))
}

/// The JsonLogic data object for answers, under the export's convention (dates as day numbers).
/// Answers are checked as for an evaluation; refused ones are left out, as there.
pub fn jsonlogic_data_value(policy: &str, answers: &Value, options: &Options) -> Result<Value, String> {
    let (lp, answers, _, ctx) = prepare(policy, answers, options)?;
    Ok(interop::jsonlogic::data(lp, &answers, &ctx))
}

/// The answers a FHIR R4 QuestionnaireResponse (to the policy's exported questionnaire)
/// holds, as `{answers, errors}`: `answers` is what [`evaluate_value`] takes, `errors` the
/// items that could not be read, each naming its question.
pub fn answers_from_response_value(policy: &str, response: &str) -> Result<Value, String> {
    let lp = policies::get(policy).ok_or_else(|| format!("unknown policy `{policy}`"))?;
    let (answers, errors) = interop::fhir::read::answers_from_response(lp, response).map_err(|e| e.to_string())?;
    Ok(json!({"answers": answers, "errors": errors}))
}

/// The policies whose coding tables list a HCPCS/CPT code.
pub fn lookup_value(code: &str) -> Value {
    Value::Array(
        policies::lookup(code)
            .into_iter()
            .map(|e| json!({"code": e.code, "system": e.system, "label": e.label, "policy": e.policy}))
            .collect(),
    )
}

/// String-in, string-out forms of the API, as cedar-wasm offers them.
pub fn evaluate_json(policy: &str, answers: &str, options: &str) -> String {
    let run = || -> Result<String, String> {
        let answers: Value = serde_json::from_str(answers).map_err(|e| format!("answers are not valid JSON: {e}"))?;
        let options: Options = if options.trim().is_empty() {
            Options::default()
        } else {
            serde_json::from_str(options).map_err(|e| format!("options: {e}"))?
        };
        with_result(policy, &answers, &options, |v| serde_json::to_string(v))?.map_err(|e| e.to_string())
    };
    match run() {
        Ok(v) => v,
        Err(e) => json!({"error": e}).to_string(),
    }
}

pub fn export_jsonlogic_json(policy: &str) -> String {
    match export_jsonlogic_value(policy) {
        Ok(v) => v.to_string(),
        Err(e) => json!({"error": e}).to_string(),
    }
}

pub fn jsonlogic_data_json(policy: &str, answers: &str, options: &str) -> String {
    let run = || -> Result<Value, String> {
        let answers: Value = serde_json::from_str(answers).map_err(|e| format!("answers are not valid JSON: {e}"))?;
        let options: Options = if options.trim().is_empty() {
            Options::default()
        } else {
            serde_json::from_str(options).map_err(|e| format!("options: {e}"))?
        };
        jsonlogic_data_value(policy, &answers, &options)
    };
    match run() {
        Ok(v) => v.to_string(),
        Err(e) => json!({"error": e}).to_string(),
    }
}

pub fn policies_json() -> String {
    policies_value().to_string()
}

pub fn lookup_json(code: &str) -> String {
    lookup_value(code).to_string()
}

pub fn questions_json(policy: &str) -> String {
    match questions_value(policy) {
        Ok(v) => v.to_string(),
        Err(e) => json!({"error": e}).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_policies_and_codes() {
        let list: Value = serde_json::from_str(&policies_json()).unwrap();
        assert_eq!(list.as_array().unwrap().len(), policies::all().len());
        let hits: Value = serde_json::from_str(&lookup_json("Q2055")).unwrap();
        assert_eq!(hits[0]["policy"], "CPCT.MNG.ABECMA");
        let qs: Value = serde_json::from_str(&questions_json("CP.PHAR.533")).unwrap();
        assert!(qs.as_array().unwrap().len() > 10);
        assert!(questions_json("nope").contains("unknown policy `nope`"));
    }

    #[test]
    fn evaluates_and_reports_bad_answers_by_field() {
        let out: Value = serde_json::from_str(&evaluate_json(
            "CPCT.MNG.ABECMA",
            r#"{"diagnosis": "other", "birth_date": "yesterday"}"#,
            r#"{"asOf": "2026-11-22"}"#,
        ))
        .unwrap();
        assert_eq!(out["outcome"], "does_not_meet");
        assert_eq!(out["errors"][0]["question"], "birth_date");
        assert!(out.get("sections").is_none());
        let explained: Value = serde_json::from_str(&evaluate_json(
            "CPCT.MNG.ABECMA",
            "{}",
            r#"{"asOf": "2026-11-22", "explain": true}"#,
        ))
        .unwrap();
        assert!(explained["sections"].is_array());
    }

    #[test]
    fn exports_every_policy_as_json_logic_with_its_data() {
        for lp in policies::all() {
            let id = &lp.policy.id;
            let text = export_jsonlogic_json(id);
            assert_eq!(text, export_jsonlogic_json(id), "{id}: deterministic");
            let rules: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(rules["policy"], id.as_str());
            assert_eq!(
                rules["sections"].as_array().unwrap().len(),
                lp.policy.sections.len(),
                "{id}"
            );
        }
        assert!(export_jsonlogic_json("nope").contains("unknown policy `nope`"));
        let data: Value = serde_json::from_str(&jsonlogic_data_json(
            "CPCT.MNG.ABECMA",
            r#"{"diagnosis": "multiple_myeloma", "birth_date": "1958-04-12", "prior_car_t": "no"}"#,
            r#"{"asOf": "2026-11-22"}"#,
        ))
        .unwrap();
        assert_eq!(data["diagnosis"], "multiple_myeloma");
        assert_eq!(data["birth_date__ymd"], 19_580_412);
        assert_eq!(data["__as_of__ymd"], 20_261_122);
        assert!(data.get("prior_car_t").is_none(), "a refused answer is left out");
        assert!(jsonlogic_data_json("CPCT.MNG.ABECMA", "{}", "{}").contains("`asOf` is required"));
    }

    #[test]
    fn refuses_what_it_cannot_evaluate() {
        assert!(evaluate_json("X", "{}", r#"{"asOf": "2026-11-22"}"#).contains("unknown policy"));
        assert!(evaluate_json("CPCT.MNG.ABECMA", "{}", "{}").contains("`asOf` is required"));
        assert!(evaluate_json("CPCT.MNG.ABECMA", "{}", r#"{"asOf": "2026-02-30"}"#).contains("`asOf`"));
        assert!(evaluate_json("CPCT.MNG.ABECMA", "[]", r#"{"asOf": "2026-11-22"}"#).contains("object"));
        assert!(evaluate_json(
            "CPCT.MNG.ABECMA",
            "{}",
            r#"{"asOf": "2026-11-22", "lineOfBusiness": "vip"}"#
        )
        .contains("`vip`"));
        assert!(evaluate_json("CPCT.MNG.ABECMA", "{}", r#"{"asof": "2026-11-22"}"#).contains("options"));
    }
}
