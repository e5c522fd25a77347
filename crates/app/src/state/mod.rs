//! The app's state and its reducer, free of Yew and of the browser so that it is tested natively.
//!
//! State holds only what the user entered (raw inputs, the chosen policy, the as-of date). The
//! answers, their per-field errors and the verdict are derived from it on every render by
//! [`assess`], so they can never drift apart.

use std::collections::{BTreeMap, BTreeSet};

use criteria::model::QuestionType;
use criteria::{Context, Date, LineOfBusiness, LoadedPolicy};
use serde_json::{json, Value};
use std::rc::Rc;

use policies::manifest::{Entry, Manifest};

mod assess;
pub use assess::{assess, Assessment};

/// What the user has entered for one question, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Numbers and dates as typed; the unit chosen for a number.
    Text {
        text: String,
        unit: Option<String>,
    },
    Bool(bool),
    Choice(String),
    /// Ticked options or drugs; an empty set means "none of these" was ticked.
    Many(BTreeSet<String>),
    /// Prior lines of therapy, each with its drugs in the order added.
    Lines(Vec<LineInput>),
    /// "Not done": the test or assessment was never performed.
    NotDone,
    /// A list (`Many` or `Lines`) that may be incomplete: more may exist.
    Partial(Box<Input>),
}

/// One prior line of therapy as entered: its drugs and, where the policy asks, the start date
/// as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineInput {
    pub drugs: Vec<String>,
    pub start: String,
    /// Not every drug of the line is documented (an outside regimen): it still counts.
    pub unknown_drugs: bool,
}

impl LineInput {
    pub fn of(drugs: Vec<String>) -> LineInput {
        LineInput {
            drugs,
            ..LineInput::default()
        }
    }
}

