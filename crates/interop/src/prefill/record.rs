//! A record as the prefill reads it: the resources of a Bundle (or one resource), each read on
//! its own with only the elements mappings use, borrowed from the text; and the small tests of
//! a resource every reader shares (its type, its date, whether it holds a code).

use std::borrow::Cow;

use serde::Deserialize;

use super::{Patient, PrefillError, Source};
use criteria::model::{Coding, FhirResource};
use criteria::Date;

/// A resource as the prefill reads it: only the elements mappings use, borrowed from the text
/// where they hold no escapes. Every other element is skipped unread.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Resource<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    pub(super) resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Cow<'a, str>>,
    #[serde(rename = "birthDate", borrow, default)]
    pub(super) birth_date: Option<Cow<'a, str>>,
    /// One CodeableConcept in most resources, a list in PractitionerRole (R4): either is read.
    #[serde(borrow, default, deserialize_with = "one_or_many")]
    pub(super) code: Vec<Concept<'a>>,
    #[serde(borrow, default)]
    pub(super) status: Option<Cow<'a, str>>,
    #[serde(rename = "verificationStatus", borrow, default)]
    pub(super) verification: Option<Concept<'a>>,
    #[serde(rename = "effectiveDateTime", borrow, default)]
    pub(super) effective: Option<Cow<'a, str>>,
    #[serde(rename = "effectivePeriod", borrow, default)]
    pub(super) period: Option<Period<'a>>,
    #[serde(borrow, default)]
    pub(super) issued: Option<Cow<'a, str>>,
    #[serde(rename = "valueQuantity", borrow, default)]
    pub(super) quantity: Option<QuantityValue<'a>>,
    #[serde(rename = "onsetDateTime", borrow, default)]
    pub(super) onset: Option<Cow<'a, str>>,
    #[serde(rename = "recordedDate", borrow, default)]
    pub(super) recorded: Option<Cow<'a, str>>,
    #[serde(rename = "medicationCodeableConcept", borrow, default)]
    pub(super) medication: Option<Concept<'a>>,
    /// MedicationRequest: when it was written.
    #[serde(rename = "authoredOn", borrow, default)]
    pub(super) authored: Option<Cow<'a, str>>,
    #[serde(rename = "performedDateTime", borrow, default)]
    pub(super) performed: Option<Cow<'a, str>>,
    #[serde(rename = "performedPeriod", borrow, default)]
    pub(super) performed_period: Option<Period<'a>>,
    /// PractitionerRole: its specialties, whether it is active, and since when.
    #[serde(borrow, default)]
    pub(super) specialty: Vec<Concept<'a>>,
    #[serde(default)]
    pub(super) active: Option<bool>,
    #[serde(rename = "period", borrow, default)]
    pub(super) role_period: Option<Period<'a>>,
    /// Observation: the range the lab gives with the result, and its flag.
    #[serde(rename = "referenceRange", borrow, default)]
    pub(super) reference_range: Vec<RangeValue<'a>>,
    #[serde(borrow, default)]
    pub(super) interpretation: Vec<Concept<'a>>,
    /// Observation: a coded result (a disease status).
    #[serde(rename = "valueCodeableConcept", borrow, default)]
    pub(super) value_concept: Option<Concept<'a>>,
    /// Condition: whether it is still active.
    #[serde(rename = "clinicalStatus", borrow, default)]
    pub(super) clinical_status: Option<Concept<'a>>,
    /// Patient: who the record is of.
    #[serde(borrow, default)]
    pub(super) name: Vec<HumanName<'a>>,
    #[serde(borrow, default)]
    pub(super) identifier: Vec<Identifier<'a>>,
    /// Whose the resource is: `subject` in most resources, `patient` in some.
    #[serde(borrow, default)]
    pub(super) subject: Option<Reference<'a>>,
    #[serde(borrow, default)]
    pub(super) patient: Option<Reference<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Reference<'a> {
    #[serde(borrow, default)]
    pub(super) reference: Option<Cow<'a, str>>,
}

impl Resource<'_> {
    /// The resource as a source line begins: its type and id, with the date and value `date`
    /// and `value` give (a unit is a result's own, set by its reader).
    pub(super) fn source(&self, date: Option<String>, value: Option<String>) -> Source {
        Source {
            resource_type: self.resource_type.as_deref().unwrap_or_default().to_owned(),
            id: self.id.as_deref().unwrap_or_default().to_owned(),
            date,
            value,
            unit: None,
        }
    }

    /// The id of the Patient the resource says it is of, when it names one by a relative or
    /// absolute `Patient/<id>` reference (a `urn:uuid:` reference cannot be told here).
    pub(super) fn of_patient(&self) -> Option<&str> {
        let reference = self.subject.as_ref().or(self.patient.as_ref())?.reference.as_deref()?;
        let at = reference.rfind("Patient/")?;
        let id = &reference[at + "Patient/".len()..];
        (!id.is_empty() && !id.contains('/')).then_some(id)
    }
}

