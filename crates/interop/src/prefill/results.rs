//! The answer the kept results give a question: the most recent one's (a value, a date, the
//! limit it was reported with), the flags of the latest result of each test read together
//! (`abnormal`), or the highest result of the latest day (`highest`). Every result not used is
//! listed beside the answer, so that a conflict is seen.

use serde_json::Value;

use super::{Candidate, Chosen, Ignored, Inference, Reason};
use criteria::model::{FhirElement, FhirSource, Question, QuestionType};

/// The answer of the kept candidates (in the window, not after the as-of date), or `None`.
pub(super) fn choose(
    q: &Question,
    f: &FhirSource,
    mut kept: Vec<Candidate>,
    ignored: &mut Vec<Ignored>,
) -> Option<Chosen> {
    // The most recent first (of one day, a correction, then the later report); ties keep the
    // record's order.
    kept.sort_by(|a, b| (b.date, &b.revision).cmp(&(a.date, &a.revision)));
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

/// The first (most recent) candidate; the others are set aside as superseded by it.
fn latest(q: &Question, kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Candidate> {
    let mut kept = kept.into_iter();
    let best = kept.next()?;
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
    let mut latest_each: Vec<Candidate> = if f.ever {
        groups.into_iter().flatten().collect()
    } else {
        groups.into_iter().filter_map(|g| latest(q, g, ignored)).collect()
    };
    if latest_each.is_empty() {
        return None;
    }
    latest_each.sort_by_key(|c| c.group);
    let any = latest_each.iter().any(|c| c.abnormal);
    let answer = match q.kind {
        QuestionType::YesNo => Some(Value::Bool(any)),
        _ => if any { &f.abnormal_option } else { &f.normal_option }
            .clone()
            .map(Value::String),
    };
    let results = latest_each.len();
    let sources = latest_each.into_iter().map(|c| c.source).collect();
    Some(Chosen {
        answer: answer?,
        sources,
        inferred: (results > 1).then_some(Inference::Combined { results }),
    })
}

/// The highest result of the most recent day; the day's others are listed as its sources
/// too, older results are superseded.
fn highest(q: &Question, kept: Vec<Candidate>, ignored: &mut Vec<Ignored>) -> Option<Chosen> {
    let day = kept.first()?.date;
    let (mut today, older): (Vec<Candidate>, Vec<Candidate>) = kept.into_iter().partition(|c| c.date == day);
    today.sort_by(|a, b| {
        let n = |c: &Candidate| c.answer.as_f64().unwrap_or(f64::NEG_INFINITY);
        n(b).total_cmp(&n(a))
    });
    let best_id = today.first()?.source.id.clone();
    for other in older {
        ignored.push(other.ignore(q, Reason::Superseded { by: best_id.clone() }));
    }
    let results = today.len();
    let answer = today.first()?.answer.clone();
    Some(Chosen {
        answer,
        sources: today.into_iter().map(|c| c.source).collect(),
        inferred: (results > 1).then_some(Inference::Highest { results }),
    })
}