impl Input {
    /// The list inside a list input, and whether it is marked incomplete.
    pub fn list(&self) -> (&Input, bool) {
        match self {
            Input::Partial(inner) => (inner, true),
            other => (other, false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Form,
    Summary,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub query: String,
    pub policy: Option<String>,
    pub line_of_business: Option<LineOfBusiness>,
    pub as_of: Date,
    /// The as-of field as typed, when it is not (yet) a valid date.
    pub as_of_text: Option<String>,
    pub inputs: BTreeMap<String, Input>,
    /// The user asked to keep answers on this device.
    pub keep: bool,
    pub view: View,
    /// A message about the last import or storage action.
    pub notice: Option<String>,
    /// What "Fill from patient record" brought in.
    pub record: crate::record::Record,
    /// The EHR this deployment may read a record from (SMART launch), when configured.
    pub ehr: Option<Ehr>,
    /// The policy library's manifest, read at start (`policies/manifest.json`), or why not.
    pub library: Option<Result<Rc<Manifest>, String>>,
    /// Policy files fetched, checked against the manifest's SHA-256 and validated, by id.
    pub loaded: BTreeMap<String, Loaded>,
    /// Policy files refused (not found, tampered, invalid), by id, with the reason.
    pub refused: BTreeMap<String, String>,
    /// Answers read while their policy's file was still being fetched: applied when it arrives.
    pub pending: Option<Saved>,
    /// Today, as the browser said at start: the as-of date a link need not carry.
    pub today: Date,
    /// A link named a policy this library does not have.
    pub not_found: Option<String>,
    /// The address's screen, waiting for the library's manifest.
    pub route_pending: Option<crate::route::Route>,
    /// The portal the app is embedded in, when the deployment lists it.
    pub embed: Option<Embed>,
    /// A new version of the app or its library is installed and waits for a reload.
    pub update_ready: bool,
}

/// The portal page that shows the app in a frame and receives its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// Its origin: the only one a message is posted to or taken from.
    pub parent: String,
    /// The portal asked for the answers too (`&answers=1`); else only the verdict is posted.
    pub answers: bool,
}

/// A policy file fetched and validated (or, on the authoring page, the file being written),
/// shared by the state and the components, compared by identity.
#[derive(Debug, Clone)]
pub struct Loaded(pub Rc<LoadedPolicy>);

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The deployment's SMART server, and the launch context when the EHR opened the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Ehr {
    pub config: interop::smart::SmartConfig,
    /// The EHR launch's `launch` parameter; none for a standalone launch.
    pub launch: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Search(String),
    Pick(String),
    /// Back to the policy list; answers are cleared, as they belong to one policy.
    ChangePolicy,
    SetLineOfBusiness(Option<LineOfBusiness>),
    SetAsOf(String),
    Set(String, Input),
    Clear(String),
    /// Adds a drug to a prior line (the line is created when it is one past the end).
    AddDrug {
        question: String,
        line: usize,
        drug: String,
    },
    RemoveDrug {
        question: String,
        line: usize,
        drug: String,
    },
    AddLine(String),
    RemoveLine {
        question: String,
        line: usize,
    },
    /// The start date of a prior line, as typed.
    SetLineStart {
        question: String,
        line: usize,
        text: String,
    },
    /// Whether some of a prior line's drugs are not documented.
    SetLineUnknownDrugs {
        question: String,
        line: usize,
        unknown: bool,
    },
    /// Marks a list answer as possibly incomplete (more may exist), or as the whole list.
    SetPartial {
        question: String,
        partial: bool,
    },
    StartOver,
    SetKeep(bool),
    ShowView(View),
    /// Answers read from a file or from storage: replaces the current answers.
    Load(Saved),
    Notice(Option<String>),
    /// A patient's FHIR record (JSON text): fills the empty questions it answers.
    FillFromRecord(String),
    /// Back to blank for a question filled from the record.
    UndoFill(String),
    /// The user checked an inferred answer and confirms it; `None`: every one on the screen.
    ConfirmInferred(Option<String>),
    /// Replace every answer with the waiting record of another patient.
    ReplacePatient,
    /// Keep the screen's patient; the other record is dropped.
    KeepPatient,
    /// The deployment's SMART configuration, read at start, and the EHR launch's `iss` and
    /// `launch` parameters when the EHR opened the app.
    Configure {
        smart: Option<interop::smart::SmartConfig>,
        launch: Option<(String, String)>,
        /// `?embed=1`: the `parent` origin, whether it asked for the answers, and whether the
        /// deployment lets it embed the app.
        embed: Option<(String, bool, bool)>,
    },
    /// The record's value for a question the user had answered otherwise.
    AcceptOffer(String),
    DismissOffer(String),
    /// The library's manifest, or why it could not be read.
    LibraryLoaded(Result<Manifest, String>),
    /// The address named a screen (a link, back or forward, a reload).
    Route(crate::route::Route),
    /// A message from the portal that embeds the app (JSON text).
    FromPortal(String),
    /// The service worker installed a new version.
    UpdateReady,
    /// A policy's file, checked and validated, or why it was refused.
    PolicyLoaded {
        id: String,
        result: Result<Loaded, String>,
    },
}

/// What export, import and "keep on this device" write: the policy, context and answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub policy: String,
    pub line_of_business: Option<LineOfBusiness>,
    pub as_of: Option<Date>,
    pub answers: Value,
    /// What came from a patient's record, kept with the answers (`from_record`): the patient,
    /// and per answer its source, how it was inferred and whether that was confirmed, so that
    /// a reload or an answers file never turns an unconfirmed inferred answer into a typed one.
    pub from_record: Option<Value>,
}

impl State {
    pub fn new(today: Date) -> State {
        State {
            query: String::new(),
            policy: None,
            line_of_business: None,
            as_of: today,
            as_of_text: None,
            inputs: BTreeMap::new(),
            keep: false,
            view: View::Form,
            notice: None,
            record: crate::record::Record::default(),
            ehr: None,
            library: None,
            loaded: BTreeMap::new(),
            refused: BTreeMap::new(),
            pending: None,
            today,
            not_found: None,
            route_pending: None,
            embed: None,
            update_ready: false,
        }
    }

    /// The state with a library already at hand (the tests' embedded one).
    pub fn with_library(mut self, manifest: Manifest, loaded: impl IntoIterator<Item = Rc<LoadedPolicy>>) -> State {
        self.library = Some(Ok(Rc::new(manifest)));
        self.loaded = loaded.into_iter().map(|p| (p.policy.id.clone(), Loaded(p))).collect();
        self
    }

