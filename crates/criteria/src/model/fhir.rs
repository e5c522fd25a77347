//! Where a question's answer may be found in a patient's FHIR R4 record: policy data that the
//! prefill (`interop::prefill`) reads, so that filling a form from a chart needs no Rust per
//! policy. Every coding names its system and carries its display name as the code system
//! publishes it; `scripts/codes/check-codes.py` checks them against the published tables.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The resource types a mapping may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FhirResource {
    Patient,
    Observation,
    Condition,
    /// Any of MedicationStatement, MedicationRequest and MedicationAdministration: what a
    /// chart records of the drugs given.
    Medication,
    /// A Procedure: one done (`completed`) with one of the codes answers a `yes_no` question
    /// "yes" or selects a `choice` option; one recorded as `not-done` answers "no", a known
    /// absence (a chart without it answers nothing).
    Procedure,
    /// A PractitionerRole (the prescriber's): its `specialty` selects a `choice` option or
    /// answers a `yes_no` question "yes".
    PractitionerRole,
}

/// The part of the resource that holds the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FhirElement {
    /// `Patient.birthDate`, for a date question.
    BirthDate,
    /// An Observation's `valueQuantity`, converted to the question's unit.
    Value,
    /// An Observation's `effectiveDateTime` (or `effectivePeriod.start`), for a date question:
    /// the date of the same result a value question with these codes reads.
    Effective,
    /// A Condition that is present, a Procedure or a PractitionerRole's specialty: its code
    /// selects a `choice` option, or answers a `yes_no` question "yes" (a record without it
    /// never answers "no"; a Procedure recorded as not done answers "no").
    Code,
    /// The medication history as prior lines of therapy, for a `therapy_lines` question, by the
    /// policy's own definition (`lines`): every regimen of drugs of the policy's catalogue
    /// (matched by code or by name) belongs to the current line, however the plan changes
    /// (induction, conditioning with a transplant, consolidation, maintenance), until the record
    /// documents progression; the first regimen begun after it starts the next line. Where the
    /// record cannot settle it (a regimen changed with no progression recorded), the proposal
    /// says so and does not add the line. Always an inferred answer.
    Lines,
    /// An Observation's `referenceRange.high` (the upper limit of normal the lab reports with
    /// the result), converted to the question's unit: of the same result a `value` mapping with
    /// these codes reads.
    ReferenceHigh,
    /// Whether the most recent result of each code is outside the range the lab gives with it
    /// (its `interpretation` high, low or abnormal, else its value against `referenceRange`):
    /// a `yes_no` question "yes" when one is; a `choice` takes `abnormal_option` or
    /// `normal_option`. Several codes (CRP and ESR) give an inferred answer: abnormal when one
    /// is, normal when every one found is.
    Abnormal,
    /// The highest of the results with these codes on the most recent day any was reported,
    /// converted to the question's unit (the involved free light chain): an inferred answer.
    Highest,
    /// The first dose of the latest course of the mapped drugs (a course: their records with
    /// no pause longer than `pause_days` between them), for a date question.
    FirstDose,
    /// The last dose of the latest course, when the record gives the date it ended; a course
    /// still going, or one whose end the record does not give, answers nothing.
    LastDose,
    /// The date the record says the latest course ended (a period's end), for a trial's stop
    /// date: a course charted only as doses answers nothing, since a dose covers the interval
    /// after it, which the record does not give.
    Stopped,
    /// Whether the latest course is still going: "yes" while a record of it is active, "no"
    /// when it was completed or stopped.
    Ongoing,
    /// The date of the latest progression the treatment history documents (by the mapping's
    /// `lines` rule), for a date question: the assessment that found it.
    Progression,
    /// The first progression documented on or after the start of the latest course of the
    /// mapped drugs (during it or after it), for a date question.
    ProgressionAfter,
    /// The result with these codes reported the day of the latest progression the treatment
    /// history documents (by the `lines` rule), converted to the question's unit: the value at
    /// the progression assessment. An inferred answer.
    AtProgression,
    /// The lowest result with these codes from the start of the line the latest progression
    /// ended (lines grouped by the `lines` rule) to the day before that progression: the nadir on
    /// that line. An inferred answer.
    Nadir,
    /// The last dose of the latest line of therapy (lines grouped by the `lines` rule), when the
    /// record dates every record of it and none is still going: an inferred answer.
    LineEnd,
    /// A Condition with one of the codes present for at least `at_least_days` before the
    /// as-of date (by its onset, else the date it was recorded) selects `option` of a `choice`
    /// (symptoms lasting six weeks or more, from the diagnosis's date): an inferred answer. A
    /// shorter time answers nothing: a diagnosis's date is not when symptoms began.
    Since,
    /// The drugs of the question's catalogue (and classes) that the medication history holds,
    /// for a `drug_list` question: a list known in part when the question allows it (a chart
    /// may not hold therapy given elsewhere); an empty history answers nothing.
    Drugs,
}

