//! "Fill from patient record": what a FHIR record brought into the form. Each filled field
//! keeps its source and can be undone; a typed answer is never overwritten, and where the
//! record disagrees its value is offered beside the field. An inferred answer (lines grouped,
//! results combined) shows its reasoning and stays unconfirmed until the user confirms it: a
//! verdict that rests on one says so. The screen holds one patient: a record of another asks
//! before it replaces everything. Plain Rust, tested natively.

use std::collections::{BTreeMap, BTreeSet};

use criteria::LoadedPolicy;
use interop::prefill::Patient;
use serde_json::json;

use crate::state::{inputs_from_answers, Input, State};

/// A question filled from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// Where its value came from, one line.
    pub source: String,
    /// How it was inferred, when the record does not state it as such.
    pub inferred: Option<String>,
    /// The user confirmed the inferred answer.
    pub confirmed: bool,
}

impl Filled {
    /// An inferred answer the user has not confirmed yet.
    pub fn unconfirmed(&self) -> bool {
        self.inferred.is_some() && !self.confirmed
    }
}

/// One thing the record proposed, for the "from the record" list: also for questions the
/// form does not ask yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub question: String,
    pub prompt: String,
    pub answer: String,
    pub source: String,
    pub inferred: Option<String>,
}

/// What the last record brought in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The patient whose record's answers are on the screen.
    pub patient: Option<Patient>,
    /// Per question filled from the record.
    pub filled: BTreeMap<String, Filled>,
    /// Per question the user had answered otherwise: the record's value, its source, and how
    /// it was inferred when it was.
    pub offers: BTreeMap<String, (Input, String, Option<String>)>,
    /// Everything the record proposed, in form order.
    pub proposed: Vec<Proposed>,
    /// The resources set aside, one line each, with the reason.
    pub set_aside: Vec<String>,
    /// Questions filled from the record and then changed by hand.
    pub overridden: BTreeSet<String>,
    /// A record of another patient, waiting for the user to replace everything or keep the
    /// screen as it is: the patient and the record's text (shared: the state is cloned on
    /// every action, and a record may be megabytes).
    pub pending: Option<(Patient, std::rc::Rc<str>)>,
}

impl Record {
    /// The inferred answers on the screen that the user has not confirmed.
    pub fn unconfirmed(&self) -> Vec<String> {
        self.filled
            .iter()
            .filter(|(_, f)| f.unconfirmed())
            .map(|(q, _)| q.clone())
            .collect()
    }
}

/// Whether two records name the same patient: the same identifier, or the same id where
/// both have one and neither says otherwise, or (records from two systems) the same name and
/// birth date. Two records that cannot be told apart are not taken as one patient.
fn same_patient(a: &Patient, b: &Patient) -> bool {
    let differ = |x: &Option<String>, y: &Option<String>| x.is_some() && y.is_some() && x != y;
    if differ(&a.identifier, &b.identifier) || differ(&a.name, &b.name) || differ(&a.birth_date, &b.birth_date) {
        return false;
    }
    (a.identifier.is_some() && a.identifier == b.identifier)
        || (!a.id.is_empty() && a.id == b.id)
        || (a.name.is_some() && a.name == b.name && a.birth_date.is_some() && a.birth_date == b.birth_date)
}