    /// The chosen policy, once its file is loaded.
    pub fn policy(&self) -> Option<Rc<LoadedPolicy>> {
        self.policy
            .as_deref()
            .and_then(|id| self.loaded.get(id))
            .map(|l| l.0.clone())
    }

    /// The library's manifest, once read.
    pub fn manifest(&self) -> Option<&Manifest> {
        match &self.library {
            Some(Ok(m)) => Some(m),
            _ => None,
        }
    }

    /// The manifest's entry for a policy id (case-insensitive).
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.manifest().and_then(|m| m.get(id))
    }

    pub fn context(&self) -> Context {
        Context {
            as_of: self.as_of,
            line_of_business: self.line_of_business,
        }
    }
}

mod screen;
pub use screen::draft;
use screen::{close_policy, configure, load, navigate, pick};

/// The reducer: every change to the state goes through here; the form's own steps are
/// [`edit`]'s.
pub fn apply(mut state: State, action: Action) -> State {
    match action {
        Action::Search(q) => state.query = q,
        Action::Pick(id) => pick(&mut state, &id),
        Action::ChangePolicy => close_policy(&mut state),
        Action::SetKeep(keep) => {
            state.keep = keep;
            state.notice = Some(if keep {
                "Answers are kept in this browser until you clear them.".into()
            } else {
                "Answers removed from this browser.".into()
            });
        }
        Action::ShowView(view) => state.view = view,
        Action::Load(saved) => load(&mut state, saved),
        Action::Notice(n) => state.notice = n,
        Action::FillFromRecord(text) => {
            state.notice = Some(match state.policy() {
                Some(policy) => crate::record::fill(&mut state, &policy, &text),
                None => "Choose a policy first.".into(),
            });
        }
        Action::ReplacePatient => {
            state.notice = Some(match state.policy() {
                Some(policy) => crate::record::replace(&mut state, &policy),
                None => "Choose a policy first.".into(),
            });
        }
        Action::KeepPatient => {
            if state.record.pending.take().is_some() {
                state.notice = Some("The other record was not used: the screen keeps its patient.".into());
            }
        }
        Action::Configure { smart, launch, embed } => {
            configure(&mut state, smart, launch);
            match embed {
                Some((parent, answers, true)) => state.embed = Some(Embed { parent, answers }),
                Some((parent, _, false)) => {
                    state.notice = Some(format!(
                        "This page was asked to send its verdict to {parent:?}, which this deployment does not list as a portal; nothing is sent."
                    ));
                }
                None => {}
            }
        }
        Action::Route(route) => navigate(&mut state, route),
        Action::UpdateReady => state.update_ready = true,
        Action::FromPortal(text) => match crate::embed::set_answers(&state, &text) {
            Some(Ok(saved)) => load(&mut state, saved),
            Some(Err(message)) => state.notice = Some(format!("The portal's answers were not used: {message}.")),
            None => {}
        },
        Action::LibraryLoaded(result) => {
            state.library = Some(result.map(Rc::new));
            // Answers restored and a link followed before the library arrived wait for it.
            if let Some(saved) = state.pending.take() {
                load(&mut state, saved);
            }
            if let Some(route) = state.route_pending.take() {
                navigate(&mut state, route);
            }
        }
        Action::PolicyLoaded { id, result } => {
            match result {
                Ok(policy) => {
                    state.loaded.insert(id.clone(), policy);
                    state.refused.remove(&id);
                }
                Err(message) => {
                    state.refused.insert(id.clone(), message);
                }
            }
            if state
                .pending
                .as_ref()
                .is_some_and(|p| p.policy.eq_ignore_ascii_case(&id))
            {
                if let Some(saved) = state.pending.take() {
                    load(&mut state, saved);
                }
            }
        }
        form => edit(&mut state, form),
    }
    state
}

