//! A prescriber's answers: parsing them from JSON against a policy's questions.
//!
//! A bad answer never spoils the others: each problem is reported with the question it
//! belongs to, and every valid answer is kept.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value as Json;

use crate::date::Date;
use crate::hash::FastMap;
use crate::model::QuestionType;
use crate::units;
use crate::validate::LoadedPolicy;

mod lists;
mod together;
use lists::check_list;
pub(crate) use together::{check_birth_order, check_companions, check_covers, AnswerStore};

/// One answer, already checked against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Bool(bool),
    /// In the question's own unit.
    Number(f64),
    Date(Date),
    Choice(String),
    /// Options of a `multi_choice`, or drug ids of a `drug_list`.
    Many(Vec<String>),
    /// Prior lines of therapy, oldest first.
    Lines(Vec<Line>),
    /// The fact is known to be absent (a test never done): every criterion that needs it is
    /// not met. Only for questions whose policy allows it.
    NotDone,
    /// A `Many` or `Lines` list as far as it is known: there may be more. What is listed
    /// counts; nothing is concluded from what is not.
    Partial(Box<Answer>),
}

/// One prior line of therapy: its drugs, and when it started where the policy asks for that.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub drugs: Vec<String>,
    pub start: Option<Date>,
    /// The line's drugs are not all documented (an outside hospital's regimen): it counts as a
    /// line, and what it lists is all it proves; no drug class is concluded absent from it.
    pub unknown_drugs: bool,
}

impl Line {
    pub fn new(drugs: Vec<String>) -> Line {
        Line {
            drugs,
            ..Line::default()
        }
    }

    /// Whether the line is written as an object rather than a plain list of drugs.
    fn is_plain(&self) -> bool {
        self.start.is_none() && !self.unknown_drugs
    }

    fn to_json(&self) -> Json {
        let drugs = Json::Array(self.drugs.iter().cloned().map(Json::String).collect());
        if self.is_plain() {
            return drugs;
        }
        let mut map = serde_json::Map::new();
        map.insert("drugs".into(), drugs);
        if let Some(d) = self.start {
            map.insert("start".into(), Json::String(d.to_string()));
        }
        if self.unknown_drugs {
            map.insert("unknown_drugs".into(), Json::Bool(true));
        }
        Json::Object(map)
    }
}

/// A "not done" answer for a question that is not asked because the question it belongs to
/// is not done.
pub(crate) static IMPLIED_NOT_DONE: Answer = Answer::NotDone;

impl Answer {
    /// The answer as it is written in an answers file.
    pub fn to_json(&self) -> Json {
        match self {
            Answer::Bool(b) => Json::Bool(*b),
            Answer::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Answer::Date(d) => Json::String(d.to_string()),
            Answer::Choice(c) => Json::String(c.clone()),
            Answer::Many(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
            Answer::Lines(lines) => Json::Array(lines.iter().map(Line::to_json).collect()),
            Answer::NotDone => serde_json::json!({"not_done": true}),
            Answer::Partial(inner) => serde_json::json!({"partial": inner.to_json()}),
        }
    }

    /// Whether this is a list known only in part.
    pub fn is_partial(&self) -> bool {
        matches!(self, Answer::Partial(_))
    }

    /// The prior lines of a `therapy_lines` answer, whole or known in part.
    pub fn lines(&self) -> Option<&[Line]> {
        match self {
            Answer::Lines(lines) => Some(lines),
            Answer::Partial(inner) => inner.lines(),
            _ => None,
        }
    }

    /// Whether more can still be learned for this answer: a list known only in part, or lines
    /// one of which has drugs not documented. Such a question stays among the missing ones
    /// while a criterion it decides is open.
    pub fn is_open(&self) -> bool {
        match self {
            Answer::Partial(_) => true,
            Answer::Lines(lines) => lines.iter().any(|l| l.unknown_drugs),
            _ => false,
        }
    }
}

/// An answer serializes as it is written in an answers file ([`Answer::to_json`]), straight to
/// the serializer (the explanation writes one per answer used).
impl serde::Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Answer::Bool(b) => serializer.serialize_bool(*b),
            Answer::Number(n) if n.is_finite() => serializer.serialize_f64(*n),
            Answer::Number(_) => serializer.serialize_none(),
            Answer::Date(d) => serializer.collect_str(d),
            Answer::Choice(c) => serializer.serialize_str(c),
            Answer::Many(items) => serializer.collect_seq(items),
            Answer::Lines(lines) => serializer.collect_seq(lines),
            Answer::NotDone => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("not_done", &true)?;
                map.end()
            }
            Answer::Partial(inner) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("partial", inner.as_ref())?;
                map.end()
            }
        }
    }
}