/// Fills the form from a record (FHIR JSON text); returns the notice to show. A record of
/// another patient than the one on the screen fills nothing: it waits for [`replace`].
pub fn fill(state: &mut State, policy: &LoadedPolicy, text: &str) -> String {
    let found = match interop::prefill::prefill(policy, text, state.as_of) {
        Ok(found) => found,
        Err(e) => return format!("The record could not be read: {e}. Your answers are unchanged."),
    };
    if let Some(current) = state
        .record
        .patient
        .as_ref()
        .filter(|p| !same_patient(p, &found.patient))
    {
        let notice = format!(
            "This record is of {}, not of {}, whose answers are on the screen. Nothing was filled: replace every answer with this record's, or keep the screen as it is.",
            render::patient(&found.patient),
            render::patient(current)
        );
        state.record.pending = Some((found.patient, text.into()));
        return notice;
    }
    state.record.pending = None;
    state.record.patient = Some(found.patient.clone());
    let prompt = |id: &str| policy.question(id).map_or(id.to_owned(), |q| q.prompt.clone());
    let (mut filled, mut offered) = (0, 0);
    state.record.proposed.clear();
    for p in &found.proposals {
        let (inputs, _) = inputs_from_answers(policy, &json!({ p.question.clone(): p.answer.clone() }));
        let Some(input) = inputs.into_values().next() else {
            continue;
        };
        let source = p.sources.iter().map(render::source).collect::<Vec<_>>().join("; ");
        // Beside the field, a long history in a line; every record is in the list.
        let short = match p.sources.len() {
            0..=3 => source.clone(),
            n => format!(
                "{n} record entries, from {} (each listed under \"From the record\")",
                render::source(&p.sources[0])
            ),
        };
        let inferred = p.inferred.as_ref().map(|i| render::inference(policy, i));
        let answer = criteria::check_answer(policy, &p.question, &p.answer, state.as_of)
            .map_or_else(|_| p.answer.to_string(), |a| render::answer(policy, &p.question, &a));
        state.record.proposed.push(Proposed {
            question: p.question.clone(),
            prompt: prompt(&p.question),
            answer,
            source: source.clone(),
            inferred: inferred.clone(),
        });
        let typed = state
            .inputs
            .get(&p.question)
            .filter(|_| !state.record.filled.contains_key(&p.question));
        match typed {
            Some(t) if *t == input => {}
            Some(_) => {
                state.record.offers.insert(p.question.clone(), (input, short, inferred));
                offered += 1;
            }
            None => {
                state.inputs.insert(p.question.clone(), input);
                state.record.offers.remove(&p.question);
                state.record.filled.insert(
                    p.question.clone(),
                    Filled {
                        source: short,
                        inferred,
                        confirmed: false,
                    },
                );
                filled += 1;
            }
        }
    }
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
    let inferred = state.record.unconfirmed().len();
    notice(&found, filled, inferred, offered)
}

/// What a fill says: whose record, how many answers it filled, how many are inferred and wait
/// for confirmation, how many it offers beside typed answers, what it could not read or set
/// aside.
fn notice(found: &interop::prefill::Prefill, filled: usize, inferred: usize, offered: usize) -> String {
    let mut notice = format!("Record of {}: ", render::patient(&found.patient));
    notice.push_str(&match filled {
        0 => "it answered no empty question.".to_owned(),
        1 => "filled 1 answer; check it before you rely on it.".to_owned(),
        n => format!("filled {n} answers; check each before you rely on it."),
    });
    if inferred > 0 {
        notice.push_str(&format!(
            " {} inferred: confirm {} once checked.",
            if inferred == 1 {
                "1 is".to_owned()
            } else {
                format!("{inferred} are")
            },
            if inferred == 1 { "it" } else { "each" }
        ));
    }
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
        notice.push_str(&format!(
            " {} set aside (listed under \"From the record\").",
            entries(found.ignored.len())
        ));
    }
    notice
}

/// Replaces every answer with those of the record waiting in `pending` (another patient's):
/// nothing of the first patient stays on the screen.
pub fn replace(state: &mut State, policy: &LoadedPolicy) -> String {
    let Some((_, text)) = state.record.pending.take() else {
        return "No other record is waiting.".into();
    };
    state.inputs.clear();
    state.record = Record::default();
    fill(state, policy, &text)
}

/// What of the record is kept with the answers (an answers file, the browser's storage with
/// consent, the reload into a new version): the patient and, per answer filled from it, its
/// source, how it was inferred and whether that was confirmed. `None` when no record was read.
pub fn to_json(record: &Record) -> Option<serde_json::Value> {
    let patient = record.patient.as_ref()?;
    let filled: serde_json::Map<String, serde_json::Value> = record
        .filled
        .iter()
        .map(|(q, f)| {
            (
                q.clone(),
                json!({"source": f.source, "inferred": f.inferred, "confirmed": f.confirmed}),
            )
        })
        .collect();
    Some(json!({"patient": patient, "filled": filled}))
}

/// The record's part of a saved answers file, for the answers loaded (`inputs`): an answer
/// the record inferred stays inferred, and unconfirmed unless it was confirmed.
pub fn from_json(v: &serde_json::Value, inputs: &BTreeMap<String, Input>) -> Record {
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
    let Some(p) = v.get("patient").filter(|p| p.is_object()) else {
        return Record::default();
    };
    let patient = Patient {
        id: text(p, "id").unwrap_or_default(),
        name: text(p, "name"),
        birth_date: text(p, "birth_date"),
        identifier: text(p, "identifier"),
    };
    let mut filled = BTreeMap::new();
    for (q, f) in v
        .get("filled")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
    {
        if !inputs.contains_key(q) {
            continue;
        }
        let filled_one = Filled {
            source: text(f, "source").unwrap_or_else(|| "the record".into()),
            inferred: text(f, "inferred"),
            confirmed: f.get("confirmed").and_then(serde_json::Value::as_bool).unwrap_or(false),
        };
        filled.insert(q.clone(), filled_one);
    }
    Record {
        patient: Some(patient),
        filled,
        ..Record::default()
    }
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
