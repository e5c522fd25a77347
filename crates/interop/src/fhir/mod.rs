//! An export of a policy's form to a FHIR R4 `Questionnaire`, and of answers to a
//! `QuestionnaireResponse`, so that FHIR tools (EHR forms, prior-authorization exchanges) can
//! show the same questions and carry the same answers.
//!
//! | question type | `Questionnaire.item` |
//! |---|---|
//! | `yes_no` | `boolean` |
//! | `number` | `decimal`, or `integer` when the question is `integer`; unit and range as extensions |
//! | `date` | `date` |
//! | `choice` | `choice` with an `answerOption` per option |
//! | `multi_choice` | `choice`, `repeats: true` |
//! | `drug_list` | `choice`, `repeats: true`, the catalogue (limited to its classes) as options |
//! | `therapy_lines` | a repeating `group` (one per prior line) holding a repeating `choice` of drugs |
//!
//! `enableWhen` is worked out from relevance: the engine shows a question once every condition
//! before it on the way down from a section holds (the section's `applies_when` in order, then
//! each node's `when`). FHIR's `enableWhen` is a flat list combined by *all* or by *any*, with
//! constants only, so the export keeps a conservative approximation: it may show a question the
//! engine would hide, never the reverse. What it cannot express, and therefore leaves out:
//!
//! - conditions on derived values (scores, ages, days since a date) and comparisons between
//!   two answers: `enableWhen` compares one answer with a constant;
//! - `within_days`, which counts to the as-of date, not a constant;
//! - `includes_any` over `therapy_lines` (the drugs sit one level down, in the line groups);
//! - a mix of *all* and *any*: a condition with several accepted values (`choice_in` with two
//!   values) is kept only when it is the whole gate; next to other conditions only the
//!   single-valued ones are kept;
//! - several ways to reach a question: only what every way implies is kept (a condition common
//!   to all of them, or else the union of their first conditions), and when one way has no
//!   expressible condition the question gets no `enableWhen` at all;
//!
//! What FHIR has no item type for gets an item of its own, and is read back by [`read`]:
//!
//! - a question that may be "not done" is followed by a boolean `<id>.not-done`; the question
//!   itself is enabled only while that is not ticked (where its gate is an *all*), and a
//!   response also marks the question with the data-absent-reason extension (`not-performed`);
//! - a list that may be known in part is followed by a boolean `<id>.incomplete`;
//! - "none of these" is an exclusive option (`questionnaire-optionExclusive`) of a
//!   `multi_choice` or `drug_list` item, and a boolean `<id>.none` after a `therapy_lines` group;
//! - a number that may be given in other units is a `quantity` item with a
//!   `questionnaire-unitOption` per accepted unit;
//! - the start date of a prior line is a `date` item in the line's group.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use criteria::evaluate;
use criteria::model::{Expr, Pred, Question, QuestionType};
use criteria::LoadedPolicy;
use criteria::{Answer, Answers};
use criteria::{Context, Outcome};

const UNIT_EXT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const MIN_EXT: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_EXT: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// R4's data-absent-reason extension: on a response item, the fact was not performed.
pub(crate) const DATA_ABSENT_REASON: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
const UNIT_OPTION_EXT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
const OPTION_EXCLUSIVE_EXT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
const MIN_QUANTITY_EXT: &str = "http://hl7.org/fhir/StructureDefinition/sdc-questionnaire-minQuantity";
const MAX_QUANTITY_EXT: &str = "http://hl7.org/fhir/StructureDefinition/sdc-questionnaire-maxQuantity";
/// The code of the exclusive "none of these" option.
pub(crate) const NONE_CODE: &str = "none";
/// Suffixes of the items that carry what FHIR has no type for.
pub(crate) const NOT_DONE: &str = ".not-done";
pub(crate) const INCOMPLETE: &str = ".incomplete";
pub(crate) const NO_LINES: &str = ".none";

const ITEM_CONTROL_EXT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
pub(crate) const UCUM: &str = "http://unitsofmeasure.org";

/// The policy id as a FHIR resource id: `[A-Za-z0-9.-]{1,64}`.
pub fn fhir_id(policy_id: &str) -> String {
    let id: String = policy_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() {
        "policy".to_owned()
    } else {
        id
    }
}

/// The Questionnaire's canonical URL; a response cites it with `|version`.
pub fn canonical_url(policy: &LoadedPolicy) -> String {
    format!("urn:precheck:policy:{}", fhir_id(&policy.policy.id))
}

