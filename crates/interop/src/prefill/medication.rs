//! The medication history (MedicationStatement, MedicationRequest, MedicationAdministration)
//! as exposures: each record of a drug, matched by code or else by name, from its start to its
//! end when the record gives one. From them: the drugs a history holds (`drugs`), and the
//! latest course of a drug (its records with no longer pause between them than the mapping's):
//! its first dose, its last dose when the record gives it, and whether it is still going.

use serde_json::Value;

use super::{date_of, of_type, Chosen, Ignored, Inference, Prefill, Reason, Resource, Source};
use criteria::model::{Drug, FhirElement, FhirSource, Question};
use criteria::{Date, LoadedPolicy};

/// The pause after which a new course starts, when the mapping gives none.
pub(super) const DEFAULT_PAUSE_DAYS: u32 = 60;

/// A record of a drug given.
pub(super) struct Exposure {
    /// The catalogue drug's id (empty for a mapping's own drugs).
    pub drug: String,
    pub start: Date,
    /// The end the record gives, if any.
    pub end: Option<Date>,
    /// Its status says it is still going (`active`, `in-progress`).
    pub active: bool,
    /// Its status says it is over (`completed`, `stopped`).
    pub over: bool,
    /// One dose given (a MedicationAdministration), not a period.
    pub dose: bool,
    pub source: Source,
}

impl Exposure {
    /// The last day it is known to cover: its end, or its start.
    pub fn last_day(&self) -> Date {
        self.end.unwrap_or(self.start).max(self.start)
    }
}

/// Lowercase words and digits, one space apart: "Velcade 3.5 MG" → "velcade 3 5 mg".
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Whether `name` appears in `text` as whole words (both normalized).
fn names_in(text: &str, name: &str) -> bool {
    !name.is_empty() && format!(" {text} ").contains(&format!(" {name} "))
}

/// The medication's texts (its text and its codings' displays), normalized.
fn texts(r: &Resource<'_>) -> Vec<String> {
    let Some(concept) = r.medication.as_ref() else {
        return Vec::new();
    };
    concept
        .text
        .iter()
        .map(|t| normalized(t))
        .chain(
            concept
                .coding
                .iter()
                .filter_map(|c| c.display.as_deref())
                .map(normalized),
        )
        .collect()
}

/// The catalogue drug a medication is: by code first, else by the longest name in its text.
pub(super) fn drug_of<'p>(policy: &'p LoadedPolicy, r: &Resource<'_>) -> Option<&'p Drug> {
    let concept = r.medication.as_ref()?;
    let drugs = &policy.policy.drugs;
    if let Some(d) = drugs.iter().find(|d| super::holds(Some(concept), &d.codes)) {
        return Some(d);
    }
    let texts = texts(r);
    let mut best: Option<(&Drug, usize)> = None;
    for d in drugs {
        for name in &d.names {
            let n = normalized(name);
            if texts.iter().any(|t| names_in(t, &n)) && best.is_none_or(|(_, len)| n.len() > len) {
                best = Some((d, n.len()));
            }
        }
    }
    best.map(|(d, _)| d)
}

/// Whether a medication is one of a mapping's drugs: its catalogue drugs, codes or names.
/// Which of a mapping's drugs a medication is, if any: the catalogue drug's id, or an empty
/// key for the mapping's own codes and names (one drug, by the mapping's definition).
fn mapped(policy: &LoadedPolicy, f: &FhirSource, r: &Resource<'_>) -> Option<String> {
    let concept = r.medication.as_ref()?;
    if let Some(d) = drug_of(policy, r).filter(|d| f.drugs.contains(&d.id)) {
        return Some(d.id.clone());
    }
    if super::holds(Some(concept), &f.codes) {
        return Some(String::new());
    }
    let texts = texts(r);
    f.names
        .iter()
        .map(|n| normalized(n))
        .any(|n| texts.iter().any(|t| names_in(t, &n)))
        .then(String::new)
}

/// When a medication record says the drug was given: its period, its date, or (a request)
/// when it was written.
fn period(r: &Resource<'_>) -> Option<(Date, Option<Date>)> {
    if let Some(p) = &r.period {
        let start = p.start.as_deref().and_then(date_of)?;
        return Some((start, p.end.as_deref().and_then(date_of)));
    }
    if r.resource_type.as_deref() == Some("MedicationAdministration") {
        // One dose, given that day.
        let day = r.effective.as_deref().and_then(date_of)?;
        return Some((day, Some(day)));
    }
    r.effective
        .as_deref()
        .or(r.authored.as_deref())
        .and_then(date_of)
        .map(|d| (d, None))
}

