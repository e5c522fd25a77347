//! Reading a FHIR R4 `QuestionnaireResponse` back into answers, so that answers collected by
//! any SDC renderer from the exported [`questionnaire`](super::questionnaire) can be screened.
//!
//! The result is an answers document (the JSON the CLI and the app take) plus one error per
//! item that could not be read; the caller then checks the answers as it checks any other, so
//! a bad value is reported on its own question and every other answer still counts.

use serde_json::{json, Map, Value};

use super::{DATA_ABSENT_REASON, INCOMPLETE, NONE_CODE, NOT_DONE, NO_LINES};
use criteria::model::{Question, QuestionType};
use criteria::LoadedPolicy;
use criteria::{AnswerError, AnswerErrorKind};

/// Why a document is not a response that can be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("the response is not valid JSON: {0}")]
    Syntax(String),
    #[error("expected a QuestionnaireResponse, got {0}")]
    NotAResponse(String),
    #[error("the response answers `{0}`, not this policy's questionnaire `{1}`")]
    OtherQuestionnaire(String, String),
}

/// The answers a response holds, as an answers document, with an error for every item it
/// could not read. Items for questions the policy does not have are reported and skipped.
pub fn answers_from_response(policy: &LoadedPolicy, text: &str) -> Result<(Value, Vec<AnswerError>), ResponseError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ResponseError::Syntax(e.to_string()))?;
    let kind = doc.get("resourceType").and_then(Value::as_str).unwrap_or("");
    if kind != "QuestionnaireResponse" {
        let got = if kind.is_empty() {
            "no resourceType".to_owned()
        } else {
            format!("`{kind}`")
        };
        return Err(ResponseError::NotAResponse(got));
    }
    let canonical = super::canonical_url(policy);
    if let Some(q) = doc.get("questionnaire").and_then(Value::as_str) {
        let url = q.split('|').next().unwrap_or(q);
        if url != canonical {
            return Err(ResponseError::OtherQuestionnaire(q.to_owned(), canonical));
        }
    }
    let mut reader = Reader {
        policy,
        answers: Map::new(),
        flags: Vec::new(),
        errors: Vec::new(),
    };
    for item in items(&doc) {
        reader.item(item);
    }
    reader.apply_flags();
    Ok((Value::Object(reader.answers), reader.errors))
}

fn items(v: &Value) -> impl Iterator<Item = &Value> {
    v.get("item").and_then(Value::as_array).into_iter().flatten()
}

fn answers(v: &Value) -> impl Iterator<Item = &Value> {
    v.get("answer").and_then(Value::as_array).into_iter().flatten()
}

struct Reader<'p> {
    policy: &'p LoadedPolicy,
    answers: Map<String, Value>,
    /// `(question, suffix)` of every ticked flag item, applied once the values are read.
    flags: Vec<(String, &'static str)>,
    errors: Vec<AnswerError>,
}