fn option_system(policy: &LoadedPolicy, question: &str) -> String {
    format!("{}:question:{}", canonical_url(policy), question)
}

fn drug_system(policy: &LoadedPolicy) -> String {
    format!("{}:drug", canonical_url(policy))
}

/// The policy's form as a FHIR R4 `Questionnaire`, items in form order.
pub fn questionnaire(policy: &LoadedPolicy) -> Value {
    let p = &policy.policy;
    let gates = Gates::walk(policy);
    let mut items: Vec<Value> = Vec::new();
    for (i, q) in p.questions.iter().enumerate() {
        let gate = gates.enable_when(policy, i);
        let mut item = question_item(policy, q);
        let mut siblings = Vec::new();
        if q.not_done {
            siblings.push(flag_item(q, NOT_DONE));
        }
        if q.partial {
            siblings.push(flag_item(q, INCOMPLETE));
        }
        if q.kind == QuestionType::TherapyLines {
            siblings.push(flag_item(q, NO_LINES));
        }
        let mut own = gate.clone();
        if q.not_done {
            // The value is asked while "not done" is not ticked; an *any* gate cannot take
            // one more condition, so there the value stays enabled beside the tick.
            let unticked = json!({"question": format!("{}{NOT_DONE}", q.id), "operator": "!=", "answerBoolean": true});
            own = match own {
                None => Some(("all", vec![unticked])),
                Some(("all", mut entries)) => {
                    entries.push(unticked);
                    Some(("all", entries))
                }
                Some((_, entries)) if entries.len() == 1 => Some(("all", vec![entries[0].clone(), unticked])),
                other => other,
            };
        }
        set_enable_when(&mut item, own);
        items.push(item);
        for mut sibling in siblings {
            set_enable_when(&mut sibling, gate.clone());
            items.push(sibling);
        }
    }
    let name: String =
        p.id.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
    let mut out = json!({
        "resourceType": "Questionnaire",
        "id": fhir_id(&p.id),
        "url": canonical_url(policy),
        "identifier": [{"system": "urn:precheck:policy", "value": p.id}],
        "version": p.last_review,
        "name": format!("Precheck_{name}"),
        "title": p.title,
        "status": "active",
        "subjectType": ["Patient"],
        "date": p.last_review,
        "publisher": p.issuer,
        "description": format!("Pre-screen questions for {} ({}); not a coverage decision.", p.subject, p.plan),
        "lastReviewDate": p.last_review,
        "item": items,
    });
    if let (Some(effective), Some(obj)) = (&p.effective, out.as_object_mut()) {
        obj.insert("effectivePeriod".into(), json!({"start": effective}));
    }
    sdc::launch_context(policy, &mut out);
    out
}

fn set_enable_when(item: &mut Value, gate: Option<(&'static str, Vec<Value>)>) {
    if let (Some((behavior, entries)), Some(obj)) = (gate, item.as_object_mut()) {
        if entries.len() > 1 {
            obj.insert("enableBehavior".into(), behavior.into());
        }
        obj.insert("enableWhen".into(), Value::Array(entries));
    }
}

/// A boolean item after question `q` that says what its own item type cannot.
fn flag_item(q: &Question, suffix: &str) -> Value {
    json!({"linkId": format!("{}{suffix}", q.id), "text": flag_text(suffix), "type": "boolean"})
}

/// The ticked flag item of a response.
fn flag_answer(q: &Question, suffix: &str) -> Value {
    json!({"linkId": format!("{}{suffix}", q.id), "text": flag_text(suffix), "answer": [{"valueBoolean": true}]})
}

fn flag_text(suffix: &str) -> &'static str {
    match suffix {
        NOT_DONE => "Not done (the test or assessment was never performed)",
        INCOMPLETE => "The list may be incomplete: more may exist",
        _ => "No prior lines of therapy",
    }
}

/// Whether a number question's answers carry a unit of their own in FHIR.
fn is_quantity(q: &Question) -> bool {
    q.kind == QuestionType::Number && !q.accepts_units.is_empty()
}

/// The exclusive "none of these" option of a list item.
fn none_option(policy: &LoadedPolicy, q: &Question) -> Value {
    json!({
        "valueCoding": none_coding(policy, q),
        "extension": [{"url": OPTION_EXCLUSIVE_EXT, "valueBoolean": true}],
    })
}

