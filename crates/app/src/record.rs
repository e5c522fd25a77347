//! "Fill from patient record": what a FHIR record brought into the form. Each filled field
//! keeps its source and can be undone; a typed answer is never overwritten, and where the
//! record disagrees its value is offered beside the field. Plain Rust, tested natively.

use std::collections::BTreeMap;

use criteria::LoadedPolicy;
use serde_json::json;

use crate::state::{inputs_from_answers, Input, State};

/// What the last record brought in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// Per question filled from the record: where its value came from.
    pub filled: BTreeMap<String, String>,
    /// Per question the user had answered otherwise: the record's value and its source.
    pub offers: BTreeMap<String, (Input, String)>,
    /// The resources set aside, one line each, with the reason.
    pub set_aside: Vec<String>,
    /// Questions filled from the record and then changed by hand.
    pub overridden: std::collections::BTreeSet<String>,
}

/// Fills the form from a record (FHIR JSON text); returns the notice to show.
pub fn fill(state: &mut State, policy: &LoadedPolicy, text: &str) -> String {
    let found = match interop::prefill::prefill(policy, text, state.as_of) {
        Ok(found) => found,
        Err(e) => return format!("The record could not be read: {e}. Your answers are unchanged."),
    };
    let (mut filled, mut offered) = (0, 0);
    for p in &found.proposals {
        let (inputs, _) = inputs_from_answers(policy, &json!({ p.question.clone(): p.answer.clone() }));
        let Some(input) = inputs.into_values().next() else {
            continue;
        };
        let source = p.sources.iter().map(render::source).collect::<Vec<_>>().join("; ");
        let typed = state
            .inputs
            .get(&p.question)
            .filter(|_| !state.record.filled.contains_key(&p.question));
        match typed {
            Some(t) if *t == input => {}
            Some(_) => {
                state.record.offers.insert(p.question.clone(), (input, source));
                offered += 1;
            }
            None => {
                state.inputs.insert(p.question.clone(), input);
                state.record.offers.remove(&p.question);
                state.record.filled.insert(p.question.clone(), source);
                filled += 1;
            }
        }
    }
    let prompt = |id: &str| policy.question(id).map_or(id.to_owned(), |q| q.prompt.clone());
    state.record.set_aside = found
        .ignored
        .iter()
        .map(|i| {
            format!(
                "{} ({}): {}",
                render::source(&i.source),
                prompt(&i.question),
                render::set_aside_reason(&i.reason)
            )
        })
        .collect();
    let mut notice = match filled {
        0 => "The record answered no empty question.".to_owned(),
        1 => "Filled 1 answer from the record: check it before you rely on it.".to_owned(),
        n => format!("Filled {n} answers from the record: check each before you rely on it."),
    };
    if offered > 0 {
        notice.push_str(&format!(
            " The record differs from {offered} answer(s) you typed: its value is offered beside each."
        ));
    }
    if found.unreadable > 0 {
        notice.push_str(&format!(
            " {} could not be read and skipped.",
            entries(found.unreadable)
        ));
    }
    if !found.ignored.is_empty() {
        notice.push_str(&format!(" {} set aside (listed below).", entries(found.ignored.len())));
    }
    notice
}

/// "1 record entry", "3 record entries".
fn entries(n: usize) -> String {
    if n == 1 {
        "1 record entry".into()
    } else {
        format!("{n} record entries")
    }
}

/// The question an action edits by hand, if any: its value is typed from then on.
pub fn typed_question(action: &crate::state::Action) -> Option<&str> {
    use crate::state::Action;
    match action {
        Action::Set(q, _) | Action::Clear(q) | Action::AddLine(q) => Some(q),
        Action::AddDrug { question, .. }
        | Action::RemoveDrug { question, .. }
        | Action::RemoveLine { question, .. }
        | Action::SetLineStart { question, .. }
        | Action::SetLineUnknownDrugs { question, .. }
        | Action::SetPartial { question, .. } => Some(question),
        _ => None,
    }
}
