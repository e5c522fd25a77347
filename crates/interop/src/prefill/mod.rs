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

use serde::Serialize;
use serde_json::Value;

use criteria::model::{Coding, FhirElement, FhirResource, FhirSource, Question, QuestionType};
use criteria::{check_answer, Date, LoadedPolicy};
use record::{date_of, holds, holds_coding, of_type, patient_count, resources, Concept, QuantityValue, Resource};

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
    /// How the answer was worked out, when the record does not state it as such (lines
    /// grouped, several results combined, the latest of several courses): an inferred answer,
    /// which the user confirms before a verdict rests on it. Absent for an answer the record
    /// states (a result, a code, a date).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub inferred: Option<Inference>,
}

/// How an inferred answer was worked out from the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inference {
    /// Prior lines grouped by the policy's definition: a new line at each documented
    /// progression (`progressions`, the dates); `unsettled` are regimens begun with no
    /// progression recorded before them, counted in the line they follow rather than as lines
    /// of their own.
    Lines {
        progressions: Vec<String>,
        unsettled: Vec<Regimen>,
    },
    /// Dates of the latest of several courses of the drug.
    LatestCourse { courses: usize },
    /// Several results read together (one abnormal makes the answer abnormal).
    Combined { results: usize },
    /// The highest of several results reported the same day.
    Highest { results: usize },
    /// The result of the day progression was documented.
    AtProgression { date: String },
    /// A progression dated by a relapse diagnosis's onset rather than an assessment.
    Relapse,
    /// Read from orders alone (MedicationRequests): an order does not show the drug was taken.
    Orders,
    /// The record holds it, but cannot say it is this request's (the mapping says so).
    Context,
    /// No record of the drug since `last`, longer than a pause: taken as stopped.
    NotSince { last: String },
    /// A condition present since `date` (its onset or the date it was recorded).
    Since { date: String },
    /// The first progression documented after a drug's latest course began (`began`).
    AfterCourse { began: String },
    /// The lowest of the results on the line the latest progression ended, from its start to
    /// that progression.
    Nadir { from: String, to: String, results: usize },
}

/// A regimen of a medication history: the drugs begun on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Regimen {
    pub start: String,
    pub drugs: Vec<String>,
}

/// The patient a record is of, as the screen names them while its answers are shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Patient {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub birth_date: Option<String>,
    /// The first identifier (a medical record number), as `value` or `system|value`'s value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub identifier: Option<String>,
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
    /// No reference range (nor an interpretation) to tell normal from abnormal.
    NoRange,
    /// A unit that does not convert to the question's.
    Unit { unit: String },
    /// A condition the record says is no longer active (`resolved`, `inactive`).
    NotActive { status: String },
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
    /// The one patient the record is of.
    pub patient: Patient,
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
    /// Nothing says whose record it is: its answers could be anyone's.
    #[error("the record holds no Patient: give a record that names its patient")]
    NoPatient,
    /// An entry names another patient than the record's: never read as this patient's.
    #[error("{0} is of Patient/{1}, not of the record's patient: give one patient's record at a time")]
    OtherPatient(String, String),
}