impl Resource<'_> {
    /// The patient as the screen names them.
    pub(super) fn patient(&self) -> Patient {
        let name = self.name.iter().find_map(|n| {
            if let Some(t) = n.text.as_deref().filter(|t| !t.trim().is_empty()) {
                return Some(t.trim().to_owned());
            }
            let words: Vec<&str> = n.given.iter().map(|g| g.as_ref()).chain(n.family.as_deref()).collect();
            (!words.is_empty()).then(|| words.join(" "))
        });
        Patient {
            id: self.id.as_deref().unwrap_or_default().to_owned(),
            name,
            birth_date: self.birth_date.as_deref().map(str::to_owned),
            identifier: self
                .identifier
                .iter()
                .find_map(|i| i.value.as_deref().map(str::to_owned)),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct HumanName<'a> {
    #[serde(borrow, default)]
    pub(super) text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) family: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) given: Vec<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Identifier<'a> {
    #[serde(borrow, default)]
    pub(super) value: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RangeValue<'a> {
    #[serde(borrow, default)]
    pub(super) low: Option<QuantityValue<'a>>,
    #[serde(borrow, default)]
    pub(super) high: Option<QuantityValue<'a>>,
}

/// A CodeableConcept, or a list of them, as a list: R4 writes PractitionerRole.code as a list
/// where other resources have one `code`. Read by the JSON value's own shape, without serde's
/// buffering `untagged` (the browser's bundle carries this reader).
pub(super) fn one_or_many<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Concept<'a>>, D::Error> {
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
pub(super) struct Concept<'a> {
    #[serde(borrow, default)]
    pub(super) coding: Vec<CodingValue<'a>>,
    #[serde(borrow, default)]
    pub(super) text: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CodingValue<'a> {
    #[serde(borrow, default)]
    pub(super) system: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) code: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) display: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Period<'a> {
    #[serde(borrow, default)]
    pub(super) start: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) end: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct QuantityValue<'a> {
    #[serde(default)]
    pub(super) value: Option<f64>,
    #[serde(borrow, default)]
    pub(super) unit: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) code: Option<Cow<'a, str>>,
}

/// A Bundle's entries as raw text, each read on its own so that one malformed resource spoils
/// only itself.
#[derive(Deserialize)]
pub(super) struct Top<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    pub(super) resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) entry: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Entry<'a> {
    #[serde(borrow, default)]
    pub(super) resource: Option<&'a serde_json::value::RawValue>,
}

/// How many patients a record holds: its Patient resources, the same id counted once.
pub(super) fn patient_count(resources: &[Resource<'_>]) -> usize {
    // Two are enough to refuse the record: the count stops there.
    let mut ids: Vec<Option<&str>> = Vec::new();
    for r in resources
        .iter()
        .filter(|r| r.resource_type.as_deref() == Some("Patient"))
    {
        let id = r.id.as_deref();
        if id.is_none() || !ids.contains(&id) {
            ids.push(id);
            if ids.len() > 1 {
                break;
            }
        }
    }
    ids.len()
}

/// The resources of a Bundle (any type), or the resource itself; and how many entries could
/// not be read.
pub(super) fn resources(record: &str) -> Result<(Vec<Resource<'_>>, usize), PrefillError> {
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

pub(super) fn resource_name(r: FhirResource) -> &'static str {
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
pub(super) fn of_type(r: &Resource<'_>, resource: FhirResource) -> bool {
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
pub(super) fn date_of(text: &str) -> Option<Date> {
    text.get(..10).and_then(Date::parse)
}

/// Whether a coding of the record is one of the mapping's.
pub(super) fn holds_coding(c: &CodingValue<'_>, codes: &[Coding]) -> bool {
    codes
        .iter()
        .any(|m| c.system.as_deref() == Some(m.system.as_str()) && c.code.as_deref() == Some(m.code.as_str()))
}

/// Whether one of the CodeableConcepts holds one of the codings.
pub(super) fn holds<'c, 'a: 'c>(concepts: impl IntoIterator<Item = &'c Concept<'a>>, codes: &[Coding]) -> bool {
    concepts
        .into_iter()
        .flat_map(|c| &c.coding)
        .any(|c| holds_coding(c, codes))
}
