//! The checks across answers: a date before the date of birth, a companion (a lab's date)
//! answered while its question is "not done", and a complete history that leaves out a drug
//! the lines it covers list. Each offending answer is dropped with an error, from either store
//! of answers (by id, or by question index).

use super::{Answer, AnswerError, Answers, Kind};
use crate::date::Date;
use crate::validate::LoadedPolicy;

/// Where answers are kept: by id ([`Answers`]) or by question index (`Prepared`).
pub(crate) trait AnswerStore {
    fn answer(&self, id: &str) -> Option<&Answer>;
    /// The answer to the question at `index` of the policy's list, whose id is `id`.
    fn answer_of(&self, _index: usize, id: &str) -> Option<&Answer> {
        self.answer(id)
    }
    fn drop_answer(&mut self, id: &str);
    /// The answers held, with their question ids, in any order.
    fn answered(&self) -> Vec<(&str, &Answer)>;
}

impl AnswerStore for Answers {
    fn answer(&self, id: &str) -> Option<&Answer> {
        self.get(id)
    }
    fn drop_answer(&mut self, id: &str) {
        self.remove(id);
    }
    fn answered(&self) -> Vec<(&str, &Answer)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v)).collect()
    }
}

/// A companion (a lab's date) answered while its question is "not done" contradicts it: the
/// companion's answer is dropped with an error, and the "not done" stands.
pub(crate) fn check_companions(policy: &LoadedPolicy, answers: &mut impl AnswerStore, errors: &mut Vec<AnswerError>) {
    for (i, q) in policy.policy.questions.iter().enumerate() {
        if q.companions.is_empty() || !matches!(answers.answer_of(i, &q.id), Some(Answer::NotDone)) {
            continue;
        }
        for c in &q.companions {
            if answers.answer(c).is_some_and(|a| !matches!(a, Answer::NotDone)) {
                answers.drop_answer(c);
                errors.push(AnswerError {
                    question: c.clone(),
                    kind: Kind::Contradiction,
                    message: format!("is answered, but `{}` is \"not done\"", q.id),
                });
            }
        }
    }
}

/// A complete list that covers a list of lines (`covers`: "BCMA-targeted therapy ever, lines
/// included") contradicts a line holding a drug of its classes that it leaves out: the list is
/// dropped with an error naming both, and the lines stand (what they list decides).
pub(crate) fn check_covers(policy: &LoadedPolicy, answers: &mut impl AnswerStore, errors: &mut Vec<AnswerError>) {
    for (i, q) in policy.policy.questions.iter().enumerate() {
        let Some(target) = &q.covers else { continue };
        let Some(Answer::Many(listed)) = answers.answer_of(i, &q.id) else {
            continue;
        };
        let Some(lines) = answers.answer(target).and_then(Answer::lines) else {
            continue;
        };
        let left_out = lines.iter().enumerate().find_map(|(n, line)| {
            line.drugs
                .iter()
                .find(|d| !listed.contains(d) && q.classes.iter().any(|c| policy.drug_in_class(d, c)))
                .map(|d| (n + 1, d.clone()))
        });
        if let Some((n, drug)) = left_out {
            answers.drop_answer(&q.id);
            errors.push(AnswerError {
                question: q.id.clone(),
                kind: Kind::Contradiction,
                message: format!(
                    "is the whole history, but line {n} of `{target}` lists `{drug}`, which it leaves out"
                ),
            });
        }
    }
}

/// Whether an answer holds a date before `birth` (a dated prior line included).
fn before(answer: &Answer, birth: Date) -> bool {
    match answer {
        Answer::Date(d) => *d < birth,
        Answer::Lines(lines) => lines.iter().any(|l| l.start.is_some_and(|d| d < birth)),
        Answer::Partial(inner) => before(inner, birth),
        _ => false,
    }
}

/// Dates before the date of birth are impossible: drop them with an error.
pub(crate) fn check_birth_order(policy: &LoadedPolicy, answers: &mut impl AnswerStore, errors: &mut Vec<AnswerError>) {
    let Some(birth_id) = &policy.policy.birth_date_question else {
        return;
    };
    let Some(&Answer::Date(birth)) = answers.answer(birth_id) else {
        return;
    };
    let mut early: Vec<String> = answers
        .answered()
        .into_iter()
        .filter(|(id, a)| *id != birth_id && before(a, birth))
        .map(|(id, _)| id.to_owned())
        .collect();
    // By id, whatever the store's order.
    early.sort();
    for id in early {
        answers.drop_answer(&id);
        errors.push(AnswerError {
            question: id,
            kind: Kind::BeforeBirth,
            message: format!("is before the date of birth ({birth})"),
        });
    }
}
