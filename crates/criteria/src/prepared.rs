//! Answers held by question index for one loaded policy: what a form updates field by field
//! and a batch reads once per case, evaluated with no look-up by id.
//!
//! [`Prepared::parse`] reads an answers document in one pass straight into the slots, each
//! value checked against its question as [`parse_answers`] does, with the same answers and the
//! same errors in the same order: a document this pass cannot read whole (not JSON, not an
//! object, a number out of range) goes to [`parse_answers`], which says what is wrong and where.
//! Each drug answer's class bits are worked out when it is set, not on every evaluation.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::Value as Json;

use crate::answers::{
    check, check_birth_order, check_companions, check_covers, check_question, parse_answers, Answer, AnswerError,
    AnswerErrorKind, AnswerStore, Answers, AnswersError,
};
use crate::date::Date;
use crate::eval::DrugBits;
use crate::result::{Context, Evaluation, Verdict};
use crate::validate::LoadedPolicy;

/// One policy's answers by question index.
#[derive(Debug, Clone)]
pub struct Prepared<'p> {
    policy: &'p LoadedPolicy,
    slots: Vec<Option<Answer>>,
    bits: Vec<Option<DrugBits>>,
}

impl<'p> Prepared<'p> {
    /// No answers yet.
    pub fn new(policy: &'p LoadedPolicy) -> Prepared<'p> {
        let n = policy.policy.questions.len();
        Prepared {
            policy,
            slots: vec![None; n],
            bits: vec![None; n],
        }
    }

    /// The answers of a checked answer set (answers to other questions are left out).
    pub fn from_answers(policy: &'p LoadedPolicy, answers: &Answers) -> Prepared<'p> {
        let mut out = Prepared::new(policy);
        for (id, answer) in answers.entries() {
            out.set(id, answer.clone());
        }
        out
    }

    /// Reads and checks an answers document, as [`parse_answers`] does, in one pass.
    pub fn parse(
        policy: &'p LoadedPolicy,
        text: &str,
        as_of: Date,
    ) -> Result<(Prepared<'p>, Vec<AnswerError>), AnswersError> {
        let mut out = Prepared::new(policy);
        let mut reader = Reader {
            prepared: &mut out,
            as_of,
            seen: vec![false; policy.policy.questions.len()],
            seen_other: Vec::new(),
            errors: Vec::new(),
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let read = de::Deserializer::deserialize_map(&mut de, &mut reader).and_then(|()| de.end());
        if read.is_err() {
            // Not an object, not JSON, or a value out of range: the general reader words it.
            let (answers, errors) = parse_answers(policy, text, as_of)?;
            return Ok((Prepared::from_answers(policy, &answers), errors));
        }
        let mut errors = reader.errors;
        out.check_together(&mut errors);
        Ok((out, errors))
    }

    /// Sets an answer already checked against its question; false when the policy has no such
    /// question.
    pub fn set(&mut self, question: &str, answer: Answer) -> bool {
        let Some(&i) = self.policy.questions.get(question) else {
            return false;
        };
        self.set_at(i, answer);
        true
    }

    fn set_at(&mut self, i: usize, answer: Answer) {
        if i < self.slots.len() {
            self.bits[i] = DrugBits::of(&self.policy.program, &answer);
            self.slots[i] = Some(answer);
        }
    }

    fn remove_at(&mut self, i: usize) {
        if i < self.slots.len() {
            self.bits[i] = None;
            self.slots[i] = None;
        }
    }

    /// Checks a value given as JSON against its question and sets it; `null` clears it.
    pub fn set_json(&mut self, question: &str, value: &Json, as_of: Date) -> Result<(), AnswerError> {
        if value.is_null() && self.policy.questions.contains_key(question) {
            self.remove(question);
            return Ok(());
        }
        let answer = check(self.policy, question, value, as_of).map_err(|r| AnswerError {
            question: question.to_owned(),
            kind: r.kind,
            message: r.message,
        })?;
        self.set(question, answer);
        Ok(())
    }

    pub fn remove(&mut self, question: &str) -> Option<Answer> {
        let &i = self.policy.questions.get(question)?;
        self.bits[i] = None;
        self.slots[i].take()
    }

    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.policy
            .questions
            .get(question)
            .and_then(|&i| self.slots[i].as_ref())
    }

    /// Drops every answer.
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = None);
        self.bits.iter_mut().for_each(|b| *b = None);
    }

    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    /// The answers keyed by question id.
    pub fn to_answers(&self) -> Answers {
        let mut out = Answers::new();
        for (q, slot) in self.policy.policy.questions.iter().zip(&self.slots) {
            if let Some(a) = slot {
                out.set(q.id.clone(), a.clone());
            }
        }
        out
    }

