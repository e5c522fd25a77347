//! A policy loaded once for many verdicts (`load(policyId)` in JavaScript): its context set
//! once, answers read whole or set field by field into the engine's slots, and the lean
//! verdict read from them, with the full result on request.

use criteria::{AnswerError, Context, Date, Evaluation, LoadedPolicy, Prepared, Verdict};
use serde::Serialize;
use serde_json::Value;

use crate::{failure, find, Failure, FailureKind, Options};

/// One policy, its context and its current answers.
pub struct Handle {
    lp: &'static LoadedPolicy,
    ctx: Context,
    answers: Prepared<'static>,
    /// The answers refused since they were last read whole, by question (one per question).
    errors: Vec<AnswerError>,
}

/// What every verdict carries besides the verdict: the policy and its dates, the as-of date
/// and the caveat (the same for every verdict of a handle, built once by the JS side).
#[derive(Debug, Serialize)]
pub struct VerdictFrame<'p> {
    pub policy: criteria::PolicyInfo<'p>,
    pub as_of: String,
    pub caveat: &'static str,
    /// Every question id, in form order: `missing` and `relevant` index into it.
    pub questions: Vec<&'p str>,
    /// Every criterion id, in the engine's order: `failed` indexes into it.
    pub criteria: Vec<&'p str>,
    /// Every outcome, in the order [`outcome_index`] counts them.
    pub outcomes: [&'static str; criteria::Outcome::ALL.len()],
}

/// An outcome's place in [`VerdictFrame::outcomes`]: every outcome has one, so none is ever
/// read as another.
pub fn outcome_index(outcome: criteria::Outcome) -> u32 {
    criteria::Outcome::ALL.iter().position(|&o| o == outcome).unwrap_or(0) as u32
}

/// The lean verdict as the JS API returns it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VerdictResult<'p> {
    pub policy: criteria::PolicyInfo<'p>,
    pub as_of: String,
    pub outcome: criteria::Outcome,
    /// Criterion ids that definitively fail, in the policy's numbering.
    pub failed: Vec<&'p str>,
    /// Question ids still to answer, in form order.
    pub missing: Vec<&'p str>,
    /// Question ids the form shows, in form order.
    pub relevant: Vec<&'p str>,
    pub refer_to: Vec<&'p criteria::model::Referral>,
    /// Answers that were refused, each naming its question; every other answer counts.
    pub errors: Vec<AnswerError>,
    pub caveat: &'static str,
}

impl Handle {
    /// Loads a library policy with its options (`as_of` required; `explain` is ignored).
    pub fn load(policy: &str, options: Result<Options, Failure>) -> Result<Handle, Failure> {
        let lp = find(policy)?;
        let ctx = context(&options?)?;
        Ok(Handle {
            lp,
            ctx,
            answers: Prepared::new(lp),
            errors: Vec::new(),
        })
    }

    /// New options (the as-of date, the line of business); the answers stay.
    pub fn set_options(&mut self, options: Result<Options, Failure>) -> Result<(), Failure> {
        self.ctx = context(&options?)?;
        Ok(())
    }

    pub fn policy(&self) -> &'static LoadedPolicy {
        self.lp
    }

    /// Replaces the answers with a whole answers document (JSON text).
    pub fn read(&mut self, text: &str) -> Result<(), Failure> {
        let (answers, errors) =
            Prepared::parse(self.lp, text, self.ctx.as_of).map_err(|e| failure(FailureKind::Answers, e.to_string()))?;
        self.answers = answers;
        self.errors = errors;
        Ok(())
    }

    /// Sets one answer (`null` clears it), then checks it with the others; returns the answers
    /// refused by this change (empty when it was taken).
    pub fn set(&mut self, question: &str, value: &Value) -> Vec<AnswerError> {
        self.errors.retain(|e| e.question != question);
        let mut refused = Vec::new();
        match self.answers.set_json(question, value, self.ctx.as_of) {
            Ok(()) => self.answers.check_together(&mut refused),
            Err(e) => {
                // A refused value leaves no answer behind: the old one no longer holds either.
                self.answers.remove(question);
                refused.push(e);
            }
        }
        self.errors.retain(|e| refused.iter().all(|r| r.question != e.question));
        self.errors.extend(refused.iter().cloned());
        refused
    }

    /// Drops every answer.
    pub fn clear(&mut self) {
        self.answers.clear();
        self.errors.clear();
    }

    pub fn verdict(&self) -> Verdict<'static> {
        self.answers.verdict(&self.ctx)
    }

    pub fn errors(&self) -> &[AnswerError] {
        &self.errors
    }

    /// The full result, with the explanation tree when `explain`.
    pub fn evaluate(&self, explain: bool) -> Evaluation<'static> {
        let mut evaluation = self.answers.evaluate(&self.ctx, explain);
        evaluation.errors = self.errors.clone();
        evaluation
    }

    /// The lean verdict with what every result carries.
    pub fn verdict_result(&self) -> VerdictResult<'static> {
        let v = self.verdict();
        VerdictResult {
            policy: criteria::PolicyInfo::of(&self.lp.policy),
            as_of: self.ctx.as_of.to_string(),
            outcome: v.outcome,
            failed: v.failed().collect(),
            missing: v.missing().collect(),
            relevant: v.relevant().collect(),
            refer_to: v.refer_to.clone(),
            errors: self.errors.clone(),
            caveat: criteria::CAVEAT,
        }
    }

    /// The parts of a verdict that change only with the options.
    pub fn frame(&self) -> VerdictFrame<'static> {
        let p = &self.lp.policy;
        VerdictFrame {
            policy: criteria::PolicyInfo::of(p),
            as_of: self.ctx.as_of.to_string(),
            caveat: criteria::CAVEAT,
            questions: p.questions.iter().map(|q| q.id.as_str()).collect(),
            criteria: self.lp.criterion_ids().collect(),
            outcomes: criteria::Outcome::ALL.map(criteria::Outcome::as_str),
        }
    }
}

pub(crate) fn context(options: &Options) -> Result<Context, Failure> {
    let text = options.as_of.as_deref().ok_or_else(|| {
        failure(
            FailureKind::Options,
            "`as_of` is required (YYYY-MM-DD): the engine reads no clock",
        )
    })?;
    let as_of = Date::parse(text).ok_or_else(|| {
        failure(
            FailureKind::Options,
            format!("`as_of`: `{text}` is not a real date in YYYY-MM-DD form"),
        )
    })?;
    Ok(Context {
        as_of,
        line_of_business: options.line_of_business,
    })
}
