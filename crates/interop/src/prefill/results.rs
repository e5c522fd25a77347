//! The answer the kept results give a question: the most recent one's (a value, a date, the
//! limit it was reported with), the flags of the latest result of each test read together
//! (`abnormal`), or the highest result of the latest day (`highest`). Every result not used is
//! listed beside the answer, so that a conflict is seen. No sorting: the latest is found by a
//! pass (of one day, a correction, then the later report), which keeps the browser's bundle
//! free of a sort per kind of result.

use serde_json::Value;

use super::{Candidate, Chosen, Ignored, Inference, Reason};
use criteria::model::{FhirElement, FhirSource, Question, QuestionType};

/// Whether `a` is more recent than `b`: a later date; of one day, a correction, then the later
/// report. Ties keep the record's order (the first stays).
fn newer(a: &Candidate, b: &Candidate) -> bool {
    (a.date, &a.revision) > (b.date, &b.revision)
}

/// The answer of the kept candidates (in the window, not after the as-of date), or `None`.
pub(super) fn choose(q: &Question, f: &FhirSource, kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Chosen> {
    match f.element {
        FhirElement::Abnormal => flags(q, f, kept, ignored),
        FhirElement::Highest => highest(q, kept, ignored),
        _ => {
            let best = latest(q, kept, ignored)?;
            if best.answer.is_null() {
                // The latest result carries no range: an older one's limit is not this one's.
                ignored.push(best.ignore(q, Reason::NoRange));
                return None;
            }
            Some(Chosen {
                answer: best.answer,
                sources: vec![best.source],
                inferred: None,
            })
        }
    }
}

/// The most recent candidate; the others are set aside as superseded by it.
fn latest(q: &Question, mut kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Candidate> {
    let mut at = 0;
    for (i, c) in kept.iter().enumerate().skip(1) {
        if newer(c, &kept[at]) {
            at = i;
        }
    }
    if kept.is_empty() {
        return None;
    }
    let best = kept.remove(at);
    for other in kept {
        ignored.push(other.ignore(
            q,
            Reason::Superseded {
                by: best.source.id.clone(),
            },
        ));
    }
    Some(best)
}

/// The latest result of each test (or, `ever`, every result): abnormal when one is, normal
/// when every one found is.
fn flags(q: &Question, f: &FhirSource, kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Chosen> {
    let mut groups: Vec<Vec<Candidate>> = Vec::new();
    for c in kept {
        match groups.iter_mut().find(|g| f.ever || g[0].group == c.group) {
            Some(g) => g.push(c),
            None => groups.push(vec![c]),
        }
    }
    let used: Vec<Candidate> = if f.ever {
        groups.into_iter().flatten().collect()
    } else {
        groups.into_iter().filter_map(|g| latest(q, g, ignored)).collect()
    };
    if used.is_empty() {
        return None;
    }
    let any = used.iter().any(|c| c.abnormal);
    let answer = match q.kind {
        QuestionType::YesNo => Some(Value::Bool(any)),
        _ => if any { &f.abnormal_option } else { &f.normal_option }
            .clone()
            .map(Value::String),
    };
    let results = used.len();
    Some(Chosen {
        answer: answer?,
        sources: used.into_iter().map(|c| c.source).collect(),
        inferred: (results > 1).then_some(Inference::Combined { results }),
    })
}

/// The highest result of the most recent day; the day's others are listed as its sources
/// too, older results are superseded.
fn highest(q: &Question, kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Chosen> {
    let day = kept.iter().map(|c| c.date).max()?;
    let (today, older): (Vec<Candidate>, Vec<Candidate>) = kept.into_iter().partition(|c| c.date == day);
    // Of one test that day, its correction (or later report) only.
    let mut tests: Vec<Vec<Candidate>> = Vec::new();
    for c in today {
        match tests.iter_mut().find(|t| t[0].group == c.group) {
            Some(t) => t.push(c),
            None => tests.push(vec![c]),
        }
    }
    let mut today: Vec<Candidate> = tests.into_iter().filter_map(|t| latest(q, t, ignored)).collect();
    let n = |c: &Candidate| c.answer.as_f64().unwrap_or(f64::NEG_INFINITY);
    let mut at = 0;
    for (i, c) in today.iter().enumerate() {
        if n(c) > n(&today[at]) {
            at = i;
        }
    }
    // The highest first, then the day's others.
    let best = today.remove(at);
    today.insert(0, best);
    let best_id = today[0].source.id.clone();
    for other in older {
        ignored.push(other.ignore(q, Reason::Superseded { by: best_id.clone() }));
    }
    let results = today.len();
    let answer = today[0].answer.clone();
    Some(Chosen {
        answer,
        sources: today.into_iter().map(|c| c.source).collect(),
        inferred: (results > 1).then_some(Inference::Highest { results }),
    })
}