impl serde::Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.is_plain() {
            return serializer.collect_seq(&self.drugs);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("drugs", &self.drugs)?;
        if let Some(d) = self.start {
            map.serialize_entry("start", &d.to_string())?;
        }
        if self.unknown_drugs {
            map.serialize_entry("unknown_drugs", &true)?;
        }
        map.end()
    }
}

/// Formats a number without trailing zeros (`0.5`, `12`, `8.33`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{n:.0}");
    }
    let text = format!("{n:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The answers to one policy's questions, keyed by question id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    values: FastMap<String, Answer>,
}

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.values.get(question)
    }

    pub fn set(&mut self, question: impl Into<String>, answer: Answer) {
        self.values.insert(question.into(), answer);
    }

    pub fn remove(&mut self, question: &str) -> Option<Answer> {
        self.values.remove(question)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The answers in no particular order (cheaper than `iter`).
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Answer)> {
        self.values.iter()
    }

    /// The answers in question-id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Answer)> {
        let mut all: Vec<(&String, &Answer)> = self.values.iter().collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }

    /// Keeps only the answers whose question ids pass `keep`.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.values.retain(|k, _| keep(k));
    }

    /// The answers as an answers-file object.
    pub fn to_json(&self) -> Json {
        Json::Object(self.values.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

/// What kind of problem an answer has; code branches on this, people read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AnswerErrorKind {
    /// The key is not a question of the policy.
    UnknownQuestion,
    /// The key is a question an earlier version of the policy asked; the message says what
    /// asks for its fact now.
    Retired,
    /// The value has the wrong shape for the question's type.
    WrongType,
    /// The value cannot be read (a number too large, not finite).
    Unreadable,
    /// A unit the question does not accept or cannot convert.
    Unit,
    /// A number outside the question's range, or not whole where it must be.
    OutOfRange,
    /// Not a real date in `YYYY-MM-DD` form.
    BadDate,
    /// A date after the as-of date.
    AfterAsOf,
    /// A date before the date of birth.
    BeforeBirth,
    /// An option or drug the question does not offer.
    NotOffered,
    /// "Not done" or a partial list where the policy does not allow it.
    NotAllowed,
    /// The same question answered twice.
    Duplicate,
    /// An answer that contradicts another (a companion answered while its test is not done).
    Contradiction,
}

use AnswerErrorKind as Kind;

/// A problem with one answer; the question id names the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[error("`{question}`: {message}")]
pub struct AnswerError {
    pub question: String,
    pub kind: AnswerErrorKind,
    pub message: String,
}

/// Why an answers document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswersError {
    #[error("answers are not valid JSON: {0}")]
    Syntax(String),
    #[error("answers must be a JSON object of question ids to values")]
    NotAnObject,
}

/// The entries of a JSON object in order, duplicates included (serde_json's map drops them),
/// each value still as raw text: a value that cannot be read (a number too large for a float)
/// is then an error of its own field, not of the whole document.
struct Entries(Vec<(String, Box<serde_json::value::RawValue>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Box<serde_json::value::RawValue>>()? {
                    out.push((key, value));
                }
                Ok(Entries(out))
            }
        }
        deserializer
            .deserialize_any(EntriesVisitor)
            .map_err(|_: D::Error| de::Error::custom("not an object"))
    }
}