/// Proposals for every mapped question of `policy` from a FHIR R4 record (JSON text).
pub fn prefill(policy: &LoadedPolicy, record: &str, as_of: Date) -> Result<Prefill, PrefillError> {
    let (resources, unreadable) = resources(record)?;
    let patients = patient_count(&resources);
    if patients > 1 {
        return Err(PrefillError::SeveralPatients(patients));
    }
    let patient = resources
        .iter()
        .find(|r| r.resource_type.as_deref() == Some("Patient"))
        .map(Resource::patient)
        .ok_or(PrefillError::NoPatient)?;
    if let Some(r) = resources.iter().find(|r| {
        r.of_patient()
            .is_some_and(|id| !patient.id.is_empty() && id != patient.id)
    }) {
        let what = format!(
            "{} {}",
            r.resource_type.as_deref().unwrap_or("An entry"),
            r.id.as_deref().unwrap_or_default()
        );
        return Err(PrefillError::OtherPatient(
            what.trim_end().to_owned(),
            r.of_patient().unwrap_or_default().to_owned(),
        ));
    }
    let mut out = Prefill {
        patient,
        unreadable,
        ..Prefill::default()
    };
    for q in &policy.policy.questions {
        let Some(f) = &q.fhir else { continue };
        match f.element {
            FhirElement::Lines => {
                lines::propose(policy, q, f, &resources, as_of, &mut out);
                continue;
            }
            FhirElement::Since => {
                since(policy, q, f, &resources, as_of, &mut out);
                continue;
            }
            FhirElement::Progression
            | FhirElement::ProgressionAfter
            | FhirElement::LineEnd
            | FhirElement::AtProgression
            | FhirElement::Nadir => {
                lines::propose_date(policy, q, f, &resources, as_of, &mut out);
                continue;
            }
            FhirElement::FirstDose
            | FhirElement::LastDose
            | FhirElement::Stopped
            | FhirElement::Ongoing
            | FhirElement::Drugs => {
                medication::propose(policy, q, f, &resources, as_of, &mut out);
                continue;
            }
            _ => {}
        }
        let mut kept = kept(q, f, &resources, policy, as_of, &mut out.ignored);
        // A date or a limit is the value's own result's: the result a number question with the
        // same codes uses, never another (a later one in a unit that does not convert, say).
        if matches!(f.element, FhirElement::Effective | FhirElement::ReferenceHigh) {
            if let Some(used) = value_result(policy, q, f, &resources, as_of) {
                let (same, other): (Vec<Candidate>, Vec<Candidate>) =
                    kept.into_iter().partition(|c| Some(c.index) == used);
                let by = used
                    .and_then(|i| resources.get(i))
                    .map(|r| r.id.as_deref().unwrap_or_default().to_owned());
                for c in other {
                    let reason = match &by {
                        Some(by) => Reason::Superseded { by: by.clone() },
                        None => Reason::NoValue,
                    };
                    out.ignored.push(c.ignore(q, reason));
                }
                kept = same;
            }
        }
        let Some(chosen) = results::choose(q, f, kept, &mut out.ignored) else {
            continue;
        };
        out.offer(policy, q, chosen, as_of);
    }
    Ok(out)
}

/// A `since` mapping: the earliest condition with the codes, if present long enough, selects
/// the mapping's option.
fn since(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    out: &mut Prefill,
) {
    let (Some(days), Some(option)) = (f.at_least_days, &f.option) else {
        return;
    };
    // Read as a condition with the codes: statuses, verification and dates as every one.
    let found = kept(q, f, resources, policy, as_of, &mut out.ignored);
    let Some(first) = found.iter().filter(|c| c.date.is_some()).min_by_key(|c| c.date) else {
        return;
    };
    let Some(date) = first.date.filter(|d| d.days_until(as_of) >= i64::from(days)) else {
        return;
    };
    let chosen = Chosen {
        answer: Value::String(option.clone()),
        sources: vec![first.source.clone()],
        inferred: Some(Inference::Since { date: date.to_string() }),
    };
    out.offer(policy, q, chosen, as_of);
}

