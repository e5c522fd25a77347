//! Three-valued evaluation of a compiled policy against answers, and its explanation.
//!
//! Every node is met, not met or unknown; a node is decided only when no answer to its
//! unanswered questions could change it (Kleene logic), so "not answered" never reads as "no".
//! Evaluation of a loaded policy cannot fail: what cannot be computed is unknown.
//!
//! Statuses are computed into flat arrays first. Everything else (failed criteria, missing and
//! relevant questions, dose checks) is read from those arrays, and the explanation tree, the
//! costly part, is built only by [`evaluate`], not by [`evaluate_summary`]. The steps, one
//! module each: `logic` computes statuses (Kleene logic over the compiled program), `finish`
//! assembles the result step by step, `readout` reads failed criteria, missing and relevant
//! questions and dose checks from the statuses, and `explain` builds the tree with the answers
//! each criterion used.

use std::borrow::Cow;
use std::rc::Rc;

use crate::answers::{Answer, Answers, IMPLIED_NOT_DONE};
use crate::date::Date;
use crate::hash::FastMap;
use crate::program::{Program, Q};
use crate::result::*;
use crate::validate::LoadedPolicy;
use crate::value::Value;

mod explain;
mod finish;
mod lean;
mod logic;
mod readout;

/// Evaluates a policy against answers, with the explained criteria tree of every section that
/// applies. Deterministic: the same inputs give the same result.
pub fn evaluate<'p>(policy: &'p LoadedPolicy, answers: &Answers, ctx: &Context) -> Evaluation<'p> {
    Run::new(policy, answers, ctx).finish(true)
}

/// The same evaluation without the explanation (`sections` is empty): for batch replay and
/// APIs that only need the verdict, failed criteria and missing answers.
pub fn evaluate_summary<'p>(policy: &'p LoadedPolicy, answers: &Answers, ctx: &Context) -> Evaluation<'p> {
    Run::new(policy, answers, ctx).finish(false)
}

/// The lean verdict alone (outcome, failed, missing, relevant, referrals): what a form or a
/// batch needs on every change, at a fraction of the cost of [`evaluate_summary`]. It agrees
/// with [`evaluate`] on every one of those fields.
pub fn verdict<'p>(policy: &'p LoadedPolicy, answers: &Answers, ctx: &Context) -> Verdict<'p> {
    Run::new(policy, answers, ctx).lean()
}

/// Of `unconfirmed` (answers the user has not confirmed: inferred from a record), those the
/// outcome rests on: without any one of them the outcome would differ. When the outcome rests
/// on them only together, all of them that are answered. A front end says "meets, if these
/// are right" and never presents the outcome as settled until they are confirmed.
pub fn rests_on(policy: &LoadedPolicy, answers: &Answers, ctx: &Context, unconfirmed: &[String]) -> Vec<String> {
    let answered: Vec<&String> = unconfirmed.iter().filter(|q| answers.get(q).is_some()).collect();
    if answered.is_empty() {
        return Vec::new();
    }
    // The summary, not the lean verdict: the same outcome, and a front end that explains
    // its verdicts carries no second evaluator for this.
    let outcome = evaluate_summary(policy, answers, ctx).outcome;
    let without = |drop: &[&String]| {
        let mut fewer = answers.clone();
        for q in drop {
            fewer.remove(q);
        }
        evaluate_summary(policy, &fewer, ctx).outcome
    };
    let (each, rest): (Vec<&String>, Vec<&String>) = answered.iter().partition(|q| without(&[**q]) != outcome);
    // The others may matter together (one of two alternatives, both unconfirmed): then every
    // one of them is listed too.
    let together = !rest.is_empty() && without(&rest) != outcome;
    each.into_iter()
        .chain(rest.into_iter().filter(|_| together))
        .cloned()
        .collect()
}

/// A run over answers held by question index ([`crate::Prepared`]).
pub(crate) fn run_slots<'p, 'a>(
    lp: &'p LoadedPolicy,
    slots: &'a [Option<Answer>],
    bits: &'a [Option<DrugBits>],
    ctx: &Context,
) -> Run<'p, 'a> {
    Run::with_slots(lp, slots.iter().map(Option::as_ref).collect(), Cow::Borrowed(bits), ctx)
}

#[derive(Debug, Clone, Copy, Default)]
struct NodeState {
    done: bool,
    gate: Option<Status>,
    inner: Status,
    /// Nodes whose own referrals apply when this node is met: a range of `refer_pool`.
    refer: (u32, u32),
}

/// How a node counts inside an `all` (None: it does not count).
fn in_all(gate: Option<Status>, inner: Status) -> Option<Status> {
    match gate {
        Some(Status::NotMet) => None,
        Some(Status::Unknown) if inner == Status::Met => Some(Status::Met),
        Some(Status::Unknown) => Some(Status::Unknown),
        _ => Some(inner),
    }
}

