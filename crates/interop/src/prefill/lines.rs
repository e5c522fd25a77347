//! Prior lines of therapy proposed from the medication history and the record's evidence of
//! progression, by the policy's definition of a line (`lines` in the mapping): every regimen of
//! catalogue drugs joins the current line (induction, conditioning with a transplant,
//! consolidation and maintenance are one planned line) until the record documents progression;
//! the first regimen begun after it starts the next line. A regimen that brings new drugs with
//! no progression recorded before it cannot be settled from the record: it stays in the line it
//! follows (the reading that adds no line) and the proposal lists it, so that the user sees it.
//! Always an inferred answer, and, when the question allows it, a list that may be incomplete:
//! a chart may not hold therapy given elsewhere.

use serde_json::{json, Value};

use super::medication::{drug_of, exposures};
use super::{date_of, holds, Chosen, Inference, Prefill, Regimen, Resource, Source};
use criteria::model::{FhirSource, LineRule, Question};
use criteria::{Date, LoadedPolicy};

/// The dates the record documents progression, each with its source, in the record's order.
fn progressions(rule: &LineRule, resources: &[Resource<'_>], as_of: Date) -> Vec<(Date, Source)> {
    let mut out = Vec::new();
    for r in resources {
        let kind = r.resource_type.as_deref();
        let (date, status) = match kind {
            Some("Observation") => {
                // A status counts only when its value is one the rule says means progression.
                let valued = r
                    .value_concept
                    .as_ref()
                    .is_some_and(|v| holds(Some(v), &rule.progressed));
                if !valued || !holds(&r.code, &rule.progression) {
                    continue;
                }
                let date = r
                    .effective
                    .as_deref()
                    .or(r.period.as_ref().and_then(|p| p.start.as_deref()));
                (date, r.status.as_deref())
            }
            Some("Condition") => {
                if !holds(&r.code, &rule.progression) {
                    continue;
                }
                let status = r
                    .verification
                    .as_ref()
                    .and_then(|v| v.coding.first())
                    .and_then(|c| c.code.as_deref());
                (r.onset.as_deref().or(r.recorded.as_deref()), status)
            }
            _ => continue,
        };
        if matches!(
            status,
            Some("entered-in-error" | "refuted" | "preliminary" | "registered" | "cancelled")
        ) {
            continue;
        }
        let Some(date) = date.and_then(date_of).filter(|d| *d <= as_of) else {
            continue;
        };
        let value = r
            .value_concept
            .as_ref()
            .or(r.code.first())
            .and_then(|c| c.coding.iter().find_map(|c| c.display.as_deref()).or(c.text.as_deref()))
            .map(str::to_owned);
        out.push((
            date,
            Source {
                resource_type: kind.unwrap_or_default().to_owned(),
                id: r.id.as_deref().unwrap_or_default().to_owned(),
                date: Some(date.to_string()),
                value,
                unit: None,
            },
        ));
    }
    out
}

/// A line as it is built: when it began and its drugs in the order first given.
struct Line {
    start: Date,
    drugs: Vec<String>,
}

pub(super) fn propose(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    out: &mut Prefill,
) {
    // Validation requires the rule of a `lines` mapping.
    let Some(rule) = &f.lines else { return };
    let found = exposures(q, f, resources, as_of, &mut out.ignored, |r| {
        drug_of(policy, r).map(|d| d.id.clone())
    });
    if found.is_empty() {
        return;
    }
    let progressed = progressions(rule, resources, as_of);
    let mut lines: Vec<Line> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    let mut unsettled: Vec<Regimen> = Vec::new();
    // Records that start on the same day are one regimen begun.
    let mut i = 0;
    while i < found.len() {
        let day = found[i].start;
        let j = found[i..]
            .iter()
            .position(|e| e.start != day)
            .map_or(found.len(), |k| i + k);
        let group = &found[i..j];
        // The earliest progression since the line began, on or before this regimen.
        let after = lines.last().and_then(|l| {
            (0..progressed.len())
                .filter(|&i| progressed[i].0 > l.start && progressed[i].0 <= day)
                .min_by_key(|&i| progressed[i].0)
        });
        if let Some(p) = after {
            used.push(p);
        }
        match lines.last() {
            Some(line) if after.is_none() => {
                // New drugs with no progression recorded since the line began: the record
                // cannot say whether the plan went on or a new line began.
                let mut drugs: Vec<String> = Vec::new();
                for e in group {
                    if !line.drugs.contains(&e.drug) && !drugs.contains(&e.drug) {
                        drugs.push(e.drug.clone());
                    }
                }
                if !drugs.is_empty() {
                    unsettled.push(Regimen {
                        start: day.to_string(),
                        drugs,
                    });
                }
            }
            _ => lines.push(Line {
                start: day,
                drugs: Vec::new(),
            }),
        }
        if let Some(line) = lines.last_mut() {
            for e in group {
                if !line.drugs.contains(&e.drug) {
                    line.drugs.push(e.drug.clone());
                }
            }
        }
        i = j;
    }
    let list: Vec<Value> = lines
        .iter()
        .map(|l| {
            if q.line_dates {
                json!({"drugs": l.drugs, "start": l.start.to_string()})
            } else {
                json!(l.drugs)
            }
        })
        .collect();
    let answer = if q.partial {
        json!({ "partial": list })
    } else {
        Value::Array(list)
    };
    let mut sources: Vec<Source> = found.into_iter().map(|e| e.source).collect();
    let mut dates = Vec::new();
    for p in used {
        let (date, source) = &progressed[p];
        dates.push(date.to_string());
        sources.push(source.clone());
    }
    let chosen = Chosen {
        answer,
        sources,
        inferred: Some(Inference::Lines {
            progressions: dates,
            unsettled,
        }),
    };
    out.offer(policy, q, chosen, as_of);
}