/// The form's own steps: answers typed, cleared and listed, the context, a fresh start, and
/// the record's values undone, accepted or dismissed. The authoring page's form reduces with
/// this alone (its state is never a screen, a library or a portal's); any other action leaves
/// the state as it is.
pub fn edit(state: &mut State, action: Action) {
    // A field edited by hand is typed from then on, not the record's; a part of an inferred
    // list edited (a line's date, a drug added) leaves the rest of it inferred, unconfirmed.
    if let Some(q) = crate::record::typed_question(&action) {
        let whole = matches!(action, Action::Set(..) | Action::Clear(_));
        let inferred = state.record.filled.get(q).is_some_and(|f| f.inferred.is_some());
        if (whole || !inferred) && state.record.filled.remove(q).is_some() {
            state.record.overridden.insert(q.to_owned());
        }
    }
    match action {
        Action::SetLineOfBusiness(lob) => state.line_of_business = lob,
        Action::SetAsOf(text) => match Date::parse(text.trim()) {
            Some(d) => {
                state.as_of = d;
                state.as_of_text = None;
            }
            None => state.as_of_text = Some(text),
        },
        Action::Set(q, input) => {
            state.inputs.insert(q, input);
        }
        Action::Clear(q) => {
            state.inputs.remove(&q);
        }
        Action::AddDrug { question, line, drug } => edit_lines(state, question, |lines| {
            if line >= lines.len() {
                lines.push(LineInput::default());
            }
            let index = line.min(lines.len() - 1);
            if !lines[index].drugs.contains(&drug) {
                lines[index].drugs.push(drug);
            }
        }),
        Action::RemoveDrug { question, line, drug } => edit_lines(state, question, |lines| {
            if let Some(l) = lines.get_mut(line) {
                l.drugs.retain(|d| *d != drug);
            }
        }),
        Action::AddLine(question) => edit_lines(state, question, |lines| lines.push(LineInput::default())),
        Action::RemoveLine { question, line } => edit_lines(state, question, |lines| {
            if line < lines.len() {
                lines.remove(line);
            }
        }),
        Action::SetLineStart { question, line, text } => edit_lines(state, question, |lines| {
            if let Some(l) = lines.get_mut(line) {
                l.start = text.trim().to_owned();
            }
        }),
        Action::SetLineUnknownDrugs {
            question,
            line,
            unknown,
        } => edit_lines(state, question, |lines| {
            if let Some(l) = lines.get_mut(line) {
                l.unknown_drugs = unknown;
            }
        }),
        Action::SetPartial { question, partial } => {
            if let Some(input) = state.inputs.remove(&question) {
                let (list, _) = input.list();
                let list = list.clone();
                let input = if partial { Input::Partial(Box::new(list)) } else { list };
                state.inputs.insert(question, input);
            }
        }
        Action::StartOver => {
            state.inputs.clear();
            state.record = crate::record::Record::default();
            state.notice = Some("Answers cleared.".into());
            state.view = View::Form;
        }
        Action::UndoFill(q) => {
            if state.record.filled.remove(&q).is_some() {
                state.inputs.remove(&q);
            }
        }
        Action::AcceptOffer(q) => {
            if let Some((input, source, inferred)) = state.record.offers.remove(&q) {
                state.inputs.insert(q.clone(), input);
                // Taking the record's value is not confirming how it was inferred.
                let filled = crate::record::Filled {
                    source,
                    inferred,
                    confirmed: false,
                };
                state.record.filled.insert(q, filled);
            }
        }
        Action::ConfirmInferred(q) => {
            for (id, f) in state.record.filled.iter_mut() {
                if q.as_ref().is_none_or(|q| q == id) {
                    f.confirmed = true;
                }
            }
        }
        Action::DismissOffer(q) => {
            state.record.offers.remove(&q);
        }
        // The app's own, never the form's ([`apply`]).
        Action::Search(_)
        | Action::Pick(_)
        | Action::ChangePolicy
        | Action::SetKeep(_)
        | Action::ShowView(_)
        | Action::Load(_)
        | Action::Notice(_)
        | Action::FillFromRecord(_)
        | Action::ReplacePatient
        | Action::KeepPatient
        | Action::Configure { .. }
        | Action::Route(_)
        | Action::UpdateReady
        | Action::FromPortal(_)
        | Action::LibraryLoaded(_)
        | Action::PolicyLoaded { .. } => {}
    }
}