    /// The checks across answers ([`crate::check_together`]): each offending answer is removed
    /// and named in an error appended to `errors`.
    pub fn check_together(&mut self, errors: &mut Vec<AnswerError>) {
        check_birth_order(self.policy, self, errors);
        check_companions(self.policy, self, errors);
        check_covers(self.policy, self, errors);
    }

    /// The lean verdict ([`crate::verdict`]).
    pub fn verdict(&self, ctx: &Context) -> Verdict<'p> {
        crate::eval::run_slots(self.policy, &self.slots, &self.bits, ctx).lean()
    }

    /// The full result ([`crate::evaluate`], or [`crate::evaluate_summary`] without `explain`).
    pub fn evaluate(&self, ctx: &Context, explain: bool) -> Evaluation<'p> {
        crate::eval::run_slots(self.policy, &self.slots, &self.bits, ctx).finish(explain)
    }

    pub fn policy(&self) -> &'p LoadedPolicy {
        self.policy
    }
}

impl AnswerStore for Prepared<'_> {
    fn answer(&self, id: &str) -> Option<&Answer> {
        self.get(id)
    }
    fn drop_answer(&mut self, id: &str) {
        self.remove(id);
    }
    fn answer_of(&self, index: usize, _id: &str) -> Option<&Answer> {
        self.slots.get(index).and_then(Option::as_ref)
    }
    fn answered(&self) -> Vec<(&str, &Answer)> {
        let questions = &self.policy.policy.questions;
        questions
            .iter()
            .zip(&self.slots)
            .filter_map(|(q, slot)| slot.as_ref().map(|a| (q.id.as_str(), a)))
            .collect()
    }
}

/// Reads the entries of an answers object into the slots, in order.
struct Reader<'x, 'p> {
    prepared: &'x mut Prepared<'p>,
    as_of: Date,
    /// Questions given once already (a second time is an error).
    seen: Vec<bool>,
    /// Keys that are not questions, given once already.
    seen_other: Vec<String>,
    errors: Vec<AnswerError>,
}

impl Reader<'_, '_> {
    fn entry(&mut self, key: &str, value: Json) {
        let policy = self.prepared.policy;
        let index = policy.questions.get(key).copied();
        let again = match index {
            Some(i) => std::mem::replace(&mut self.seen[i], true),
            None if self.seen_other.iter().any(|k| k == key) => true,
            None => {
                self.seen_other.push(key.to_owned());
                false
            }
        };
        if again {
            self.errors.push(AnswerError {
                question: key.to_owned(),
                kind: AnswerErrorKind::Duplicate,
                message: "is given twice".into(),
            });
            if let Some(i) = index {
                self.prepared.remove_at(i);
            }
            return;
        }
        if value.is_null() {
            return;
        }
        let checked = match index.and_then(|i| policy.policy.questions.get(i)) {
            Some(q) => check_question(policy, q, &value, self.as_of),
            None => check(policy, key, &value, self.as_of),
        };
        match checked {
            Ok(answer) => {
                if let Some(i) = index {
                    self.prepared.set_at(i, answer);
                }
            }
            Err(r) => self.errors.push(AnswerError {
                question: key.to_owned(),
                kind: r.kind,
                message: r.message,
            }),
        }
    }
}

impl<'de> Visitor<'de> for &mut Reader<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Key)? {
            // Read as a value at once: a value that cannot be (`1e999`) stops this pass, and
            // the general reader, which reports it by field, takes over.
            let value: Json = map.next_value()?;
            self.entry(&key, value);
        }
        Ok(())
    }
}

/// An object key, borrowed from the text unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a question id")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}
