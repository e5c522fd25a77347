//! Fill from the patient's record: a FHIR R4 Bundle (collection, searchset, transaction or
//! document) or a single resource, read against the policy's mappings (`questions[].fhir`),
//! gives proposed answers, each with the resources it came from, and every resource that could
//! have answered a question but was set aside, with the reason. Pure and deterministic: no
//! I/O, no clock (the as-of date is an input); builds for `wasm32-unknown-unknown`.
//!
//! The choice among candidates is the policy's: a result outside its window, one entered in
//! error, a preliminary one or one in a unit that does not convert is set aside; of the rest the
//! most recent wins, and the others are listed beside it so that a conflict is seen. A record
//! without a condition never answers "no": absence in a chart is not a negative finding.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use criteria::model::{Coding, FhirElement, FhirResource, Question, QuestionType};
use criteria::{check_answer, Date, LoadedPolicy};

/// A resource a proposal was read from, as the user is shown it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    pub resource_type: String,
    pub id: String,
    /// The date that counts: the result's effective date, the condition's onset or record date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub date: Option<String>,
    /// The value as the record holds it, before any conversion.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unit: Option<String>,
}

/// A proposed answer, in the answers-file form, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Proposal {
    pub question: String,
    #[cfg_attr(feature = "ts", ts(type = "AnswerValue"))]
    pub answer: Value,
    pub sources: Vec<Source>,
}

/// Why a resource that matched a mapping was not used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Its status is `entered-in-error`.
    EnteredInError,
    /// Not a final result (`preliminary`, `registered`, `cancelled`) or a refuted condition.
    NotFinal { status: String },
    /// Older than the policy's window.
    OutsideWindow {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
        within_days: u32,
    },
    /// Dated after the as-of date.
    AfterAsOf,
    /// No date to place it in the window.
    NoDate,
    /// No value, or a value of another kind than a quantity.
    NoValue,
    /// A unit that does not convert to the question's.
    Unit { unit: String },
    /// A more recent resource answered the same question.
    Superseded { by: String },
    /// The engine refused the value (out of the question's range, an incomplete date).
    Refused { message: String },
}

/// A resource set aside for a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ignored {
    pub question: String,
    pub source: Source,
    pub reason: Reason,
}

/// What a record proposes for a policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Prefill {
    pub proposals: Vec<Proposal>,
    pub ignored: Vec<Ignored>,
    /// Entries of the record that could not be read as resources (a malformed element).
    pub unreadable: usize,
}

impl Prefill {
    /// The proposals as an answers object, as `check` and `evaluate` take it.
    pub fn answers(&self) -> serde_json::Map<String, Value> {
        self.proposals
            .iter()
            .map(|p| (p.question.clone(), p.answer.clone()))
            .collect()
    }
}

/// Why a record could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefillError {
    #[error("the record is not valid JSON: {0}")]
    Json(String),
    #[error("expected a FHIR Bundle or resource, got {0}")]
    NotFhir(String),
    /// One screen is one patient: a record of several is never read as one.
    #[error("the record holds {0} patients; give one patient's record at a time")]
    SeveralPatients(usize),
}