fn none_coding(policy: &LoadedPolicy, q: &Question) -> Value {
    json!({"system": option_system(policy, &q.id), "code": NONE_CODE, "display": "None of these"})
}

/// Whether a list question offers its own "none" option already.
fn has_own_none(q: &Question) -> bool {
    q.options.iter().any(|o| o.value == NONE_CODE)
}

fn question_item(policy: &LoadedPolicy, q: &Question) -> Value {
    let mut item = Map::new();
    item.insert("linkId".into(), q.id.clone().into());
    item.insert("text".into(), q.prompt.clone().into());
    let mut children = Vec::new();
    if let Some(help) = &q.help {
        children.push(json!({
            "linkId": format!("{}.help", q.id),
            "type": "display",
            "text": help,
            "extension": [{"url": ITEM_CONTROL_EXT, "valueCodeableConcept": {"coding": [{
                "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help", "display": "Help-Button"}]}}],
        }));
    }
    match q.kind {
        QuestionType::YesNo => {
            item.insert("type".into(), "boolean".into());
        }
        QuestionType::Date => {
            item.insert("type".into(), "date".into());
        }
        QuestionType::Number if is_quantity(q) => {
            item.insert("type".into(), "quantity".into());
            let unit = q.unit.as_deref().unwrap_or("");
            let mut ext = Vec::new();
            for u in std::iter::once(unit).chain(q.accepts_units.iter().map(String::as_str)) {
                ext.push(json!({"url": UNIT_OPTION_EXT, "valueCoding": unit_coding(policy, u)}));
            }
            for (url, bound) in [(MIN_QUANTITY_EXT, q.min), (MAX_QUANTITY_EXT, q.max)] {
                if let Some(b) = bound {
                    ext.push(json!({"url": url, "valueQuantity": quantity(policy, b, unit)}));
                }
            }
            item.insert("extension".into(), Value::Array(ext));
        }
        QuestionType::Number => {
            item.insert("type".into(), if q.integer { "integer" } else { "decimal" }.into());
            let mut ext = Vec::new();
            if let Some(unit) = &q.unit {
                ext.push(json!({"url": UNIT_EXT, "valueCoding": unit_coding(policy, unit)}));
            }
            for (url, bound) in [(MIN_EXT, q.min), (MAX_EXT, q.max)] {
                if let Some(b) = bound {
                    let (key, value) = number_value(q, "value", b);
                    ext.push(json!({"url": url, key: value}));
                }
            }
            if !ext.is_empty() {
                item.insert("extension".into(), Value::Array(ext));
            }
        }
        QuestionType::Choice | QuestionType::MultiChoice => {
            item.insert("type".into(), "choice".into());
            if q.kind == QuestionType::MultiChoice {
                item.insert("repeats".into(), true.into());
            }
            let system = option_system(policy, &q.id);
            let mut options: Vec<Value> = q
                .options
                .iter()
                .map(|o| json!({"valueCoding": {"system": system, "code": o.value, "display": o.label}}))
                .collect();
            if q.kind == QuestionType::MultiChoice && !has_own_none(q) {
                options.insert(0, none_option(policy, q));
            }
            item.insert("answerOption".into(), Value::Array(options));
        }
        QuestionType::DrugList => {
            item.insert("type".into(), "choice".into());
            item.insert("repeats".into(), true.into());
            let mut options = drug_options(policy, q);
            options.insert(0, none_option(policy, q));
            item.insert("answerOption".into(), Value::Array(options));
        }
        QuestionType::TherapyLines => {
            // FHIR has no list of lists: each prior line is one repetition of the group.
            item.insert("type".into(), "group".into());
            item.insert("repeats".into(), true.into());
            children.push(json!({
                "linkId": format!("{}.drugs", q.id),
                "text": "Drugs in this line of therapy",
                "type": "choice",
                "repeats": true,
                "answerOption": drug_options(policy, q),
            }));
            if q.line_dates {
                children.push(json!({
                    "linkId": format!("{}.start", q.id),
                    "text": "Date this line of therapy started",
                    "type": "date",
                }));
            }
            children.push(json!({
                "linkId": format!("{}.unknown_drugs", q.id),
                "text": "Not every drug of this line is documented",
                "type": "boolean",
            }));
        }
    }
    if !children.is_empty() {
        item.insert("item".into(), Value::Array(children));
    }
    sdc::prefill_hint(q, &mut item);
    Value::Object(item)
}