/// How a node counts inside an `any` or `at_least` (None: it does not count).
fn in_any(gate: Option<Status>, inner: Status) -> Option<Status> {
    match gate {
        Some(Status::NotMet) => None,
        Some(Status::Unknown) if inner == Status::NotMet => Some(Status::NotMet),
        Some(Status::Unknown) => Some(Status::Unknown),
        _ => Some(inner),
    }
}

pub(crate) struct Run<'p, 'a> {
    lp: &'p LoadedPolicy,
    prog: &'p Program,
    /// Answers by question index.
    slots: Vec<Option<&'a Answer>>,
    /// Class bits of each drug answer, by question index.
    bits: Cow<'a, [Option<DrugBits>]>,
    /// Questions not asked because a question they belong to is not done.
    implied: Vec<bool>,
    ctx: Context,
    derived: Vec<Option<Value>>,
    preds: Vec<Option<Status>>,
    nodes: Vec<NodeState>,
    /// Every node's referral list, end to end.
    refer_pool: Vec<u32>,
    /// Answers as the explanation shows them, cloned once.
    shown: FastMap<Q, Rc<Answer>>,
}

/// The class bits of one drug answer: per drug (flattened), and per line of therapy.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DrugBits {
    pub(crate) flat: Vec<u64>,
    pub(crate) per_line: Vec<u64>,
}

impl DrugBits {
    /// Each drug's classes, looked up once per answer, not once per criterion.
    pub(crate) fn of(prog: &Program, answer: &Answer) -> Option<DrugBits> {
        let list = match answer {
            Answer::Partial(inner) => inner,
            other => other,
        };
        match list {
            Answer::Many(items) => Some(DrugBits {
                flat: items.iter().map(|d| prog.drug_bits(d)).collect(),
                per_line: Vec::new(),
            }),
            Answer::Lines(lines) => Some(DrugBits {
                flat: lines.iter().flat_map(|l| &l.drugs).map(|d| prog.drug_bits(d)).collect(),
                per_line: lines
                    .iter()
                    .map(|l| l.drugs.iter().fold(0u64, |acc, d| acc | prog.drug_bits(d)))
                    .collect(),
            }),
            _ => None,
        }
    }
}

impl<'p, 'a> Run<'p, 'a> {
    fn new(lp: &'p LoadedPolicy, answers: &'a Answers, ctx: &Context) -> Self {
        let prog = &lp.program;
        let mut slots = vec![None; lp.policy.questions.len()];
        let mut bits = vec![None; lp.policy.questions.len()];
        for (id, answer) in answers.entries() {
            if let Some(&i) = lp.questions.get(id.as_str()) {
                slots[i] = Some(answer);
                bits[i] = DrugBits::of(prog, answer);
            }
        }
        Run::with_slots(lp, slots, Cow::Owned(bits), ctx)
    }

    /// A run over answers already placed by question index, with their drug bits.
    pub(crate) fn with_slots(
        lp: &'p LoadedPolicy,
        mut slots: Vec<Option<&'a Answer>>,
        bits: Cow<'a, [Option<DrugBits>]>,
        ctx: &Context,
    ) -> Self {
        let prog = &lp.program;
        // A companion of a question answered "not done" reads as not done whatever it holds.
        let mut implied = vec![false; slots.len()];
        // Validation keeps companions one level deep, so the order of this pass does not matter.
        for (q, companions) in prog.companions.iter().enumerate() {
            if companions.is_empty() || !matches!(slots.get(q), Some(Some(Answer::NotDone))) {
                continue;
            }
            for &c in companions {
                if let Some(slot) = slots.get_mut(c as usize) {
                    *slot = Some(&IMPLIED_NOT_DONE);
                    implied[c as usize] = true;
                }
            }
        }
        Run {
            lp,
            prog,
            slots,
            implied,
            bits,
            ctx: *ctx,
            derived: vec![None; prog.derived.len()],
            preds: vec![None; prog.preds.len()],
            nodes: vec![NodeState::default(); prog.nodes.len()],
            refer_pool: Vec::new(),
            shown: FastMap::default(),
        }
    }

    fn slot(&self, q: Q) -> Option<&'a Answer> {
        self.slots.get(q as usize).copied().flatten()
    }

    fn date(&self, q: Q) -> Option<Date> {
        match self.slot(q) {
            Some(Answer::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// A date answer as an expression input: days from it to `to`.
    fn days(&self, q: Q, to: Date) -> Value {
        match self.slot(q) {
            Some(Answer::Date(d)) => Value::Known(d.days_until(to) as f64),
            Some(Answer::NotDone) => Value::Absent,
            _ => Value::Unknown,
        }
    }
}