/// Changes the prior lines of a question, keeping the "may be incomplete" mark.
fn edit_lines(state: &mut State, question: String, change: impl FnOnce(&mut Vec<LineInput>)) {
    let (mut lines, partial) = match state.inputs.remove(&question) {
        Some(Input::Lines(lines)) => (lines, false),
        Some(Input::Partial(inner)) => match *inner {
            Input::Lines(lines) => (lines, true),
            _ => (Vec::new(), true),
        },
        _ => (Vec::new(), false),
    };
    change(&mut lines);
    let input = Input::Lines(lines);
    state.inputs.insert(
        question,
        if partial {
            Input::Partial(Box::new(input))
        } else {
            input
        },
    );
}

/// Turns an input into the JSON an answers file would hold, or says why it cannot.
pub fn input_to_json(kind: QuestionType, input: &Input) -> Result<Value, String> {
    match (kind, input) {
        (_, Input::NotDone) => Ok(json!({"not_done": true})),
        (_, Input::Partial(inner)) => Ok(json!({"partial": input_to_json(kind, inner)?})),
        (QuestionType::Number, Input::Text { text, unit }) => {
            let cleaned = text.trim();
            if cleaned.contains(',') {
                // "0,5" may be a decimal comma or a thousands separator: never guess.
                return Err(format!(
                    "`{cleaned}` is not a number here: use a dot for decimals and no thousands separator (0.5, 1200)"
                ));
            }
            let n: f64 = cleaned.parse().map_err(|_| format!("`{cleaned}` is not a number"))?;
            if !n.is_finite() {
                return Err(format!("`{}` is not a finite number", text.trim()));
            }
            Ok(match unit {
                Some(u) => json!({"value": n, "unit": u}),
                None => json!(n),
            })
        }
        (QuestionType::Date, Input::Text { text, .. }) => Ok(json!(text.trim())),
        (QuestionType::YesNo, Input::Bool(b)) => Ok(json!(b)),
        (QuestionType::Choice, Input::Choice(c)) => Ok(json!(c)),
        (QuestionType::MultiChoice | QuestionType::DrugList, Input::Many(items)) => Ok(json!(items)),
        (QuestionType::TherapyLines, Input::Lines(lines)) => Ok(Value::Array(
            lines
                .iter()
                .map(|l| {
                    if l.start.is_empty() && !l.unknown_drugs {
                        return json!(l.drugs);
                    }
                    let mut line = serde_json::Map::new();
                    line.insert("drugs".into(), json!(l.drugs));
                    if !l.start.is_empty() {
                        line.insert("start".into(), json!(l.start));
                    }
                    if l.unknown_drugs {
                        line.insert("unknown_drugs".into(), json!(true));
                    }
                    Value::Object(line)
                })
                .collect(),
        )),
        _ => Err("this answer does not fit the question".into()),
    }
}

/// Inputs from an answers object (import, storage); returns the keys it had to skip.
pub fn inputs_from_answers(policy: &LoadedPolicy, answers: &Value) -> (BTreeMap<String, Input>, Vec<String>) {
    let mut inputs = BTreeMap::new();
    let mut skipped = Vec::new();
    let Value::Object(map) = answers else {
        return (inputs, vec!["answers (not an object)".into()]);
    };
    for (id, value) in map {
        let Some(q) = policy.question(id) else {
            skipped.push(id.clone());
            continue;
        };
        let input = match (q.kind, value) {
            (_, Value::Null) => continue,
            (_, Value::Object(o)) if o.len() == 1 && o.get("not_done") == Some(&Value::Bool(true)) => {
                Some(Input::NotDone)
            }
            (_, Value::Object(o)) if o.len() == 1 && o.contains_key("partial") => {
                list_input(q.kind, &o["partial"]).map(|i| Input::Partial(Box::new(i)))
            }
            (QuestionType::Number, Value::Number(n)) => Some(Input::Text {
                text: n.to_string(),
                unit: None,
            }),
            (QuestionType::Number, Value::Object(o)) => o.get("value").and_then(Value::as_f64).map(|n| Input::Text {
                text: criteria::format_number(n),
                unit: o.get("unit").and_then(Value::as_str).map(str::to_owned),
            }),
            (QuestionType::Date, Value::String(s)) => Some(Input::Text {
                text: s.clone(),
                unit: None,
            }),
            (QuestionType::YesNo, Value::Bool(b)) => Some(Input::Bool(*b)),
            (QuestionType::Choice, Value::String(s)) => Some(Input::Choice(s.clone())),
            (QuestionType::MultiChoice | QuestionType::DrugList | QuestionType::TherapyLines, v) => {
                list_input(q.kind, v)
            }
            _ => None,
        };
        match input {
            Some(i) => {
                inputs.insert(id.clone(), i);
            }
            None => skipped.push(id.clone()),
        }
    }
    (inputs, skipped)
}

