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

use super::medication::{drug_of, exposures, Exposure, DEFAULT_PAUSE_DAYS};
use super::{date_of, holds, Chosen, Ignored, Inference, Prefill, Regimen, Resource, Source};
use criteria::model::{FhirElement, FhirSource, LineRule, Question};
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
                // Its onset, never the date it was recorded (a visit's diagnosis list).
                (r.onset.as_deref(), status)
            }
            _ => continue,
        };
        if matches!(
            status,
            Some(
                "entered-in-error"
                    | "refuted"
                    | "preliminary"
                    | "registered"
                    | "cancelled"
                    | "differential"
                    | "unconfirmed"
                    | "provisional"
            )
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
        out.push((date, r.source(Some(date.to_string()), value)));
    }
    out
}

/// A line as it is built: when it began, its drugs in the order first given, whether a
/// therapy the record does not name falls in it, and its exposures.
struct Line {
    start: Date,
    drugs: Vec<String>,
    unknown_drugs: bool,
    exposures: Vec<usize>,
}

/// The treatment history by the policy's rule: its lines, the progressions that began them,
/// the regimens it could not settle, and the records read.
struct History {
    lines: Vec<Line>,
    found: Vec<Exposure>,
    progressed: Vec<(Date, Source)>,
    used: Vec<usize>,
    unsettled: Vec<Regimen>,
}