/// Parses an answers document against a policy; the as-of date bounds date answers.
pub fn parse_answers(
    policy: &LoadedPolicy,
    text: &str,
    as_of: Date,
) -> Result<(Answers, Vec<AnswerError>), AnswersError> {
    // Raw values check the syntax without reading numbers, which may overflow one by one.
    let raw: &serde_json::value::RawValue =
        serde_json::from_str(text).map_err(|e| AnswersError::Syntax(e.to_string()))?;
    if !raw.get().trim_start().starts_with('{') {
        return Err(AnswersError::NotAnObject);
    }
    let entries: Entries = serde_json::from_str(text).map_err(|_| AnswersError::NotAnObject)?;
    let mut errors = Vec::new();
    let mut values = Vec::with_capacity(entries.0.len());
    for (key, raw) in entries.0 {
        match serde_json::from_str::<Json>(raw.get()) {
            Ok(value) => values.push((key, value)),
            Err(e) => {
                // Keep the key so that a duplicate is still reported as one.
                values.push((key.clone(), Json::Null));
                errors.push(unreadable(key, raw.get(), &e));
            }
        }
    }
    let (answers, more) = answers_from_entries(policy, values, as_of);
    errors.extend(more);
    Ok((answers, errors))
}

/// The error of a value whose syntax is valid but which cannot be read (`1e999`).
pub(crate) fn unreadable(question: String, raw: &str, e: &serde_json::Error) -> AnswerError {
    AnswerError {
        question,
        kind: Kind::Unreadable,
        message: if overflows(raw) {
            "is not a finite number".into()
        } else {
            format!("cannot be read ({e})")
        },
    }
}

/// Whether JSON text (valid syntax) holds a number too large for a float, such as `1e999`.
fn overflows(json: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let mut number = String::new();
    for c in json.chars().chain(std::iter::once(' ')) {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
            number.push(c);
        } else {
            if number.parse::<f64>().is_ok_and(f64::is_infinite) {
                return true;
            }
            number.clear();
            in_string = c == '"';
        }
    }
    false
}

/// Checks answers given as a JSON object value (for callers that already parsed JSON).
pub fn answers_from_json(
    policy: &LoadedPolicy,
    value: &Json,
    as_of: Date,
) -> Result<(Answers, Vec<AnswerError>), AnswersError> {
    let Json::Object(map) = value else {
        return Err(AnswersError::NotAnObject);
    };
    let entries = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(answers_from_entries(policy, entries, as_of))
}