/// A list input from its answers-file form.
pub(crate) fn list_input(kind: QuestionType, value: &Value) -> Option<Input> {
    let strings =
        |v: &Value| -> Option<Vec<String>> { v.as_array()?.iter().map(|x| x.as_str().map(str::to_owned)).collect() };
    match kind {
        QuestionType::MultiChoice | QuestionType::DrugList => {
            strings(value).map(|s| Input::Many(s.into_iter().collect()))
        }
        QuestionType::TherapyLines => value
            .as_array()?
            .iter()
            .map(|line| match line {
                Value::Object(o) => Some(LineInput {
                    drugs: match o.get("drugs") {
                        None | Some(Value::Null) => Vec::new(),
                        Some(drugs) => strings(drugs)?,
                    },
                    start: o.get("start").and_then(Value::as_str).unwrap_or("").to_owned(),
                    unknown_drugs: o.get("unknown_drugs").and_then(Value::as_bool).unwrap_or(false),
                }),
                other => strings(other).map(LineInput::of),
            })
            .collect::<Option<Vec<_>>>()
            .map(Input::Lines),
        _ => None,
    }
}

/// The JSON written by export and by "keep on this device".
pub fn saved_json(state: &State, assessment: Option<&Assessment>) -> Option<Value> {
    let policy = state.policy()?;
    let answers = assessment.map_or(json!({}), |a| a.answers.to_json());
    Some(json!({
        "format": "precheck-answers/1",
        "policy": policy.policy.id,
        "policy_last_review": policy.policy.last_review,
        "as_of": state.as_of.to_string(),
        "line_of_business": state.line_of_business,
        "answers": answers,
        "from_record": crate::record::to_json(&state.record),
    }))
}

/// Reads a FHIR QuestionnaireResponse to the policy's questionnaire (from any SDC form
/// renderer) as answers to load; returns the items it could not read, one message each.
pub fn saved_from_response(
    policy: &LoadedPolicy,
    line_of_business: Option<LineOfBusiness>,
    text: &str,
) -> Result<(Saved, Vec<String>), String> {
    let (answers, errors) = interop::fhir::read::answers_from_response(policy, text).map_err(|e| e.to_string())?;
    let saved = Saved {
        policy: policy.policy.id.clone(),
        line_of_business,
        as_of: None,
        from_record: None,
        answers,
    };
    Ok((saved, errors.iter().map(ToString::to_string).collect()))
}

/// Reads an exported or stored answers file.
pub fn parse_saved(text: &str) -> Result<Saved, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    let policy = value
        .get("policy")
        .and_then(Value::as_str)
        .ok_or("the file names no policy; it was not exported by Precheck")?
        .to_owned();
    let line_of_business = value
        .get("line_of_business")
        .and_then(Value::as_str)
        .and_then(LineOfBusiness::parse);
    let as_of = value.get("as_of").and_then(Value::as_str).and_then(Date::parse);
    let answers = value.get("answers").cloned().unwrap_or_else(|| json!({}));
    Ok(Saved {
        policy,
        line_of_business,
        as_of,
        from_record: value.get("from_record").filter(|v| !v.is_null()).cloned(),
        answers,
    })
}