/// The exposures of the records `pick` names (the drug's id), in order of start; every record
/// that names a drug but cannot count is set aside for `q` with the reason.
pub(super) fn exposures(
    q: &Question,
    resources: &[Resource<'_>],
    as_of: Date,
    ignored: &mut Vec<Ignored>,
    pick: &dyn Fn(&Resource<'_>) -> Option<String>,
) -> Vec<Exposure> {
    let mut out = Vec::new();
    // Medications, whatever resource the mapping names (a result read against the history).
    for r in resources
        .iter()
        .filter(|r| of_type(r, criteria::model::FhirResource::Medication))
    {
        let Some(drug) = pick(r) else { continue };
        // What the record says, as it says it.
        let value = r
            .medication
            .as_ref()
            .and_then(|m| {
                m.text
                    .as_deref()
                    .or(m.coding.first().and_then(|c| c.display.as_deref()))
            })
            .map(str::to_owned);
        let mut source = r.source(None, value);
        let status = r.status.as_deref();
        let set_aside = match status {
            Some("entered-in-error") => Some(Reason::EnteredInError),
            Some(s @ ("not-taken" | "cancelled" | "draft" | "intended" | "not-done")) => {
                Some(Reason::NotFinal { status: s.into() })
            }
            _ => None,
        };
        let Some((start, end)) = period(r) else {
            ignored.push(Ignored {
                question: q.id.clone(),
                source,
                reason: set_aside.unwrap_or(Reason::NoDate),
            });
            continue;
        };
        source.date = Some(match end {
            Some(e) if e != start => format!("{start} to {e}"),
            _ => start.to_string(),
        });
        let reason = set_aside.or((start > as_of).then_some(Reason::AfterAsOf));
        if let Some(reason) = reason {
            ignored.push(Ignored {
                question: q.id.clone(),
                source,
                reason,
            });
            continue;
        }
        out.push(Exposure {
            drug,
            start,
            // An end after the as-of date is not known to have come yet.
            end: end.filter(|e| *e <= as_of),
            active: matches!(status, Some("active" | "in-progress")) && end.is_none_or(|e| e >= as_of),
            // Over only where the record says the drug was stopped or its use completed: a
            // dose given (an administration) or an order filled says nothing of the next.
            over: match r.resource_type.as_deref() {
                Some("MedicationStatement") => matches!(status, Some("completed" | "stopped")),
                Some("MedicationRequest") => status == Some("stopped"),
                _ => false,
            },
            dose: r.resource_type.as_deref() == Some("MedicationAdministration"),
            source,
        });
    }
    // An order the patient never took (a statement says so, within a month of it) was not
    // given.
    let declined: Vec<(String, Date)> = resources
        .iter()
        .filter(|r| {
            r.resource_type.as_deref() == Some("MedicationStatement") && r.status.as_deref() == Some("not-taken")
        })
        .filter_map(|r| Some((pick(r)?, period(r)?.0)))
        .collect();
    let (kept, refused): (Vec<Exposure>, Vec<Exposure>) = out.into_iter().partition(|e| {
        !(e.source.resource_type == "MedicationRequest"
            && declined
                .iter()
                .any(|(drug, day)| *drug == e.drug && e.start.days_until(*day).abs() <= 31))
    });
    for e in refused {
        ignored.push(Ignored {
            question: q.id.clone(),
            source: e.source,
            reason: Reason::NotFinal {
                status: "not-taken".into(),
            },
        });
    }
    let mut out = kept;
    out.sort_by_key(|e| e.start);
    out
}

/// Proposes a `first_dose`, `last_dose`, `ongoing` or `drugs` answer.
pub(super) fn propose(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    out: &mut Prefill,
) {
    let chosen = if f.element == FhirElement::Drugs {
        drugs(policy, q, resources, as_of, &mut out.ignored)
    } else {
        course(policy, q, f, resources, as_of, &mut out.ignored)
    };
    if let Some(chosen) = chosen {
        out.offer(policy, q, chosen, as_of);
    }
}

/// The drugs of the question's catalogue the history holds, in the order first given.
fn drugs(
    policy: &LoadedPolicy,
    q: &Question,
    resources: &[Resource<'_>],
    as_of: Date,
    ignored: &mut Vec<Ignored>,
) -> Option<Chosen> {
    let offered = |d: &Drug| q.classes.is_empty() || d.classes.iter().any(|c| q.classes.contains(c));
    let found = exposures(q, resources, as_of, ignored, &|r| {
        drug_of(policy, r).filter(|d| offered(d)).map(|d| d.id.clone())
    });
    if found.is_empty() {
        // An empty history is not "none": therapy given elsewhere is not in this chart.
        return None;
    }
    let mut ids: Vec<Value> = Vec::new();
    for e in &found {
        if !ids.iter().any(|v| v.as_str() == Some(e.drug.as_str())) {
            ids.push(Value::String(e.drug.clone()));
        }
    }
    let answer = if q.partial {
        serde_json::json!({ "partial": ids })
    } else {
        Value::Array(ids)
    };
    Some(Chosen {
        answer,
        sources: found.into_iter().map(|e| e.source).collect(),
        inferred: None,
    })
}

/// When the latest course of the mapped drugs began, and its first record.
pub(super) fn latest_course_start(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    ignored: &mut Vec<Ignored>,
) -> Option<(Date, Source)> {
    let found = exposures(q, resources, as_of, ignored, &|r| mapped(policy, f, r));
    let latest = courses(found, i64::from(f.pause_days.unwrap_or(DEFAULT_PAUSE_DAYS))).pop()?;
    let first = latest.into_iter().next()?;
    Some((first.start, first.source))
}

/// Records grouped into courses, one drug at a time (a switch to another drug is another
/// trial): no pause longer than `pause` days between a drug's records. In order of start.
fn courses(found: Vec<Exposure>, pause: i64) -> Vec<Vec<Exposure>> {
    // The courses, and each one's drug and last known day, kept as it grows.
    let mut courses: Vec<(String, Date, Vec<Exposure>)> = Vec::new();
    for e in found {
        let open = courses
            .iter_mut()
            .rev()
            .find(|(drug, end, _)| *drug == e.drug && end.days_until(e.start) <= pause);
        match open {
            Some((_, end, records)) => {
                *end = (*end).max(e.last_day());
                records.push(e);
            }
            None => courses.push((e.drug.clone(), e.last_day(), vec![e])),
        }
    }
    courses.into_iter().map(|(_, _, records)| records).collect()
}

/// The latest course of the mapping's drugs: its first dose, its last dose or whether it goes on.
fn course(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    ignored: &mut Vec<Ignored>,
) -> Option<Chosen> {
    let pause = i64::from(f.pause_days.unwrap_or(DEFAULT_PAUSE_DAYS));
    let found = exposures(q, resources, as_of, ignored, &|r| mapped(policy, f, r));
    let mut courses = courses(found, pause);
    let count = courses.len();
    // The latest course: the one begun last.
    let at = (0..courses.len()).max_by_key(|&i| courses[i].first().map(|e| e.start))?;
    let latest = courses.swap_remove(at);
    let going = latest.iter().any(|e| e.active);
    let answer = match f.element {
        FhirElement::FirstDose => Some(Value::String(latest.first()?.start.to_string())),
        // The record must say when each of its records ended.
        FhirElement::LastDose if !going && latest.iter().all(|e| e.end.is_some()) => latest
            .iter()
            .filter_map(|e| e.end)
            .max()
            .map(|e| Value::String(e.to_string())),
        // A period's end; a dose's date is not when the interval it covers ended.
        FhirElement::Stopped if !going && latest.iter().all(|e| e.end.is_some()) => {
            let last = latest.iter().max_by_key(|e| e.last_day())?;
            if last.dose {
                None
            } else {
                last.end.map(|e| Value::String(e.to_string()))
            }
        }
        FhirElement::Ongoing if going => Some(Value::Bool(true)),
        FhirElement::Ongoing if latest.iter().all(|e| e.over) => Some(Value::Bool(false)),
        _ => None,
    };
    // Doses given (or orders filled) with none for longer than the pause: taken as stopped,
    // an inferred answer.
    let last = latest.iter().map(Exposure::last_day).max()?;
    let lapsed = f.element == FhirElement::Ongoing && !going && last.days_until(as_of) > pause;
    if answer.is_none() && lapsed {
        return Some(Chosen {
            answer: Value::Bool(false),
            sources: latest.into_iter().map(|e| e.source).collect(),
            inferred: Some(Inference::NotSince { last: last.to_string() }),
        });
    }
    let answer = answer?;
    // Orders alone do not show the drug was taken: the answer is then inferred.
    let orders_only = latest.iter().all(|e| e.source.resource_type == "MedicationRequest");
    let inferred = if count > 1 {
        Some(Inference::LatestCourse { courses: count })
    } else {
        orders_only.then_some(Inference::Orders)
    };
    Some(Chosen {
        answer,
        sources: latest.into_iter().map(|e| e.source).collect(),
        inferred,
    })
}