fn answers_from_entries(
    policy: &LoadedPolicy,
    entries: Vec<(String, Json)>,
    as_of: Date,
) -> (Answers, Vec<AnswerError>) {
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (key, value) in entries {
        if !seen.insert(key.clone()) {
            errors.push(AnswerError {
                question: key.clone(),
                kind: Kind::Duplicate,
                message: "is given twice".into(),
            });
            answers.remove(&key);
            continue;
        }
        if value.is_null() {
            continue;
        }
        match check_answer(policy, &key, &value, as_of) {
            Ok(answer) => answers.set(key, answer),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(check_together(policy, &mut answers));
    (answers, errors)
}

/// The checks that look at several answers at once, for callers that check answers one by one
/// (a form): dates before the date of birth, a companion answered while its question is not
/// done, and a complete history that leaves out a drug of the lines it covers. Each offending
/// answer is removed and named in an error.
pub fn check_together(policy: &LoadedPolicy, answers: &mut Answers) -> Vec<AnswerError> {
    let mut errors = Vec::new();
    check_birth_order(policy, answers, &mut errors);
    check_companions(policy, answers, &mut errors);
    check_covers(policy, answers, &mut errors);
    errors
}

/// Checks one answer against its question; the error names the question, what kind of
/// problem it is and what is wrong.
pub fn check_answer(policy: &LoadedPolicy, id: &str, value: &Json, as_of: Date) -> Result<Answer, AnswerError> {
    check(policy, id, value, as_of).map_err(|r| AnswerError {
        question: id.to_owned(),
        kind: r.kind,
        message: r.message,
    })
}

/// What is wrong with an answer, before it is put with its question.
pub(crate) struct Refusal {
    pub(crate) kind: Kind,
    pub(crate) message: String,
}

fn refuse(kind: Kind, message: impl Into<String>) -> Refusal {
    Refusal {
        kind,
        message: message.into(),
    }
}

pub(crate) fn check(policy: &LoadedPolicy, id: &str, value: &Json, as_of: Date) -> Result<Answer, Refusal> {
    let Some(q) = policy.question(id) else {
        return Err(match policy.policy.retired.iter().find(|r| r.question == id) {
            Some(r) => refuse(
                Kind::Retired,
                format!("is no longer asked by this version of the policy: {}", r.note),
            ),
            None => refuse(Kind::UnknownQuestion, "is not a question of this policy"),
        });
    };
    check_question(policy, q, value, as_of)
}

/// [`check`] for a question already found.
pub(crate) fn check_question(
    policy: &LoadedPolicy,
    q: &crate::model::Question,
    value: &Json,
    as_of: Date,
) -> Result<Answer, Refusal> {
    let wrong = || {
        refuse(
            Kind::WrongType,
            format!("expects a {} answer, got {}", q.kind.name(), describe(value)),
        )
    };
    if let Some(flag) = marker(value, "not_done") {
        if !q.not_done {
            return Err(refuse(
                Kind::NotAllowed,
                "cannot be answered \"not done\" in this policy",
            ));
        }
        return match flag {
            Json::Bool(true) => Ok(Answer::NotDone),
            _ => Err(refuse(
                Kind::WrongType,
                "`not_done` takes only `true` (leave the answer out when it is not known)",
            )),
        };
    }
    if let Some(list) = marker(value, "partial") {
        if !q.partial {
            return Err(refuse(
                Kind::NotAllowed,
                "cannot be answered as a partial list in this policy",
            ));
        }
        return match check_list(policy, q, list, as_of)? {
            answer @ (Answer::Many(_) | Answer::Lines(_)) => Ok(Answer::Partial(Box::new(answer))),
            _ => Err(wrong()),
        };
    }
    match q.kind {
        QuestionType::YesNo => value.as_bool().map(Answer::Bool).ok_or_else(wrong),
        QuestionType::Number => {
            let unit = q.unit.as_deref().unwrap_or("");
            let (n, given_unit) = match value {
                Json::Number(n) => (n.as_f64().ok_or_else(wrong)?, unit.to_owned()),
                Json::Object(map) => {
                    let n = map.get("value").and_then(Json::as_f64).ok_or_else(wrong)?;
                    let u = match map.get("unit") {
                        None | Some(Json::Null) => unit.to_owned(),
                        Some(Json::String(u)) => u.clone(),
                        Some(_) => return Err(refuse(Kind::WrongType, "the unit must be text such as `mg/L`")),
                    };
                    if map.keys().any(|k| k != "value" && k != "unit") {
                        return Err(refuse(
                            Kind::WrongType,
                            "a number with a unit takes only `value` and `unit`",
                        ));
                    }
                    (n, u)
                }
                Json::String(s)
                    if matches!(
                        s.to_ascii_lowercase().as_str(),
                        "nan" | "infinity" | "-infinity" | "inf"
                    ) =>
                {
                    return Err(refuse(Kind::Unreadable, format!("`{s}` is not a finite number")));
                }
                _ => return Err(wrong()),
            };
            let factor = if given_unit == unit {
                1.0
            } else if q.accepts_units.contains(&given_unit) {
                units::factor(&given_unit, unit)
                    .ok_or_else(|| refuse(Kind::Unit, format!("cannot convert `{given_unit}` to `{unit}`")))?
            } else {
                let mut accepted = vec![unit.to_owned()];
                accepted.extend(q.accepts_units.iter().cloned());
                return Err(refuse(
                    Kind::Unit,
                    format!(
                        "unit `{given_unit}` is not accepted here; use {}",
                        accepted.join(" or ")
                    ),
                ));
            };
            let n = n * factor;
            if !n.is_finite() {
                return Err(refuse(Kind::Unreadable, "is not a finite number"));
            }
            if q.integer && n.fract() != 0.0 {
                return Err(refuse(
                    Kind::OutOfRange,
                    format!("{} is not a whole number", format_number(n)),
                ));
            }
            if let Some(min) = q.min {
                if n < min {
                    return Err(refuse(
                        Kind::OutOfRange,
                        format!(
                            "{} {unit} is below the minimum of {} {unit}",
                            format_number(n),
                            format_number(min)
                        ),
                    ));
                }
            }
            if let Some(max) = q.max {
                if n > max {
                    return Err(refuse(
                        Kind::OutOfRange,
                        format!(
                            "{} {unit} is above the maximum of {} {unit}",
                            format_number(n),
                            format_number(max)
                        ),
                    ));
                }
            }
            Ok(Answer::Number(n))
        }
        QuestionType::Date => {
            let text = value.as_str().ok_or_else(wrong)?;
            let date = Date::parse(text)
                .ok_or_else(|| refuse(Kind::BadDate, format!("`{text}` is not a real date in YYYY-MM-DD form")))?;
            if date > as_of {
                return Err(refuse(
                    Kind::AfterAsOf,
                    format!("{date} is after the as-of date {as_of}"),
                ));
            }
            Ok(Answer::Date(date))
        }
        QuestionType::Choice => {
            let text = value.as_str().ok_or_else(wrong)?;
            if q.options.iter().any(|o| o.value == text) {
                Ok(Answer::Choice(text.to_owned()))
            } else {
                Err(refuse(
                    Kind::NotOffered,
                    format!("`{text}` is not one of: {}", option_list(q)),
                ))
            }
        }
        QuestionType::MultiChoice | QuestionType::DrugList | QuestionType::TherapyLines => {
            check_list(policy, q, value, as_of)
        }
    }
}

/// `{"<key>": value}` with that one key: the value.
fn marker<'v>(value: &'v Json, key: &str) -> Option<&'v Json> {
    match value {
        Json::Object(map) if map.len() == 1 => map.get(key),
        _ => None,
    }
}

fn option_list(q: &crate::model::Question) -> String {
    q.options
        .iter()
        .map(|o| format!("`{}`", o.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(value: &Json) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() > 40 => "a long string".into(),
        Json::String(s) => format!("the string `{s}`"),
        Json::Array(_) => "a list".into(),
        Json::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_serializes_as_its_answers_file_form() {
        let d = Date::parse("2025-03-01").unwrap_or(Date::UNIX_EPOCH);
        let answers = [
            Answer::Bool(true),
            Answer::Number(1.25),
            Answer::Number(f64::NAN),
            Answer::Date(d),
            Answer::Choice("a".into()),
            Answer::Many(vec!["x".into(), "y".into()]),
            Answer::Lines(vec![
                Line::new(vec!["x".into()]),
                Line {
                    drugs: vec!["y".into()],
                    start: Some(d),
                    unknown_drugs: false,
                },
                Line {
                    drugs: Vec::new(),
                    start: None,
                    unknown_drugs: true,
                },
            ]),
            Answer::NotDone,
            Answer::Partial(Box::new(Answer::Many(Vec::new()))),
        ];
        for a in answers {
            assert_eq!(serde_json::to_value(&a).ok(), Some(a.to_json()), "{a:?}");
        }
    }
}