impl Reader<'_> {
    fn error(&mut self, question: &str, kind: AnswerErrorKind, message: impl Into<String>) {
        self.errors.push(AnswerError {
            question: question.to_owned(),
            kind,
            message: message.into(),
        });
    }

    fn item(&mut self, item: &Value) {
        let Some(link) = item.get("linkId").and_then(Value::as_str) else {
            self.error("item", AnswerErrorKind::WrongType, "a response item has no linkId");
            return;
        };
        for suffix in [NOT_DONE, INCOMPLETE, NO_LINES] {
            if let Some(id) = link.strip_suffix(suffix) {
                if self.policy.question(id).is_some() {
                    if answers(item).any(|a| a.get("valueBoolean") == Some(&Value::Bool(true))) {
                        self.flags.push((id.to_owned(), suffix));
                    }
                    return;
                }
            }
        }
        let Some(q) = self.policy.question(link) else {
            self.error(
                link,
                AnswerErrorKind::UnknownQuestion,
                "is not a question of this policy",
            );
            return;
        };
        let absent = item
            .get("extension")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|e| e.get("url").and_then(Value::as_str) == Some(DATA_ABSENT_REASON));
        if absent {
            self.flags.push((q.id.clone(), NOT_DONE));
            return;
        }
        match self.value(q, item) {
            Ok(Some(v)) => {
                if self.answers.insert(q.id.clone(), v).is_some() && q.kind != QuestionType::TherapyLines {
                    self.error(&q.id, AnswerErrorKind::Duplicate, "is answered twice in the response");
                    self.answers.remove(&q.id);
                }
            }
            Ok(None) => {}
            Err(message) => self.error(&q.id, AnswerErrorKind::WrongType, message),
        }
    }

    /// The answer of one item as an answers-file value (`None`: the item holds no answer).
    fn value(&mut self, q: &Question, item: &Value) -> Result<Option<Value>, String> {
        let list: Vec<&Value> = answers(item).collect();
        let first = list.first().copied();
        let code = |a: &Value| -> Result<String, String> {
            a.get("valueCoding")
                .and_then(|c| c.get("code"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| "expects a coded answer (valueCoding)".to_owned())
        };
        Ok(Some(match q.kind {
            QuestionType::YesNo => {
                let Some(a) = first else { return Ok(None) };
                a.get("valueBoolean").cloned().ok_or("expects a valueBoolean answer")?
            }
            QuestionType::Date => {
                let Some(a) = first else { return Ok(None) };
                a.get("valueDate").cloned().ok_or("expects a valueDate answer")?
            }
            QuestionType::Number => {
                let Some(a) = first else { return Ok(None) };
                if let Some(v) = a.get("valueDecimal").or_else(|| a.get("valueInteger")) {
                    v.clone()
                } else if let Some(qty) = a.get("valueQuantity") {
                    let value = qty.get("value").cloned().ok_or("the quantity has no value")?;
                    match super::quantity_unit_of(self.policy, q, qty) {
                        Some(unit) => json!({"value": value, "unit": unit}),
                        None => value,
                    }
                } else {
                    return Err("expects a valueDecimal, valueInteger or valueQuantity answer".into());
                }
            }
            QuestionType::Choice => {
                let Some(a) = first else { return Ok(None) };
                Value::String(code(a)?)
            }
            QuestionType::MultiChoice | QuestionType::DrugList => {
                if list.is_empty() {
                    return Ok(None);
                }
                let mut codes = Vec::new();
                for a in &list {
                    codes.push(code(a)?);
                }
                // The exclusive "none of these" option is the empty list.
                if codes.iter().any(|c| c == NONE_CODE) && !q.options.iter().any(|o| o.value == NONE_CODE) {
                    if codes.len() > 1 {
                        return Err("\"none of these\" is ticked together with other options".into());
                    }
                    codes.clear();
                }
                json!(codes)
            }
            QuestionType::TherapyLines => {
                // One repetition of the group per line: append it to the lines read so far.
                let mut drugs = Vec::new();
                let mut start = None;
                let mut unknown_drugs = false;
                for part in items(item) {
                    let link = part.get("linkId").and_then(Value::as_str).unwrap_or("");
                    if link == format!("{}.drugs", q.id) {
                        for a in answers(part) {
                            drugs.push(code(a)?);
                        }
                    } else if link == format!("{}.start", q.id) {
                        start = answers(part).next().and_then(|a| a.get("valueDate")).cloned();
                    } else if link == format!("{}.unknown_drugs", q.id) {
                        unknown_drugs = answers(part).any(|a| a.get("valueBoolean") == Some(&Value::Bool(true)));
                    }
                }
                let mut line = serde_json::Map::new();
                line.insert("drugs".into(), json!(drugs));
                if let Some(d) = start.filter(|_| q.line_dates) {
                    line.insert("start".into(), d);
                }
                if unknown_drugs {
                    line.insert("unknown_drugs".into(), true.into());
                }
                let line = if line.len() == 1 {
                    json!(drugs)
                } else {
                    Value::Object(line)
                };
                let mut lines = match self.answers.remove(&q.id) {
                    Some(Value::Array(lines)) => lines,
                    _ => Vec::new(),
                };
                lines.push(line);
                Value::Array(lines)
            }
        }))
    }

    /// "Not done", "may be incomplete" and "no prior lines", once every value is read.
    fn apply_flags(&mut self) {
        let flags = std::mem::take(&mut self.flags);
        for (id, suffix) in flags {
            match suffix {
                NOT_DONE => {
                    self.answers.insert(id, json!({"not_done": true}));
                }
                INCOMPLETE => {
                    let list = self.answers.remove(&id).unwrap_or_else(|| json!([]));
                    self.answers.insert(id, json!({"partial": list}));
                }
                _ => {
                    if self
                        .answers
                        .get(&id)
                        .is_some_and(|v| v.as_array().is_some_and(|l| !l.is_empty()))
                    {
                        self.error(
                            &id,
                            AnswerErrorKind::Contradiction,
                            "\"no prior lines\" is ticked, but prior lines are listed too",
                        );
                        self.answers.remove(&id);
                    } else if !self.answers.contains_key(&id) {
                        self.answers.insert(id, json!([]));
                    }
                }
            }
        }
    }
}