/// The catalogue a `drug_list` or `therapy_lines` question offers.
fn offered_drugs<'p>(policy: &'p LoadedPolicy, q: &'p Question) -> impl Iterator<Item = &'p criteria::model::Drug> {
    policy
        .policy
        .drugs
        .iter()
        .filter(move |d| q.classes.is_empty() || d.classes.iter().any(|c| q.classes.contains(c)))
}

fn drug_options(policy: &LoadedPolicy, q: &Question) -> Vec<Value> {
    let system = drug_system(policy);
    offered_drugs(policy, q)
        .map(|d| json!({"valueCoding": {"system": system, "code": d.id, "display": d.label}}))
        .collect()
}

/// A value with its unit as a FHIR Quantity.
fn quantity(policy: &LoadedPolicy, value: f64, unit: &str) -> Value {
    let mut q = json!({"value": value, "unit": unit});
    if let (Some(obj), Some(code)) = (q.as_object_mut(), ucum_code(policy, unit)) {
        obj.insert("system".into(), UCUM.into());
        obj.insert("code".into(), code.into());
    }
    q
}

/// A policy unit as a coding: UCUM where the unit has a UCUM spelling, else the unit as written.
fn unit_coding(policy: &LoadedPolicy, unit: &str) -> Value {
    match ucum_code(policy, unit) {
        Some(code) => json!({"system": UCUM, "code": code, "display": unit}),
        None => json!({"code": unit, "display": unit}),
    }
}

/// The UCUM spelling of a policy unit, where it has one: the policy's own declaration
/// (`units[].ucum`), else the common units of clinical practice.
pub(crate) fn ucum_code<'a>(policy: &'a LoadedPolicy, unit: &'a str) -> Option<&'a str> {
    policy.declared_ucum(unit).or_else(|| common_ucum(unit))
}

fn common_ucum(unit: &str) -> Option<&str> {
    COMMON_UCUM.iter().find(|(u, _)| *u == unit).map(|(_, code)| *code)
}

/// The common units of clinical practice as policies write them, with their UCUM codes.
const COMMON_UCUM: &[(&str, &str)] = &[
    ("kg", "kg"),
    ("g/dL", "g/dL"),
    ("mg/dL", "mg/dL"),
    ("%", "%"),
    ("mg", "mg"),
    ("mL", "mL"),
    ("mg/L", "mg/L"),
    ("g/L", "g/L"),
    ("g", "g"),
    ("lb", "[lb_av]"),
    ("g/24 h", "g/(24.h)"),
    ("weeks", "wk"),
    ("mg/day", "mg/d"),
    ("mg/24 h", "mg/(24.h)"),
    ("cells/µL", "/uL"),
    ("months", "mo"),
    ("years", "a"),
    ("days", "d"),
    // The engine's unit of a `score`.
    ("points", "{points}"),
];

/// A record's quantity unit in the policy's spelling: the question's own or accepted units
/// first (by UCUM code or as written), then any common unit by its UCUM code, else as written.
pub(crate) fn quantity_unit_of(policy: &LoadedPolicy, q: &Question, qty: &Value) -> Option<String> {
    let code = qty.get("code").and_then(Value::as_str);
    let unit = qty.get("unit").and_then(Value::as_str);
    policy_unit(policy, q, code, unit)
}

/// [`quantity_unit_of`] for a quantity's UCUM code and unit as written.
pub(crate) fn policy_unit(
    policy: &LoadedPolicy,
    q: &Question,
    code: Option<&str>,
    unit: Option<&str>,
) -> Option<String> {
    let known = std::iter::once(q.unit.as_deref().unwrap_or("")).chain(q.accepts_units.iter().map(String::as_str));
    for u in known {
        if code.is_some_and(|c| ucum_code(policy, u) == Some(c)) || unit == Some(u) {
            return Some(u.to_owned());
        }
    }
    if let Some((u, _)) = COMMON_UCUM.iter().find(|(_, c)| code == Some(*c)) {
        return Some((*u).to_owned());
    }
    unit.or(code).map(str::to_owned)
}

/// A number as `<prefix>Integer` or `<prefix>Decimal`, following the question's item type.
fn number_value(q: &Question, prefix: &str, n: f64) -> (String, Value) {
    if q.integer {
        (format!("{prefix}Integer"), json!(n.round() as i64))
    } else {
        (format!("{prefix}Decimal"), json!(n))
    }
}