/// The resources that can answer `q`, read and in its window; every other one that matched is
/// set aside with the reason.
fn kept(
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    policy: &LoadedPolicy,
    as_of: Date,
    ignored: &mut Vec<Ignored>,
) -> Vec<Candidate> {
    let mut kept = Vec::new();
    for (index, r) in resources.iter().enumerate().filter(|(_, r)| of_type(r, f.resource)) {
        let c = match read(q, f, r, policy) {
            Some(Ok(c)) => Candidate { index, ..c },
            Some(Err((source, reason))) => {
                ignored.push(Ignored {
                    question: q.id.clone(),
                    source,
                    reason,
                });
                continue;
            }
            None => continue,
        };
        // In the window, not after the as-of date.
        match (c.date.map(|d| d.days_until(as_of)), f.within_days) {
            (Some(days), _) if days < 0 => ignored.push(c.ignore(q, Reason::AfterAsOf)),
            (Some(days), Some(within_days)) if days > i64::from(within_days) => {
                ignored.push(c.ignore(q, Reason::OutsideWindow { days, within_days }));
            }
            (None, within) if f.resource == FhirResource::Observation || within.is_some() => {
                ignored.push(c.ignore(q, Reason::NoDate));
            }
            _ => kept.push(c),
        }
    }
    kept
}

/// For a date or a limit: the place in the record of the result a number question with the
/// same codes uses (its value, or the highest of a day; `Some(None)` when it uses none), or
/// `None` when no number question reads these results.
fn value_result(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
) -> Option<Option<usize>> {
    let (vq, vf) = policy.policy.questions.iter().find_map(|v| {
        let vf = v.fhir.as_ref()?;
        let numeric = matches!(vf.element, FhirElement::Value | FhirElement::Highest);
        (v.id != q.id && numeric && vf.codes == f.codes).then_some((v, vf))
    })?;
    let mut quiet = Vec::new();
    // Told apart by their place in the record, which every result has: ids may be missing.
    let kept: Vec<Candidate> = kept(vq, vf, resources, policy, as_of, &mut quiet)
        .into_iter()
        .map(|mut c| {
            c.source.id = c.index.to_string();
            c
        })
        .collect();
    let Some(chosen) = results::choose(vq, vf, kept, &mut quiet) else {
        return Some(None);
    };
    // Only a value the engine takes is used.
    let taken = check_answer(policy, &vq.id, &chosen.answer, as_of).is_ok();
    Some(chosen.sources.first().filter(|_| taken).and_then(|s| s.id.parse().ok()))
}

/// An answer worked out for a question, before the engine checks it.
struct Chosen {
    answer: Value,
    sources: Vec<Source>,
    inferred: Option<Inference>,
}

impl Prefill {
    /// Proposes `chosen` for `q` if the engine takes it, else sets its sources aside with the
    /// engine's reason.
    fn offer(&mut self, policy: &LoadedPolicy, q: &Question, mut chosen: Chosen, as_of: Date) {
        if q.fhir.as_ref().is_some_and(|f| f.inferred) && chosen.inferred.is_none() {
            chosen.inferred = Some(Inference::Context);
        }
        match check_answer(policy, &q.id, &chosen.answer, as_of) {
            Ok(_) => self.proposals.push(Proposal {
                question: q.id.clone(),
                answer: chosen.answer,
                sources: chosen.sources,
                inferred: chosen.inferred,
            }),
            Err(e) => {
                for source in chosen.sources {
                    self.ignored.push(Ignored {
                        question: q.id.clone(),
                        source,
                        reason: Reason::Refused {
                            message: e.message.clone(),
                        },
                    });
                }
            }
        }
    }
}

/// A resource that can answer a question: the answer it gives, and when. `group` is which of
/// the mapping's codes it holds; `abnormal`, for an `abnormal` mapping, whether it is outside
/// its range.
struct Candidate {
    answer: Value,
    date: Option<Date>,
    source: Source,
    group: usize,
    abnormal: bool,
    /// Between results of one day: a correction (`corrected`, `amended`) and then the later
    /// report (`issued`) wins.
    revision: (bool, Option<String>),
    /// Its place in the record: what tells two results apart, ids or not.
    index: usize,
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

type Read = Result<Candidate, (Source, Reason)>;

/// Which of the mapping's codes one of the CodeableConcepts holds.
fn matched<'c, 'a: 'c>(concepts: impl IntoIterator<Item = &'c Concept<'a>>, codes: &[Coding]) -> Option<usize> {
    concepts
        .into_iter()
        .flat_map(|c| &c.coding)
        .find_map(|c| codes.iter().position(|m| holds_coding(c, std::slice::from_ref(m))))
}

