//! SDC population hints on the exported Questionnaire, where a question's FHIR mapping has
//! them, so that any SDC renderer can prefill from the patient's record as Precheck does: the
//! launch's patient (`launchContext`) and the date of birth's `initialExpression`, and for a
//! number mapped to Observations the tests' codes and `observationLinkPeriod`. Where SDC's
//! hints cannot state what Precheck reads (a result's limit or flag, the highest of a day, a
//! drug's course, lines grouped by documented progression, a condition's code, a result with
//! no window), the item says so in Precheck's own extension, `urn:precheck:extension:population`,
//! rather than a weaker hint that would look the same.

use serde_json::{json, Map, Value};

use criteria::model::{FhirElement, FhirResource, FhirSource, Question};
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
    if f.resource != FhirResource::Observation || f.element != FhirElement::Value || f.within_days.is_none() {
        push(item, json!({"url": POPULATION_EXT, "valueString": population(f)}));
        if f.resource != FhirResource::Observation || f.element != FhirElement::Value {
            return;
        }
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
        push(item, link);
    }
}

/// Precheck's extension on an item whose population SDC's hints cannot state.
pub const POPULATION_EXT: &str = "urn:precheck:extension:population";

/// Adds an extension to an item.
fn push(item: &mut Map<String, Value>, ext: Value) {
    match item.get_mut("extension").and_then(Value::as_array_mut) {
        Some(list) => list.push(ext),
        None => {
            item.insert("extension".into(), json!([ext]));
        }
    }
}

/// What Precheck reads for a mapping, in words, with its codes: for a filler that cannot run
/// Precheck's own prefill.
fn population(f: &FhirSource) -> String {
    let what = match f.element {
        FhirElement::BirthDate => "the patient's birth date",
        FhirElement::Value => "the latest final result with these codes, any age (no window: SDC's observationLinkPeriod needs one)",
        FhirElement::Effective => "the date of the latest final result with these codes",
        FhirElement::ReferenceHigh => "the upper limit of normal reported with the latest final result with these codes, never an older result's",
        FhirElement::Abnormal if f.ever => "whether any final result with these codes was outside its reference range or flagged",
        FhirElement::Abnormal => "whether the latest final result of each of these tests is outside its reference range or flagged; abnormal if one is",
        FhirElement::Highest => "the highest of the final results with these codes on the latest day any was reported",
        FhirElement::Code => "an active, not refuted resource with one of these codes (by option); absence answers nothing",
        FhirElement::Lines => "prior lines of therapy from the medication history, a new line only after documented progression (these codes); inferred, confirmed by the user",
        FhirElement::FirstDose => "the first dose of the latest course of these drugs (by code or name)",
        FhirElement::LastDose => "the last dose of the latest course of these drugs, when the record dates it",
        FhirElement::Stopped => "the end the record gives for the latest course of these drugs",
        FhirElement::Ongoing => "whether the latest course of these drugs is still active",
        FhirElement::Since => "whether a condition with these codes has been present long enough (by its onset or recorded date) for the mapping's option",
        FhirElement::Drugs => "the drugs of this list the medication history holds, as a list that may be incomplete",
        FhirElement::Progression => "the date of the latest progression documented (these codes)",
        FhirElement::ProgressionAfter => "the first progression documented (these codes) since the latest course of these drugs began",
        FhirElement::AtProgression => "the result with these codes of the day the latest progression was documented; inferred",
        FhirElement::Nadir => "the lowest result with these codes on the line the latest progression ended; inferred",
        FhirElement::LineEnd => "the last dose of the latest line of therapy, lines grouped at documented progression (these codes); inferred",
    };
    let codes: Vec<String> = f
        .codes
        .iter()
        .chain(f.options.values().flatten())
        .chain(
            f.lines
                .iter()
                .flat_map(|l| l.progression.iter().chain(&l.progressed).chain(&l.therapies)),
        )
        .map(|c| format!("{}|{}", c.system, c.code))
        .collect();
    let mut out = format!("Precheck reads {what}");
    if !f.names.is_empty() {
        out.push_str(&format!("; names: {}", f.names.join(", ")));
    }
    if !f.drugs.is_empty() {
        out.push_str(&format!("; the catalogue's drugs: {}", f.drugs.join(", ")));
    }
    if !codes.is_empty() {
        out.push_str(&format!("; codes: {}", codes.join(", ")));
    }
    out
}
