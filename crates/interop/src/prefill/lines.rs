//! Prior lines of therapy proposed from the medication history (MedicationStatement,
//! MedicationRequest, MedicationAdministration). Each record of a drug of the policy's
//! catalogue, matched by code or else by name, is an exposure from its start to its end. Drugs
//! given in overlapping periods form one line; after a line's drugs have all ended, the same
//! drugs again within the policy's pause continue it, and a regimen begun with any new drug
//! (the policy's "new drug after progression") or a restart after a longer pause begins the
//! next line. It is always a proposal: when
//! the question allows it, the lines are proposed as possibly incomplete, since a chart may not
//! hold therapy given elsewhere.

use serde_json::{json, Value};

use super::{date_of, of_type, Ignored, Prefill, Proposal, Reason, Resource, Source};
use criteria::model::{Drug, FhirSource, Question};
use criteria::{check_answer, Date, LoadedPolicy};

/// The pause after which a new line starts, when the mapping gives none.
const DEFAULT_PAUSE_DAYS: u32 = 60;

struct Exposure {
    drug: String,
    start: Date,
    end: Date,
    source: Source,
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

/// The catalogue drug a medication is: by code first, else by the longest name in its text.
fn drug_of<'p>(policy: &'p LoadedPolicy, r: &Resource<'_>) -> Option<&'p Drug> {
    let concept = r.medication.as_ref()?;
    let drugs = &policy.policy.drugs;
    if let Some(d) = drugs.iter().find(|d| super::holds(Some(concept), &d.codes)) {
        return Some(d);
    }
    let texts: Vec<String> = concept
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
        .collect();
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

/// When a medication record says the drug was given: its period, its date, or (a request)
/// when it was written.
fn period(r: &Resource<'_>) -> Option<(Date, Option<Date>)> {
    if let Some(p) = &r.period {
        let start = p.start.as_deref().and_then(date_of)?;
        return Some((start, p.end.as_deref().and_then(date_of)));
    }
    r.effective
        .as_deref()
        .or(r.authored.as_deref())
        .and_then(date_of)
        .map(|d| (d, None))
}

pub(super) fn propose(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    out: &mut Prefill,
) {
    let pause = i64::from(f.pause_days.unwrap_or(DEFAULT_PAUSE_DAYS));
    let mut exposures = Vec::new();
    for r in resources.iter().filter(|r| of_type(r, f.resource)) {
        // A prior line may hold any drug of the catalogue, so a catalogue drug is a candidate.
        let Some(drug) = drug_of(policy, r) else { continue };
        let mut source = Source {
            resource_type: r.resource_type.as_deref().unwrap_or_default().to_owned(),
            id: r.id.as_deref().unwrap_or_default().to_owned(),
            date: None,
            // What the record says, as it says it.
            value: r
                .medication
                .as_ref()
                .and_then(|m| {
                    m.text
                        .as_deref()
                        .or(m.coding.first().and_then(|c| c.display.as_deref()))
                })
                .map(str::to_owned)
                .or(Some(drug.label.clone())),
            unit: None,
        };
        let status = r.status.as_deref();
        let set_aside = match status {
            Some("entered-in-error") => Some(Reason::EnteredInError),
            Some(s @ ("not-taken" | "cancelled" | "draft" | "intended" | "not-done")) => {
                Some(Reason::NotFinal { status: s.into() })
            }
            _ => None,
        };
        let Some((start, end)) = period(r) else {
            out.ignored.push(Ignored {
                question: q.id.clone(),
                source,
                reason: set_aside.unwrap_or(Reason::NoDate),
            });
            continue;
        };
        source.date = Some(match end {
            Some(e) => format!("{start} to {e}"),
            None => start.to_string(),
        });
        if let Some(reason) = set_aside {
            out.ignored.push(Ignored {
                question: q.id.clone(),
                source,
                reason,
            });
            continue;
        }
        if start > as_of {
            out.ignored.push(Ignored {
                question: q.id.clone(),
                source,
                reason: Reason::AfterAsOf,
            });
            continue;
        }
        exposures.push(Exposure {
            drug: drug.id.clone(),
            start,
            end: end.unwrap_or(start).max(start).min(as_of),
            source,
        });
    }
    if exposures.is_empty() {
        return;
    }
    exposures.sort_by_key(|e| e.start);
    // Lines: (start, end of its latest drug, drugs in the order first given).
    let mut lines: Vec<(Date, Date, Vec<String>)> = Vec::new();
    // Exposures that start on the same day are one step of the history (a regimen begun).
    let mut i = 0;
    while i < exposures.len() {
        let day = exposures[i].start;
        let j = exposures[i..]
            .iter()
            .position(|e| e.start != day)
            .map_or(exposures.len(), |k| i + k);
        let group = &exposures[i..j];
        let group_end = group.iter().map(|e| e.end).max().unwrap_or(day);
        // Overlapping the line: part of it. After the line ended: the same drugs again within
        // the pause continue it (the next cycle, maintenance); any new drug (a regimen changed,
        // as after progression) or a restart after a longer pause begins the next line.
        let joins = lines.last().is_some_and(|(_, end, drugs)| {
            let gap = end.days_until(day);
            gap <= 0 || (gap <= pause && group.iter().all(|e| drugs.contains(&e.drug)))
        });
        if !joins {
            lines.push((day, group_end, Vec::new()));
        }
        if let Some((_, end, drugs)) = lines.last_mut() {
            *end = (*end).max(group_end);
            for e in group {
                if !drugs.contains(&e.drug) {
                    drugs.push(e.drug.clone());
                }
            }
        }
        i = j;
    }
    let sources: Vec<Source> = exposures.into_iter().map(|e| e.source).collect();
    let dated = q.line_dates;
    let list: Vec<Value> = lines
        .iter()
        .map(|(start, _, drugs)| {
            if dated {
                json!({"drugs": drugs, "start": start.to_string()})
            } else {
                json!(drugs)
            }
        })
        .collect();
    let answer = if q.partial {
        json!({ "partial": list })
    } else {
        Value::Array(list)
    };
    match check_answer(policy, &q.id, &answer, as_of) {
        Ok(_) => out.proposals.push(Proposal {
            question: q.id.clone(),
            answer,
            sources,
        }),
        Err(e) => {
            for source in sources {
                out.ignored.push(Ignored {
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