/// A quantity in the question's unit, or why it cannot be one.
fn converted(policy: &LoadedPolicy, q: &Question, qty: &QuantityValue<'_>) -> Result<f64, Reason> {
    let value = qty.value.ok_or(Reason::NoValue)?;
    let unit = crate::fhir::policy_unit(policy, q, qty.code.as_deref(), qty.unit.as_deref());
    let target = q.unit.as_deref().unwrap_or("");
    let factor = unit.as_deref().map_or(Some(1.0), |u| criteria::unit_factor(u, target));
    let factor = factor.ok_or_else(|| Reason::Unit {
        unit: qty
            .unit
            .as_deref()
            .or(qty.code.as_deref())
            .unwrap_or_default()
            .to_owned(),
    })?;
    // 312 mg/L is 31.2 mg/dL, not 31.200000000000003.
    Ok(((value * factor) * 1e9).round() / 1e9)
}

/// A number as an answer.
fn number(n: f64) -> Value {
    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// The interpretation codes (HL7 v3 ObservationInterpretation) that flag a result outside its
/// range, and the one that flags it normal.
const FLAGGED: &[&str] = &["H", "HH", "HU", "L", "LL", "LU", "A", "AA", ">", "<"];

/// Whether a result is outside its range: the lab's flag, else its value against the range
/// (in the result's own unit); `None` when it has neither.
fn abnormal(r: &Resource<'_>) -> Option<bool> {
    let flags: Vec<&str> = r
        .interpretation
        .iter()
        .flat_map(|c| &c.coding)
        .filter_map(|c| c.code.as_deref())
        .collect();
    if flags.iter().any(|f| FLAGGED.contains(f)) {
        return Some(true);
    }
    if flags.contains(&"N") {
        return Some(false);
    }
    let value = r.quantity.as_ref()?.value?;
    let range = r.reference_range.first()?;
    let low = range.low.as_ref().and_then(|l| l.value);
    let high = range.high.as_ref().and_then(|h| h.value);
    if low.is_none() && high.is_none() {
        return None;
    }
    Some(low.is_some_and(|l| value < l) || high.is_some_and(|h| value > h))
}

/// What one resource says for a question: `None` when it does not match the mapping.
fn read(q: &Question, f: &FhirSource, r: &Resource<'_>, policy: &LoadedPolicy) -> Option<Read> {
    // Built only for a resource that matches: most of a large record does not.
    let new_source = || r.source(None, None);
    let candidate = |answer, date, source| Candidate {
        answer,
        date,
        source,
        group: 0,
        abnormal: false,
        revision: (
            matches!(r.status.as_deref(), Some("corrected" | "amended")),
            r.issued.as_deref().map(str::to_owned),
        ),
        index: 0,
    };
    match f.element {
        FhirElement::BirthDate => {
            let birth = r.birth_date.as_deref()?.to_owned();
            let mut source = new_source();
            source.value = Some(birth.clone());
            Some(Ok(candidate(Value::String(birth), None, source)))
        }
        FhirElement::Code | FhirElement::Since => {
            // A role's specialties, or the resource's code.
            let concepts: Vec<&Concept<'_>> = match r.resource_type.as_deref() {
                // The specialty, or (as some records write it) the role's own code.
                Some("PractitionerRole") => r.specialty.iter().chain(&r.code).collect(),
                _ => r.code.iter().collect(),
            };
            let (answer, matched) = if q.kind == QuestionType::Choice && f.element == FhirElement::Code {
                let (option, codes) = f.options.iter().find(|(_, c)| holds(concepts.iter().copied(), c))?;
                (Value::String(option.clone()), codes.as_slice())
            } else if holds(concepts.iter().copied(), &f.codes) {
                (Value::Bool(true), f.codes.as_slice())
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
            let code_of = |c: &Option<Concept<'_>>| {
                c.as_ref()
                    .and_then(|v| v.coding.first())
                    .and_then(|c| c.code.as_deref())
                    .map(str::to_owned)
            };
            if r.resource_type.as_deref() == Some("Condition") {
                if let Some(s) = code_of(&r.clinical_status).filter(|s| matches!(s.as_str(), "resolved" | "inactive")) {
                    return Some(Err((source, Reason::NotActive { status: s })));
                }
            }
            let status = match r.resource_type.as_deref() {
                Some("Condition") => code_of(&r.verification),
                Some("PractitionerRole") if r.active == Some(false) => Some("inactive".to_owned()),
                Some("PractitionerRole") => None,
                _ => r.status.as_deref().map(str::to_owned),
            };
            let answer = match status.as_deref() {
                Some("entered-in-error") => return Some(Err((source, Reason::EnteredInError))),
                // A procedure recorded as not done is a known absence: "no", never an option.
                Some("not-done") if q.kind == QuestionType::YesNo => Value::Bool(false),
                None | Some("completed" | "confirmed" | "provisional") => answer,
                // A diagnosis under consideration is not one the record states.
                Some(s @ ("differential" | "unconfirmed")) => {
                    return Some(Err((source, Reason::NotFinal { status: s.into() })));
                }
                Some(s) if r.resource_type.as_deref() == Some("Procedure") || matches!(s, "refuted" | "inactive") => {
                    return Some(Err((source, Reason::NotFinal { status: s.into() })));
                }
                Some(_) => answer,
            };
            Some(Ok(candidate(answer, date, source)))
        }
        FhirElement::Value
        | FhirElement::Effective
        | FhirElement::ReferenceHigh
        | FhirElement::Abnormal
        | FhirElement::Highest
        | FhirElement::AtProgression
        | FhirElement::Nadir => {
            let group = matched(&r.code, &f.codes)?;
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
            if let Some(qty) = &r.quantity {
                source.value = qty.value.map(criteria::format_number);
                source.unit = qty.unit.as_deref().or(qty.code.as_deref()).map(str::to_owned);
            }
            let answer = match f.element {
                FhirElement::Effective => {
                    let Some(d) = date else {
                        return Some(Err((source, Reason::NoDate)));
                    };
                    Value::String(d.to_string())
                }
                // The limit of this result, or none: an older result's limit is never used
                // for a newer value.
                FhirElement::ReferenceHigh => match r.reference_range.first().and_then(|g| g.high.as_ref()) {
                    None => Value::Null,
                    Some(high) => match converted(policy, q, high) {
                        Ok(n) => number(n),
                        Err(reason) => return Some(Err((source, reason))),
                    },
                },
                FhirElement::Abnormal => {
                    let Some(flag) = abnormal(r) else {
                        return Some(Err((source, Reason::NoRange)));
                    };
                    let mut c = candidate(Value::Bool(flag), date, source);
                    c.group = group;
                    c.abnormal = flag;
                    return Some(Ok(c));
                }
                _ => {
                    let Some(qty) = &r.quantity else {
                        return Some(Err((source, Reason::NoValue)));
                    };
                    match converted(policy, q, qty) {
                        Ok(n) => number(n),
                        Err(reason) => return Some(Err((source, reason))),
                    }
                }
            };
            let mut c = candidate(answer, date, source);
            c.group = group;
            Some(Ok(c))
        }
        // Read by `lines` and `medication`, which see the whole history at once.
        FhirElement::Lines
        | FhirElement::Progression
        | FhirElement::ProgressionAfter
        | FhirElement::LineEnd
        | FhirElement::FirstDose
        | FhirElement::LastDose
        | FhirElement::Stopped
        | FhirElement::Ongoing
        | FhirElement::Drugs => None,
    }
}

mod lines;
mod medication;
mod record;
mod results;
#[cfg(test)]
mod tests;