/// Proposals for every mapped question of `policy` from a FHIR R4 record (JSON text).
pub fn prefill(policy: &LoadedPolicy, record: &str, as_of: Date) -> Result<Prefill, PrefillError> {
    let (resources, unreadable) = resources(record)?;
    let patients = patient_count(&resources);
    if patients > 1 {
        return Err(PrefillError::SeveralPatients(patients));
    }
    let mut out = Prefill {
        unreadable,
        ..Prefill::default()
    };
    for q in &policy.policy.questions {
        let Some(f) = &q.fhir else { continue };
        if f.element == FhirElement::Lines {
            lines::propose(policy, q, f, &resources, as_of, &mut out);
            continue;
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for r in &resources {
            if !of_type(r, f.resource) {
                continue;
            }
            match read(q, f.element, &f.codes, &f.options, r, policy) {
                Some(Ok(c)) => candidates.push(c),
                Some(Err((source, reason))) => out.ignored.push(Ignored {
                    question: q.id.clone(),
                    source,
                    reason,
                }),
                None => {}
            }
        }
        // In the window, not after the as-of date.
        let mut kept = Vec::new();
        for c in candidates {
            match (c.date.map(|d| d.days_until(as_of)), f.within_days) {
                (Some(days), _) if days < 0 => out.ignored.push(c.ignore(q, Reason::AfterAsOf)),
                (Some(days), Some(within_days)) if days > i64::from(within_days) => {
                    out.ignored
                        .push(c.ignore(q, Reason::OutsideWindow { days, within_days }));
                }
                (None, within) if f.resource == FhirResource::Observation || within.is_some() => {
                    out.ignored.push(c.ignore(q, Reason::NoDate));
                }
                _ => kept.push(c),
            }
        }
        // The most recent wins; ties keep the record's order.
        kept.sort_by_key(|c| std::cmp::Reverse(c.date));
        let mut kept = kept.into_iter();
        let Some(best) = kept.next() else { continue };
        for other in kept {
            out.ignored.push(other.ignore(
                q,
                Reason::Superseded {
                    by: best.source.id.clone(),
                },
            ));
        }
        match check_answer(policy, &q.id, &best.answer, as_of) {
            Ok(_) => out.proposals.push(Proposal {
                question: q.id.clone(),
                answer: best.answer,
                sources: vec![best.source],
            }),
            Err(e) => out.ignored.push(Ignored {
                question: q.id.clone(),
                source: best.source,
                reason: Reason::Refused { message: e.message },
            }),
        }
    }
    Ok(out)
}

/// A resource that can answer a question: the answer it gives, and when.
struct Candidate {
    answer: Value,
    date: Option<Date>,
    source: Source,
}

impl Candidate {
    fn ignore(self, q: &Question, reason: Reason) -> Ignored {
        Ignored {
            question: q.id.clone(),
            source: self.source,
            reason,
        }
    }
}

/// A resource as the prefill reads it: only the elements mappings use, borrowed from the text
/// where they hold no escapes. Every other element is skipped unread.
#[derive(Debug, Default, Deserialize)]
struct Resource<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(rename = "birthDate", borrow, default)]
    birth_date: Option<Cow<'a, str>>,
    /// One CodeableConcept in most resources, a list in PractitionerRole (R4): either is read.
    #[serde(borrow, default, deserialize_with = "one_or_many")]
    code: Vec<Concept<'a>>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(rename = "verificationStatus", borrow, default)]
    verification: Option<Concept<'a>>,
    #[serde(rename = "effectiveDateTime", borrow, default)]
    effective: Option<Cow<'a, str>>,
    #[serde(rename = "effectivePeriod", borrow, default)]
    period: Option<Period<'a>>,
    #[serde(borrow, default)]
    issued: Option<Cow<'a, str>>,
    #[serde(rename = "valueQuantity", borrow, default)]
    quantity: Option<QuantityValue<'a>>,
    #[serde(rename = "onsetDateTime", borrow, default)]
    onset: Option<Cow<'a, str>>,
    #[serde(rename = "recordedDate", borrow, default)]
    recorded: Option<Cow<'a, str>>,
    #[serde(rename = "medicationCodeableConcept", borrow, default)]
    medication: Option<Concept<'a>>,
    /// MedicationRequest: when it was written.
    #[serde(rename = "authoredOn", borrow, default)]
    authored: Option<Cow<'a, str>>,
    #[serde(rename = "performedDateTime", borrow, default)]
    performed: Option<Cow<'a, str>>,
    #[serde(rename = "performedPeriod", borrow, default)]
    performed_period: Option<Period<'a>>,
    /// PractitionerRole: its specialties, whether it is active, and since when.
    #[serde(borrow, default)]
    specialty: Vec<Concept<'a>>,
    #[serde(default)]
    active: Option<bool>,
    #[serde(rename = "period", borrow, default)]
    role_period: Option<Period<'a>>,
}

/// A CodeableConcept, or a list of them, as a list: R4 writes PractitionerRole.code as a list
/// where other resources have one `code`. Read by the JSON value's own shape, without serde's
/// buffering `untagged` (the browser's bundle carries this reader).
fn one_or_many<'de: 'a, 'a, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Concept<'a>>, D::Error> {
    use serde::de::{value, MapAccess, SeqAccess, Visitor};
    struct Either<'a>(std::marker::PhantomData<&'a ()>);
    impl<'de: 'a, 'a> Visitor<'de> for Either<'a> {
        type Value = Vec<Concept<'a>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a CodeableConcept or a list of them")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Concept::deserialize(value::MapAccessDeserializer::new(map)).map(|c| vec![c])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            Vec::<Concept<'a>>::deserialize(value::SeqAccessDeserializer::new(seq))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    deserializer.deserialize_any(Either(std::marker::PhantomData))
}

#[derive(Debug, Default, Deserialize)]
struct Concept<'a> {
    #[serde(borrow, default)]
    coding: Vec<CodingValue<'a>>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
struct CodingValue<'a> {
    #[serde(borrow, default)]
    system: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    code: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    display: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
struct Period<'a> {
    #[serde(borrow, default)]
    start: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    end: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