/// The answers as a FHIR R4 `QuestionnaireResponse` to [`questionnaire`]: one item per
/// answered question that the engine shows now, in form order. Answers to hidden questions are
/// left out, as they are left out of the verdict.
pub fn response(policy: &LoadedPolicy, answers: &Answers, ctx: &Context) -> Value {
    response_with_origins(policy, answers, ctx, |_| None)
}

/// Where an answer came from, as the Da Vinci DTR information-origin extension (STU 2.1) says
/// it on a response's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Filled from the patient's record and left as it was.
    Auto,
    /// Filled from the record, then changed by a person.
    Override,
    /// Entered by a person.
    Manual,
    /// Inferred from the record (lines grouped, results combined) and left as it was; DTR says
    /// `auto`, and Precheck's own extension says whether the user confirmed it.
    Inferred { confirmed: bool },
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Auto | Origin::Inferred { .. } => "auto",
            Origin::Override => "override",
            Origin::Manual => "manual",
        }
    }
}

/// Precheck's extension on an answer inferred from a record: `confirmed` or `unconfirmed`.
pub const INFERRED: &str = "urn:precheck:extension:inferred";

/// Every answer in an item and the items under it (a prior line's drugs) gets the extension.
fn mark_answers(item: &mut Value, ext: &Value) {
    for a in item
        .get_mut("answer")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(obj) = a.as_object_mut() {
            obj.insert("extension".into(), ext.clone());
        }
    }
    for child in item.get_mut("item").and_then(Value::as_array_mut).into_iter().flatten() {
        mark_answers(child, ext);
    }
}

/// The DTR extension that says how an answer came to exist.
const INFORMATION_ORIGIN: &str = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";

/// [`response`], each answer marked with its origin where `origin` knows it.
pub fn response_with_origins(
    policy: &LoadedPolicy,
    answers: &Answers,
    ctx: &Context,
    origin: impl Fn(&str) -> Option<Origin>,
) -> Value {
    let p = &policy.policy;
    let result = evaluate(policy, answers, ctx);
    let relevant: BTreeSet<&str> = result.relevant.iter().copied().collect();
    let mut items = Vec::new();
    for q in &p.questions {
        if !relevant.contains(q.id.as_str()) {
            continue;
        }
        if let Some(answer) = answers.get(&q.id) {
            let mut own = response_items(policy, q, answer);
            if let Some(o) = origin(&q.id) {
                let mut ext =
                    json!([{"url": INFORMATION_ORIGIN, "extension": [{"url": "source", "valueCode": o.code()}]}]);
                if let (Origin::Inferred { confirmed }, Some(list)) = (o, ext.as_array_mut()) {
                    let code = if confirmed { "confirmed" } else { "unconfirmed" };
                    list.push(json!({"url": INFERRED, "valueCode": code}));
                }
                for item in own
                    .iter_mut()
                    .filter(|i| i.get("linkId").and_then(Value::as_str) == Some(q.id.as_str()))
                {
                    mark_answers(item, &ext);
                }
            }
            items.extend(own);
        }
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", canonical_url(policy), p.last_review),
        "status": if result.outcome == Outcome::Incomplete { "in-progress" } else { "completed" },
        "authored": ctx.as_of.to_string(),
        "item": items,
    })
}

