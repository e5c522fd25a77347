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
    /// The medication history as prior lines of therapy, for a `therapy_lines` question: drugs
    /// of the policy's catalogue (matched by code or by name) given in overlapping periods form
    /// one line, and a drug started after a pause longer than `pause_days` starts a new one.
    Lines,
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
    /// `lines`: a drug started more than this many days after every drug of the current line
    /// ended starts a new line (the policy's own pause); 60 when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_days: Option<u32>,
}

/// The code systems a mapping may cite, by canonical URI.
pub const CODE_SYSTEMS: &[(&str, &str)] = &[
    ("http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM"),
    ("http://loinc.org", "LOINC"),
    ("http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"),
    ("http://snomed.info/sct", "SNOMED CT"),
    ("http://nucc.org/provider-taxonomy", "NUCC provider taxonomy"),
];