struct QuantityValue<'a> {
    #[serde(default)]
    value: Option<f64>,
    #[serde(borrow, default)]
    unit: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    code: Option<Cow<'a, str>>,
}

/// A Bundle's entries as raw text, each read on its own so that one malformed resource spoils
/// only itself.
#[derive(Deserialize)]
struct Top<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    entry: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow, default)]
    resource: Option<&'a serde_json::value::RawValue>,
}

/// How many patients a record holds: its Patient resources, the same id counted once.
fn patient_count(resources: &[Resource<'_>]) -> usize {
    let mut ids: Vec<Option<&str>> = Vec::new();
    for r in resources
        .iter()
        .filter(|r| r.resource_type.as_deref() == Some("Patient"))
    {
        let id = r.id.as_deref();
        if id.is_none() || !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.len()
}

/// The resources of a Bundle (any type), or the resource itself; and how many entries could
/// not be read.
fn resources(record: &str) -> Result<(Vec<Resource<'_>>, usize), PrefillError> {
    let start = record.trim_start();
    if !start.starts_with('{') {
        // Still JSON? Then it is the wrong kind of JSON.
        serde_json::from_str::<serde::de::IgnoredAny>(record).map_err(|e| PrefillError::Json(e.to_string()))?;
        return Err(PrefillError::NotFhir(if start.starts_with('[') {
            "a list".into()
        } else {
            "a single value".into()
        }));
    }
    let top: Top<'_> = serde_json::from_str(record).map_err(|e| PrefillError::Json(e.to_string()))?;
    match top.resource_type.as_deref() {
        Some("Bundle") => {
            let mut out = Vec::with_capacity(top.entry.len());
            let mut unreadable = 0;
            for raw in top.entry.iter().filter_map(|e| e.resource) {
                match serde_json::from_str::<Resource<'_>>(raw.get()) {
                    Ok(r) => out.push(r),
                    Err(_) => unreadable += 1,
                }
            }
            Ok((out, unreadable))
        }
        Some(_) => match serde_json::from_str::<Resource<'_>>(record) {
            Ok(r) => Ok((vec![r], 0)),
            Err(_) => Ok((Vec::new(), 1)),
        },
        None => Err(PrefillError::NotFhir("an object without a resourceType".into())),
    }
}

fn resource_name(r: FhirResource) -> &'static str {
    match r {
        FhirResource::Patient => "Patient",
        FhirResource::Observation => "Observation",
        FhirResource::Condition => "Condition",
        FhirResource::Medication => "Medication",
        FhirResource::Procedure => "Procedure",
        FhirResource::PractitionerRole => "PractitionerRole",
    }
}

/// Whether a resource is of the type a mapping reads.
fn of_type(r: &Resource<'_>, resource: FhirResource) -> bool {
    let t = r.resource_type.as_deref();
    match resource {
        FhirResource::Medication => matches!(
            t,
            Some("MedicationStatement" | "MedicationRequest" | "MedicationAdministration")
        ),
        other => t == Some(resource_name(other)),
    }
}

/// The first 10 characters of a FHIR date or dateTime, as a date.
fn date_of(text: &str) -> Option<Date> {
    text.get(..10).and_then(Date::parse)
}

/// Whether a coding of the record is one of the mapping's.
fn holds_coding(c: &CodingValue<'_>, codes: &[Coding]) -> bool {
    codes
        .iter()
        .any(|m| c.system.as_deref() == Some(m.system.as_str()) && c.code.as_deref() == Some(m.code.as_str()))
}

/// Whether one of the CodeableConcepts holds one of the codings.
fn holds<'c, 'a: 'c>(concepts: impl IntoIterator<Item = &'c Concept<'a>>, codes: &[Coding]) -> bool {
    concepts
        .into_iter()
        .flat_map(|c| &c.coding)
        .any(|c| holds_coding(c, codes))
}

type Read = Result<Candidate, (Source, Reason)>;