fn response_items(policy: &LoadedPolicy, q: &Question, answer: &Answer) -> Vec<Value> {
    let coding = |code: &str| -> Value {
        match q.kind {
            QuestionType::Choice | QuestionType::MultiChoice => {
                let display = q.options.iter().find(|o| o.value == code).map_or(code, |o| &o.label);
                json!({"valueCoding": {"system": option_system(policy, &q.id), "code": code, "display": display}})
            }
            _ => {
                json!({"valueCoding": {"system": drug_system(policy), "code": code, "display": policy.drug_label(code)}})
            }
        }
    };
    let answers: Vec<Value> = match answer {
        Answer::NotDone => {
            return vec![
                json!({
                    "linkId": q.id,
                    "text": q.prompt,
                    "extension": [{"url": DATA_ABSENT_REASON, "valueCode": "not-performed"}],
                }),
                flag_answer(q, NOT_DONE),
            ];
        }
        Answer::Partial(inner) => {
            let mut out = response_items(policy, q, inner);
            out.push(flag_answer(q, INCOMPLETE));
            return out;
        }
        Answer::Lines(lines) if lines.is_empty() => return vec![flag_answer(q, NO_LINES)],
        Answer::Many(items) if items.is_empty() && !has_own_none(q) => {
            vec![json!({"valueCoding": none_coding(policy, q)})]
        }
        Answer::Bool(b) => vec![json!({"valueBoolean": b})],
        Answer::Number(n) if is_quantity(q) => {
            vec![json!({"valueQuantity": quantity(policy, *n, q.unit.as_deref().unwrap_or(""))})]
        }
        Answer::Number(n) => {
            let (key, value) = number_value(q, "value", *n);
            vec![json!({key: value})]
        }
        Answer::Date(d) => vec![json!({"valueDate": d.to_string()})],
        Answer::Choice(c) => vec![coding(c)],
        Answer::Many(items) => items.iter().map(|c| coding(c)).collect(),
        Answer::Lines(lines) => {
            // One repetition of the group per prior line; a line without drugs keeps its place.
            return lines
                .iter()
                .map(|line| {
                    let mut group = json!({"linkId": q.id, "text": q.prompt});
                    let mut parts = Vec::new();
                    if !line.drugs.is_empty() {
                        let drugs: Vec<Value> = line.drugs.iter().map(|d| coding(d)).collect();
                        parts.push(json!({"linkId": format!("{}.drugs", q.id), "text": "Drugs in this line of therapy", "answer": drugs}));
                    }
                    if let Some(d) = line.start {
                        parts.push(json!({"linkId": format!("{}.start", q.id), "text": "Date this line of therapy started", "answer": [{"valueDate": d.to_string()}]}));
                    }
                    if line.unknown_drugs {
                        parts.push(json!({"linkId": format!("{}.unknown_drugs", q.id), "text": "Not every drug of this line is documented", "answer": [{"valueBoolean": true}]}));
                    }
                    if !parts.is_empty() {
                        group["item"] = Value::Array(parts);
                    }
                    group
                })
                .collect();
        }
    };
    if answers.is_empty() {
        return Vec::new();
    }
    vec![json!({"linkId": q.id, "text": q.prompt, "answer": answers})]
}

/// An `enableWhen` entry; equal entries are the same condition.
type Atom = Value;
/// Atoms of which any one may hold.
type Clause = Vec<Atom>;

/// Per question (by form position): the gate conditions of every way down to it, as the
/// engine states them ([`LoadedPolicy::gate_paths`]).
struct Gates<'p> {
    paths: Vec<Vec<criteria::GatePath<'p>>>,
}