/// Procedures that gave a line's therapy without naming its drugs, as exposures of no drug.
fn therapies(rule: &LineRule, resources: &[Resource<'_>], as_of: Date) -> Vec<Exposure> {
    let mut out = Vec::new();
    for r in resources
        .iter()
        .filter(|r| r.resource_type.as_deref() == Some("Procedure"))
    {
        if rule.therapies.is_empty() || !holds(&r.code, &rule.therapies) || r.status.as_deref() != Some("completed") {
            continue;
        }
        let day = r
            .performed
            .as_deref()
            .or(r.performed_period.as_ref().and_then(|p| p.start.as_deref()))
            .and_then(date_of);
        let Some(day) = day.filter(|d| *d <= as_of) else {
            continue;
        };
        let value = r
            .code
            .first()
            .and_then(|c| c.text.as_deref().or(c.coding.iter().find_map(|c| c.display.as_deref())))
            .map(str::to_owned);
        out.push(Exposure {
            drug: String::new(),
            start: day,
            end: Some(day),
            active: false,
            over: true,
            dose: true,
            source: r.source(Some(day.to_string()), value),
        });
    }
    out
}

/// Groups the history: every regimen joins the current line until a progression the record
/// documents; the first regimen begun after it starts the next line.
fn history(
    policy: &LoadedPolicy,
    q: &Question,
    rule: &LineRule,
    resources: &[Resource<'_>],
    as_of: Date,
    ignored: &mut Vec<Ignored>,
) -> History {
    let mut found = exposures(q, resources, as_of, ignored, &|r| {
        drug_of(policy, r).map(|d| d.id.clone())
    });
    found.extend(therapies(rule, resources, as_of));
    found.sort_by_key(|e| e.start);
    let progressed = progressions(rule, resources, as_of);
    // Progressions in date order, walked once beside the regimens.
    let mut order: Vec<usize> = (0..progressed.len()).collect();
    order.sort_unstable_by_key(|&k| progressed[k].0);
    let mut next = 0;
    let mut lines: Vec<Line> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    let mut unsettled: Vec<Regimen> = Vec::new();
    // When each drug was last known given: a drug given on without a pause continues.
    let mut last_given: Vec<(String, Date)> = Vec::new();
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
        let line_start = lines.last().map(|l| l.start);
        while next < order.len() && line_start.is_some_and(|s| progressed[order[next]].0 <= s) {
            next += 1;
        }
        // A drug given on without a pause (a refill, treatment beyond progression; the pause
        // a course allows) is the line going on, not a new one.
        let continues = group.iter().all(|e| {
            !e.drug.is_empty()
                && last_given
                    .iter()
                    .any(|(d, end)| *d == e.drug && end.days_until(e.start) <= i64::from(DEFAULT_PAUSE_DAYS))
        });
        let mut after = None;
        if line_start.is_some() && !continues && next < order.len() && progressed[order[next]].0 <= day {
            after = Some(order[next]);
            // Later progressions up to this regimen are the same turn of the disease.
            while next < order.len() && progressed[order[next]].0 <= day {
                next += 1;
            }
        }
        for e in group {
            match last_given.iter_mut().find(|(d, _)| *d == e.drug) {
                Some((_, end)) => *end = (*end).max(e.last_day()),
                None => last_given.push((e.drug.clone(), e.last_day())),
            }
        }
        if let Some(p) = after {
            used.push(p);
        }
        match lines.last() {
            Some(line) if after.is_none() => {
                // New drugs with no progression recorded since the line began: the record
                // cannot say whether the plan went on or a new line began.
                let mut drugs: Vec<String> = Vec::new();
                for e in group.iter().filter(|e| !e.drug.is_empty()) {
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
                unknown_drugs: false,
                exposures: Vec::new(),
            }),
        }
        if let Some(line) = lines.last_mut() {
            for (k, e) in group.iter().enumerate() {
                line.exposures.push(i + k);
                if e.drug.is_empty() {
                    line.unknown_drugs = true;
                } else if !line.drugs.contains(&e.drug) {
                    line.drugs.push(e.drug.clone());
                }
            }
        }
        i = j;
    }
    History {
        lines,
        found,
        progressed,
        used,
        unsettled,
    }
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
    let h = history(policy, q, rule, resources, as_of, &mut out.ignored);
    if h.lines.is_empty() {
        return;
    }
    let list: Vec<Value> = h
        .lines
        .iter()
        .map(|l| {
            let mut line = json!({"drugs": l.drugs});
            if q.line_dates {
                line["start"] = json!(l.start.to_string());
            }
            if l.unknown_drugs {
                line["unknown_drugs"] = json!(true);
            }
            if line.as_object().is_some_and(|o| o.len() == 1) {
                json!(l.drugs)
            } else {
                line
            }
        })
        .collect();
    let answer = if q.partial {
        json!({ "partial": list })
    } else {
        Value::Array(list)
    };
    let mut sources: Vec<Source> = h.found.into_iter().map(|e| e.source).collect();
    let mut dates = Vec::new();
    for p in h.used {
        let (date, source) = &h.progressed[p];
        dates.push(date.to_string());
        sources.push(source.clone());
    }
    let chosen = Chosen {
        answer,
        sources,
        inferred: Some(Inference::Lines {
            progressions: dates,
            unsettled: h.unsettled,
        }),
    };
    out.offer(policy, q, chosen, as_of);
}

/// Dates read from the treatment history: the latest progression, the first one after the
/// latest course of the mapped drugs began, or the last dose of the latest line.
pub(super) fn propose_date(
    policy: &LoadedPolicy,
    q: &Question,
    f: &FhirSource,
    resources: &[Resource<'_>],
    as_of: Date,
    out: &mut Prefill,
) {
    let Some(rule) = &f.lines else { return };
    let progressed = progressions(rule, resources, as_of);
    let chosen = match f.element {
        FhirElement::Progression => progressed.iter().max_by_key(|(d, _)| *d).map(|(d, s)| Chosen {
            answer: json!(d.to_string()),
            sources: vec![s.clone()],
            // A relapse diagnosis's onset is not an assessment's date.
            inferred: (s.resource_type == "Condition").then_some(Inference::Relapse),
        }),
        FhirElement::ProgressionAfter => {
            let mut quiet = Vec::new();
            let Some(begun) = super::medication::latest_course_start(policy, q, f, resources, as_of, &mut quiet) else {
                return;
            };
            // Strictly after the course began: the progression that led to it is dated the day
            // it began, or before.
            progressed
                .iter()
                .filter(|(d, _)| *d > begun.0)
                .min_by_key(|(d, _)| *d)
                .map(|(d, s)| Chosen {
                    answer: json!(d.to_string()),
                    sources: vec![begun.1.clone(), s.clone()],
                    inferred: Some(Inference::AfterCourse {
                        began: begun.0.to_string(),
                    }),
                })
        }
        FhirElement::AtProgression | FhirElement::Nadir => {
            let Some((day, _)) = progressed.iter().max_by_key(|(d, _)| *d) else {
                return;
            };
            let day = *day;
            let mut quiet = Vec::new();
            let (results, from) = if f.element == FhirElement::Nadir {
                let h = history(policy, q, rule, resources, as_of, &mut quiet);
                // The line in progress when the latest progression was documented.
                let Some(line) = h.lines.iter().rev().find(|l| l.start < day) else {
                    return;
                };
                let results: Vec<super::Candidate> = super::kept(q, f, resources, policy, as_of, &mut out.ignored)
                    .into_iter()
                    .filter(|c| c.date.is_some_and(|d| d >= line.start && d < day))
                    .collect();
                (results, Some(line.start))
            } else {
                let same_day: Vec<super::Candidate> = super::kept(q, f, resources, policy, as_of, &mut out.ignored)
                    .into_iter()
                    .filter(|c| c.date == Some(day))
                    .collect();
                (same_day, None)
            };
            let n = |c: &super::Candidate| c.answer.as_f64().unwrap_or(f64::INFINITY);
            let mut at = None;
            for (i, c) in results.iter().enumerate() {
                if at.is_none_or(|k: usize| n(c) < n(&results[k])) {
                    at = Some(i);
                }
            }
            let Some(at) = at else { return };
            let count = results.len();
            let answer = results[at].answer.clone();
            let mut sources: Vec<Source> = vec![results[at].source.clone()];
            if let Some((_, s)) = progressed.iter().find(|(d, _)| *d == day) {
                sources.push(s.clone());
            }
            Some(Chosen {
                answer,
                sources,
                inferred: Some(match from {
                    Some(from) => Inference::Nadir {
                        from: from.to_string(),
                        to: day.to_string(),
                        results: count,
                    },
                    None => Inference::AtProgression { date: day.to_string() },
                }),
            })
        }
        _ => {
            let mut quiet = Vec::new();
            let h = history(policy, q, rule, resources, as_of, &mut quiet);
            let Some(last) = h.lines.last() else { return };
            let records: Vec<&Exposure> = last.exposures.iter().map(|&k| &h.found[k]).collect();
            // Every record of the line dated, none still going.
            if records.iter().any(|e| e.active || e.end.is_none()) {
                return;
            }
            records.iter().filter_map(|e| e.end).max().map(|end| Chosen {
                answer: json!(end.to_string()),
                sources: records.iter().map(|e| e.source.clone()).collect(),
                inferred: Some(Inference::Lines {
                    progressions: h.used.iter().map(|&p| h.progressed[p].0.to_string()).collect(),
                    unsettled: h.unsettled,
                }),
            })
        }
    };
    if let Some(chosen) = chosen {
        out.offer(policy, q, chosen, as_of);
    }
}