/// A code of a published code system, with its display name as the system publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Coding {
    /// The code system's canonical URI (`http://hl7.org/fhir/sid/icd-10-cm`, `http://loinc.org`).
    pub system: String,
    pub code: String,
    pub display: String,
}

/// Where a question's answer may be found in a FHIR R4 record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct FhirSource {
    pub resource: FhirResource,
    pub element: FhirElement,
    /// The codes that identify the resource (an Observation's test, a `yes_no` question's
    /// condition); any one matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Coding>,
    /// `choice` from a Condition: per option value, the codes that mean it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, Vec<Coding>>,
    /// Observations and Procedures: only those from at most this many days before the as-of
    /// date count (the policy's own window); older ones are shown as ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u32>,
    /// `first_dose`, `last_dose` and `ongoing`: a record of the drugs begun more than this many
    /// days after the previous one ended starts a new course; 60 when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_days: Option<u32>,
    /// `first_dose`, `last_dose` and `ongoing`: the drugs, as ids of the policy's catalogue
    /// (matched by its codes and names), beside any `codes` and `names` given here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drugs: Vec<String>,
    /// `first_dose`, `last_dose` and `ongoing`: the names a chart may record the drugs by, for
    /// a medication coded only by text (generic and brand names, matched as whole words).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// `since`: how many days the condition must have been present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least_days: Option<u32>,
    /// `since`: the option it then selects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// `abnormal` for a `choice`: the option a result outside its range selects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_option: Option<String>,
    /// `abnormal`: every result counts, not only each test's latest (a classification that one
    /// abnormal result ever settles, as the ACR 2010 criteria are read).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ever: bool,
    /// `abnormal` for a `choice`: the option every result within its range selects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_option: Option<String>,
    /// The record holds the answer but cannot say it is this request's (a diagnosis on the
    /// problem list for "what is it requested for", a specialist of the care team for "who
    /// prescribes"): the proposal is always inferred, confirmed by the user.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// `lines`: the policy's definition of a line of therapy, as the record can show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<LineRule>,
}

/// What starts a new line of therapy in a record. Everything else joins the current line: a
/// planned sequence (induction, stem cell collection, conditioning with a transplant,
/// consolidation, maintenance) is one line, as the policies define it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LineRule {
    /// Evidence of progression: an Observation with one of these codes (a disease status, as
    /// mCODE's) whose value is one of `progressed`, or a Condition with one of these codes (a
    /// relapse), at its date.
    pub progression: Vec<Coding>,
    /// Procedures that give a line's therapy without naming its drugs (a CAR-T infusion, a
    /// course of chemotherapy): the line they fall in is marked as not fully documented, so that
    /// no drug class is concluded absent from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub therapies: Vec<Coding>,
    /// The values of a progression Observation that mean the disease progressed (an
    /// Observation with another value, or none, is not evidence of progression).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progressed: Vec<Coding>,
}

/// The code systems a mapping may cite, by canonical URI.
pub const CODE_SYSTEMS: &[(&str, &str)] = &[
    ("http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM"),
    ("http://loinc.org", "LOINC"),
    ("http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"),
    ("http://snomed.info/sct", "SNOMED CT"),
    ("http://nucc.org/provider-taxonomy", "NUCC provider taxonomy"),
];