impl<'p> Gates<'p> {
    fn walk(policy: &'p LoadedPolicy) -> Gates<'p> {
        Gates {
            paths: policy.gate_paths(),
        }
    }

    /// The `enableWhen` entries for question `i` and how they combine, or `None` when the
    /// question is shown unconditionally (or on conditions FHIR cannot state).
    fn enable_when(&self, policy: &LoadedPolicy, i: usize) -> Option<(&'static str, Vec<Atom>)> {
        let me = policy.policy.questions.get(i)?;
        let paths = self.paths.get(i)?;
        let mut cnfs: Vec<Vec<Clause>> = Vec::new();
        for path in paths {
            let mut cnf: Vec<Clause> = Vec::new();
            // An inexpressible condition is dropped: the gate gets weaker, so the item is shown
            // at least whenever the engine shows the question.
            for clause in path.iter().filter_map(|p| clause(policy, p, &me.id)) {
                if !cnf.contains(&clause) {
                    cnf.push(clause);
                }
            }
            if cnf.is_empty() {
                return None;
            }
            cnfs.push(cnf);
        }
        if cnfs.is_empty() {
            return None;
        }
        let subset = |a: &Clause, b: &Clause| a.iter().all(|x| b.contains(x));
        // A clause every path implies: each path has a clause at least as strict.
        let mut common: Vec<Clause> = Vec::new();
        for c in cnfs.iter().flatten() {
            if !common.contains(c) && cnfs.iter().all(|cnf| cnf.iter().any(|d| subset(d, c))) {
                common.push(c.clone());
            }
        }
        // Drop clauses implied by a stricter kept one.
        let kept: Vec<Clause> = common
            .iter()
            .filter(|c| !common.iter().any(|d| d != *c && subset(d, c)))
            .cloned()
            .collect();
        if kept.is_empty() {
            // Every path implies its own first clause, so their union holds on any path.
            let mut union: Clause = Vec::new();
            for cnf in &cnfs {
                for atom in cnf.first().into_iter().flatten() {
                    if !union.contains(atom) {
                        union.push(atom.clone());
                    }
                }
            }
            return Some(("any", union));
        }
        let singles: Vec<Atom> = kept.iter().filter(|c| c.len() == 1).flatten().cloned().collect();
        if !singles.is_empty() {
            return Some(("all", singles));
        }
        kept.into_iter().next().map(|c| ("any", c))
    }
}

/// A condition as `enableWhen` atoms of which any may hold, or `None` when FHIR cannot state it
/// (or it reads `me`, the item being gated).
fn clause(policy: &LoadedPolicy, pred: &Pred, me: &str) -> Option<Clause> {
    let question = |id: &str| policy.question(id).filter(|q| q.id != me);
    let equals = |id: &str, key: &str, value: Value| json!({"question": id, "operator": "=", key: value});
    let out: Clause = match pred {
        Pred::Yes(id) | Pred::No(id) => {
            let q = question(id).filter(|q| q.kind == QuestionType::YesNo)?;
            vec![equals(
                &q.id,
                "answerBoolean",
                Value::Bool(matches!(pred, Pred::Yes(_))),
            )]
        }
        Pred::ChoiceIn { question: id, values } => {
            let q = question(id).filter(|q| q.kind == QuestionType::Choice)?;
            values
                .iter()
                .map(|v| equals(&q.id, "answerCoding", option_coding(policy, q, v)))
                .collect()
        }
        Pred::IncludesAny {
            question: id,
            values,
            class,
        } => {
            let q = question(id)?;
            match q.kind {
                QuestionType::MultiChoice => {
                    if class.is_some() {
                        return None;
                    }
                    values
                        .iter()
                        .map(|v| equals(&q.id, "answerCoding", option_coding(policy, q, v)))
                        .collect()
                }
                QuestionType::DrugList => {
                    let system = drug_system(policy);
                    offered_drugs(policy, q)
                        .filter(|d| values.contains(&d.id) || class.as_ref().is_some_and(|c| d.classes.contains(c)))
                        .map(|d| {
                            equals(
                                &q.id,
                                "answerCoding",
                                json!({"system": system, "code": d.id, "display": d.label}),
                            )
                        })
                        .collect()
                }
                _ => return None,
            }
        }
        Pred::WithinDays { .. } | Pred::WithinMonths { .. } | Pred::LinesDated(_) | Pred::Not(_) => return None,
        Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) => {
            let op = match pred {
                Pred::Ge(_) => ">=",
                Pred::Gt(_) => ">",
                Pred::Le(_) => "<=",
                Pred::Lt(_) => "<",
                _ => "=",
            };
            let [a, b] = pair.as_ref();
            // `constant op answer` reads as `answer flipped-op constant`.
            let (id, op, constant) = match (a, b) {
                (Expr::Q(id), Expr::Num(n) | Expr::Qty(n, _)) => (id, op, *n),
                (Expr::Num(n) | Expr::Qty(n, _), Expr::Q(id)) => (id, flip(op), *n),
                _ => return None,
            };
            let q = question(id).filter(|q| q.kind == QuestionType::Number)?;
            // An integer item compares with integers only; a fractional bound would change meaning.
            if q.integer && constant.fract() != 0.0 {
                return None;
            }
            let (key, value) = if is_quantity(q) {
                (
                    "answerQuantity".to_owned(),
                    quantity(policy, constant, q.unit.as_deref().unwrap_or("")),
                )
            } else {
                number_value(q, "answer", constant)
            };
            vec![json!({"question": q.id, "operator": op, key: value})]
        }
    };
    (!out.is_empty()).then_some(out)
}

fn flip(op: &'static str) -> &'static str {
    match op {
        ">=" => "<=",
        ">" => "<",
        "<=" => ">=",
        "<" => ">",
        other => other,
    }
}

fn option_coding(policy: &LoadedPolicy, q: &Question, value: &str) -> Value {
    let display = q.options.iter().find(|o| o.value == value).map_or(value, |o| &o.label);
    json!({"system": option_system(policy, &q.id), "code": value, "display": display})
}

pub mod read;
mod sdc;

#[cfg(test)]
mod tests;
