//! The explanation tree: every criterion of a section that applies, with its status, gate and
//! the answers and values it used (as data, rendered by the front ends).
use std::rc::Rc;

use super::Run;
use crate::answers::Answer;
use crate::model::Referral;
use crate::program::{PKind, PPred, Q};
use crate::result::*;
use crate::value::Value;

impl<'p, 'a> Run<'p, 'a> {
    pub(super) fn referrals(&self, nodes: &[u32]) -> Vec<&'p Referral> {
        let prog = self.prog;
        let mut out: Vec<&'p Referral> = Vec::new();
        for &n in nodes {
            if let Some(node) = prog.nodes.get(n as usize) {
                for r in &node.refer {
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
        }
        out
    }

    /// An answer as a criterion used it, cloned once per evaluation.
    pub(super) fn shown_answer(&mut self, q: Q) -> Shown {
        if let Some(answer) = self.shown.get(&q) {
            return Shown::Answer { answer: answer.clone() };
        }
        let Some(answer) = self.slot(q) else {
            return Shown::Blank;
        };
        let answer = Rc::new(answer.clone());
        self.shown.insert(q, answer.clone());
        Shown::Answer { answer }
    }

    pub(super) fn shown_derived(&mut self, d: u32) -> Shown {
        match self.derived_value(d) {
            Value::Known(value) => Shown::Number { value },
            Value::AtLeast(value) => Shown::AtLeast { value },
            Value::Absent => Shown::Absent,
            Value::Unknown => Shown::Blank,
        }
    }

    /// The answers and computed values a predicate used, for the explanation.
    pub(super) fn used(&mut self, p: u32) -> Vec<Used<'p>> {
        let prog = self.prog;
        let lp = self.lp;
        let questions = prog.pred_questions.get(p as usize).map_or(&[][..], Vec::as_slice);
        let derived = prog.pred_derived.get(p as usize).map_or(&[][..], Vec::as_slice);
        let mut out = Vec::with_capacity(questions.len() + derived.len() + 1);
        for &q in questions {
            let Some(question) = lp.policy.questions.get(q as usize) else {
                continue;
            };
            let value = self.shown_answer(q);
            // A unit goes with a number, not with "not done".
            let unit = question
                .unit
                .as_deref()
                .filter(|_| matches!(self.slot(q), Some(Answer::Number(_))));
            out.push(Used {
                id: &question.id,
                label: &question.prompt,
                value,
                unit,
            });
        }
        if let Some(PPred::WithinDays(q, _)) = prog.preds.get(p as usize) {
            if let (Some(d), Some(question)) = (self.date(*q), lp.policy.questions.get(*q as usize)) {
                out.push(Used {
                    id: &question.id,
                    label: &question.prompt,
                    value: Shown::DaysBefore {
                        days: d.days_until(self.ctx.as_of),
                    },
                    unit: None,
                });
            }
        }
        for &d in derived {
            let Some(def) = lp.policy.derived.get(d as usize) else {
                continue;
            };
            let value = self.shown_derived(d);
            let unit = Some(def.unit.as_str())
                .filter(|_| matches!(self.derived_value(d), Value::Known(_) | Value::AtLeast(_)));
            out.push(Used {
                id: &def.id,
                label: &def.label,
                value,
                unit,
            });
        }
        out
    }

    /// The explanation of node `i` and everything under it.
    pub(super) fn explain(&mut self, i: u32) -> Option<NodeResult<'p>> {
        let prog = self.prog;
        let n = prog.nodes.get(i as usize)?;
        let (gate, inner) = self.state(i);
        let mut out = NodeResult {
            id: &n.id,
            label: &n.label,
            rule: rule_name(&n.kind),
            at_least: n.at_least,
            status: self.display_status(i),
            gate,
            used: Vec::new(),
            children: Vec::new(),
            refer: if inner == Status::Met {
                self.referrals(self.refer_of(i))
            } else {
                Vec::new()
            },
            dose_check: n.dose_check,
            ambiguity: n.ambiguity.as_deref(),
        };
        if gate == Some(Status::NotMet) {
            return Some(out);
        }
        match &n.kind {
            PKind::All(r) | PKind::Any(r) | PKind::AtLeast(_, r) => {
                for &c in prog.children(r) {
                    out.children.extend(self.explain(c));
                }
            }
            PKind::Not(c) | PKind::Use(c) => out.children.extend(self.explain(*c)),
            PKind::Check(p) => out.used = self.used(*p),
        }
        Some(out)
    }
}

pub(super) fn rule_name(kind: &PKind) -> &'static str {
    match kind {
        PKind::All(_) => "all",
        PKind::Any(_) => "any",
        PKind::AtLeast(..) => "at_least",
        PKind::Not(_) => "not",
        PKind::Use(_) => "use",
        PKind::Check(_) => "check",
    }
}