/// What one resource says for a question: `None` when it does not match the mapping.
fn read(
    q: &Question,
    element: FhirElement,
    codes: &[Coding],
    options: &std::collections::BTreeMap<String, Vec<Coding>>,
    r: &Resource<'_>,
    policy: &LoadedPolicy,
) -> Option<Read> {
    // Built only for a resource that matches: most of a large record does not.
    let new_source = || Source {
        resource_type: r.resource_type.as_deref().unwrap_or_default().to_owned(),
        id: r.id.as_deref().unwrap_or_default().to_owned(),
        date: None,
        value: None,
        unit: None,
    };
    match element {
        FhirElement::BirthDate => {
            let birth = r.birth_date.as_deref()?.to_owned();
            let mut source = new_source();
            source.value = Some(birth.clone());
            Some(Ok(Candidate {
                answer: Value::String(birth),
                date: None,
                source,
            }))
        }
        FhirElement::Code => {
            // A role's specialties, or the resource's code.
            let concepts: Vec<&Concept<'_>> = match r.resource_type.as_deref() {
                // The specialty, or (as some records write it) the role's own code.
                Some("PractitionerRole") => r.specialty.iter().chain(&r.code).collect(),
                _ => r.code.iter().collect(),
            };
            let (answer, matched) = if q.kind == QuestionType::Choice {
                let (option, codes) = options.iter().find(|(_, c)| holds(concepts.iter().copied(), c))?;
                (Value::String(option.clone()), codes.as_slice())
            } else if holds(concepts.iter().copied(), codes) {
                (Value::Bool(true), codes)
            } else {
                return None;
            };
            let mut source = new_source();
            // The display of the coding that matched, as the record holds it.
            source.value = concepts
                .iter()
                .flat_map(|c| &c.coding)
                .find(|c| holds_coding(c, matched))
                .and_then(|c| c.display.as_deref().or(c.code.as_deref()))
                .map(str::to_owned);
            let date = match r.resource_type.as_deref() {
                Some("Procedure") => r
                    .performed
                    .as_deref()
                    .or(r.performed_period.as_ref().and_then(|p| p.start.as_deref())),
                Some("PractitionerRole") => r.role_period.as_ref().and_then(|p| p.start.as_deref()),
                _ => r.onset.as_deref().or(r.recorded.as_deref()),
            }
            .and_then(date_of);
            source.date = date.map(|d| d.to_string());
            let status = match r.resource_type.as_deref() {
                Some("Condition") => r
                    .verification
                    .as_ref()
                    .and_then(|v| v.coding.first())
                    .and_then(|c| c.code.as_deref()),
                Some("PractitionerRole") if r.active == Some(false) => Some("inactive"),
                Some("PractitionerRole") => None,
                _ => r.status.as_deref(),
            };
            let answer = match status {
                Some("entered-in-error") => return Some(Err((source, Reason::EnteredInError))),
                // A procedure recorded as not done is a known absence: "no", never an option.
                Some("not-done") if q.kind == QuestionType::YesNo => Value::Bool(false),
                None | Some("completed" | "confirmed" | "provisional" | "differential" | "unconfirmed") => answer,
                Some(s) if r.resource_type.as_deref() == Some("Procedure") || matches!(s, "refuted" | "inactive") => {
                    return Some(Err((source, Reason::NotFinal { status: s.into() })));
                }
                Some(_) => answer,
            };
            Some(Ok(Candidate { answer, date, source }))
        }
        FhirElement::Value | FhirElement::Effective => {
            if !holds(&r.code, codes) {
                return None;
            }
            let mut source = new_source();
            let date = r
                .effective
                .as_deref()
                .or(r.period.as_ref().and_then(|p| p.start.as_deref()))
                .or(r.issued.as_deref())
                .and_then(date_of);
            source.date = date.map(|d| d.to_string());
            match r.status.as_deref() {
                Some("entered-in-error") => return Some(Err((source, Reason::EnteredInError))),
                Some("final" | "amended" | "corrected") | None => {}
                Some(other) => return Some(Err((source, Reason::NotFinal { status: other.into() }))),
            }
            if element == FhirElement::Effective {
                let Some(d) = date else {
                    return Some(Err((source, Reason::NoDate)));
                };
                source.value = source.date.clone();
                return Some(Ok(Candidate {
                    answer: Value::String(d.to_string()),
                    date,
                    source,
                }));
            }
            let Some(qty) = &r.quantity else {
                return Some(Err((source, Reason::NoValue)));
            };
            let Some(value) = qty.value else {
                return Some(Err((source, Reason::NoValue)));
            };
            let unit = crate::fhir::policy_unit(policy, q, qty.code.as_deref(), qty.unit.as_deref());
            source.value = Some(criteria::format_number(value));
            source.unit = qty.unit.as_deref().or(qty.code.as_deref()).map(str::to_owned);
            let target = q.unit.as_deref().unwrap_or("");
            let factor = unit.as_deref().map_or(Some(1.0), |u| criteria::unit_factor(u, target));
            let Some(factor) = factor else {
                let unit = source.unit.clone().unwrap_or_default();
                return Some(Err((source, Reason::Unit { unit })));
            };
            let converted = value * factor;
            let answer = serde_json::Number::from_f64(converted).map_or(Value::Null, Value::Number);
            Some(Ok(Candidate { answer, date, source }))
        }
        // Read by `lines::propose`, which sees the whole history at once.
        FhirElement::Lines => None,
    }
}

mod lines;
#[cfg(test)]
mod tests;
