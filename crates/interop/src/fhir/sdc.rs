//! SDC population hints on the exported Questionnaire, where a question's FHIR mapping has
//! them, so that any SDC renderer can prefill from the patient's record as Precheck does: the
//! launch's patient (`launchContext`) and the date of birth's `initialExpression`, and for a
//! number mapped to Observations the tests' codes and `observationLinkPeriod`.

use serde_json::{json, Map, Value};

use criteria::model::{FhirElement, FhirResource, Question};
use criteria::LoadedPolicy;

use super::UCUM;

const LAUNCH_CONTEXT_EXT: &str = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext";
const INITIAL_EXPRESSION_EXT: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
const OBSERVATION_LINK_PERIOD_EXT: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationLinkPeriod";

/// The launch's patient as `%patient`, when a question maps the Patient resource.
pub(super) fn launch_context(policy: &LoadedPolicy, out: &mut Value) {
    let reads_patient = policy
        .policy
        .questions
        .iter()
        .any(|q| q.fhir.as_ref().is_some_and(|f| f.resource == FhirResource::Patient));
    if let (true, Some(obj)) = (reads_patient, out.as_object_mut()) {
        obj.insert(
            "extension".into(),
            json!([{"url": LAUNCH_CONTEXT_EXT, "extension": [
                {"url": "name", "valueCoding": {"system": "http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext", "code": "patient", "display": "Patient"}},
                {"url": "type", "valueCode": "Patient"},
                {"url": "description", "valueString": "The patient being screened"}
            ]}]),
        );
    }
}

/// SDC's population hints, so that any SDC renderer can prefill an item from the patient's
/// record as Precheck does: for the date of birth an `initialExpression` on the launch's
/// patient; where the policy maps a number to Observations, the item's `code` names the tests
/// and `observationLinkPeriod` the policy's window.
pub(super) fn prefill_hint(q: &Question, item: &mut Map<String, Value>) {
    let Some(f) = &q.fhir else { return };
    if f.resource == FhirResource::Patient && f.element == FhirElement::BirthDate {
        let initial = json!({"url": INITIAL_EXPRESSION_EXT,
            "valueExpression": {"language": "text/fhirpath", "expression": "%patient.birthDate"}});
        match item.get_mut("extension").and_then(Value::as_array_mut) {
            Some(ext) => ext.push(initial),
            None => {
                item.insert("extension".into(), json!([initial]));
            }
        }
        return;
    }
    if f.resource != FhirResource::Observation || f.element != FhirElement::Value {
        return;
    }
    let codes: Vec<Value> = f
        .codes
        .iter()
        .map(|c| json!({"system": c.system, "code": c.code, "display": c.display}))
        .collect();
    item.insert("code".into(), Value::Array(codes));
    if let Some(days) = f.within_days {
        let link = json!({"url": OBSERVATION_LINK_PERIOD_EXT,
            "valueDuration": {"value": days, "unit": "days", "system": UCUM, "code": "d"}});
        match item.get_mut("extension").and_then(Value::as_array_mut) {
            Some(ext) => ext.push(link),
            None => {
                item.insert("extension".into(), json!([link]));
            }
        }
    }
}
