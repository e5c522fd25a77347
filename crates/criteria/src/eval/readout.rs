//! What the front ends read from the statuses: failed criteria along `all` nodes, missing and
//! relevant questions (gates first), dose checks and the answers they used, and day counts.

use super::{in_all, in_any, Run};
use crate::program::{PKind, PPred, Program};
use crate::result::*;

impl<'p, 'a> Run<'p, 'a> {
    /// The questions of a condition list a form should show: those of each condition up to
    /// and including the first that is not met.
    pub(super) fn gate_marks(&mut self, r: &std::ops::Range<u32>, marks: &mut Marks) {
        let prog = self.prog;
        for &p in prog.gate(r) {
            marks.pred(prog, p);
            if self.pred(p) != Status::Met {
                break;
            }
        }
    }

    pub(super) fn gate_missing(&mut self, r: &std::ops::Range<u32>, marks: &mut Marks) {
        let prog = self.prog;
        for &p in prog.gate(r) {
            match self.pred(p) {
                Status::Met => continue,
                Status::Unknown => marks.pred_questions(prog, p),
                _ => {}
            }
            break;
        }
    }

    pub(super) fn tree_relevant(&mut self, i: u32, marks: &mut Marks) {
        let prog = self.prog;
        let Some(pn) = prog.nodes.get(i as usize) else { return };
        self.gate_marks(&pn.when, marks);
        if matches!(self.state(i).0, Some(Status::NotMet | Status::Unknown)) {
            return;
        }
        match &pn.kind {
            PKind::All(r) | PKind::Any(r) | PKind::AtLeast(_, r) => {
                for &c in prog.children(r) {
                    self.tree_relevant(c, marks);
                }
            }
            PKind::Not(c) | PKind::Use(c) => self.tree_relevant(*c, marks),
            PKind::Check(p) => marks.pred(prog, *p),
        }
    }

    pub(super) fn tree_missing(&mut self, i: u32, marks: &mut Marks) {
        let prog = self.prog;
        let Some(pn) = prog.nodes.get(i as usize) else { return };
        let (gate, inner) = self.state(i);
        match gate {
            Some(Status::NotMet) => return,
            Some(Status::Unknown) => {
                self.gate_missing(&pn.when, marks);
                return;
            }
            _ => {}
        }
        if inner != Status::Unknown {
            return;
        }
        match &pn.kind {
            PKind::Check(p) => marks.pred_questions(prog, *p),
            PKind::All(r) => {
                for &c in prog.children(r) {
                    if self.all_view(c) == Some(Status::Unknown) {
                        self.tree_missing(c, marks);
                    }
                }
            }
            PKind::Any(r) | PKind::AtLeast(_, r) => {
                for &c in prog.children(r) {
                    let (g, s) = self.state(c);
                    if in_any(g, s) == Some(Status::Unknown) {
                        self.tree_missing(c, marks);
                    }
                }
            }
            PKind::Not(c) => {
                // Undecided either because the child is, or because its gate still is.
                let (g, s) = self.state(*c);
                if g == Some(Status::Unknown) || (g != Some(Status::NotMet) && s == Status::Unknown) {
                    self.tree_missing(*c, marks);
                }
            }
            PKind::Use(c) => {
                if self.all_view(*c) == Some(Status::Unknown) {
                    self.tree_missing(*c, marks);
                }
            }
        }
    }

    /// The deepest failing criteria along `all` nodes; any other failing node lists itself.
    pub(super) fn collect_failed(&self, i: u32, out: &mut Vec<u32>) {
        let prog = self.prog;
        if let Some(PKind::All(r)) = prog.nodes.get(i as usize).map(|n| &n.kind) {
            let before = out.len();
            for &c in prog.children(r) {
                let (g, s) = self.state(c);
                if in_all(g, s) == Some(Status::NotMet) {
                    self.collect_failed(c, out);
                }
            }
            if out.len() > before {
                return;
            }
        }
        out.push(i);
    }

    pub(super) fn collect_dose_nodes(&self, i: u32, out: &mut Vec<u32>) {
        let prog = self.prog;
        if matches!(self.state(i).0, Some(Status::NotMet | Status::Unknown)) {
            return;
        }
        if prog.nodes.get(i as usize).is_some_and(|n| n.dose_check) {
            out.push(i);
        }
        match prog.nodes.get(i as usize).map(|n| &n.kind) {
            Some(PKind::All(r) | PKind::Any(r) | PKind::AtLeast(_, r)) => {
                for &c in prog.children(r) {
                    self.collect_dose_nodes(c, out);
                }
            }
            Some(PKind::Not(c)) => self.collect_dose_nodes(*c, out),
            _ => {}
        }
    }

    /// The answers used by a node and its children (one level), as the dose checks show them.
    pub(super) fn collect_used(&mut self, i: u32, out: &mut Vec<Used<'p>>, depth: usize) {
        let prog = self.prog;
        match prog.nodes.get(i as usize).map(|n| n.kind.clone()) {
            Some(PKind::Check(p)) => out.extend(self.used(p)),
            Some(PKind::All(r) | PKind::Any(r) | PKind::AtLeast(_, r)) if depth == 0 => {
                for &c in prog.children(&r) {
                    self.collect_used(c, out, depth + 1);
                }
            }
            Some(PKind::Not(c) | PKind::Use(c)) if depth == 0 => self.collect_used(c, out, depth + 1),
            _ => {}
        }
    }

    pub(super) fn collect_day_counts(&mut self, i: u32, out: &mut Vec<ValueResult<'p>>) {
        let prog = self.prog;
        if matches!(self.state(i).0, Some(Status::NotMet | Status::Unknown)) {
            return;
        }
        match prog.nodes.get(i as usize).map(|n| &n.kind) {
            Some(PKind::Check(p)) => {
                if let Some(PPred::WithinDays(q, _)) = prog.preds.get(*p as usize) {
                    if let (Some(d), Some(question)) = (self.date(*q), self.lp.policy.questions.get(*q as usize)) {
                        if !out.iter().any(|v| v.id == question.id) {
                            out.push(ValueResult {
                                id: &question.id,
                                kind: ValueKind::DaysSince,
                                label: &question.prompt,
                                value: Some(d.days_until(self.ctx.as_of) as f64),
                                unit: "",
                            });
                        }
                    }
                }
            }
            Some(PKind::All(r) | PKind::Any(r) | PKind::AtLeast(_, r)) => {
                for &c in prog.children(r) {
                    self.collect_day_counts(c, out);
                }
            }
            Some(PKind::Not(c) | PKind::Use(c)) => self.collect_day_counts(*c, out),
            None => {}
        }
    }
}

/// Which questions and derived values are marked, by index.
pub(super) struct Marks {
    pub(super) questions: Vec<bool>,
    pub(super) derived: Vec<bool>,
}

impl Marks {
    pub(super) fn new(questions: usize, derived: usize) -> Marks {
        Marks {
            questions: vec![false; questions],
            derived: vec![false; derived],
        }
    }

    pub(super) fn pred_questions(&mut self, prog: &Program, p: u32) {
        for &q in prog.pred_questions.get(p as usize).map_or(&[][..], Vec::as_slice) {
            if let Some(m) = self.questions.get_mut(q as usize) {
                *m = true;
            }
        }
    }

    pub(super) fn pred(&mut self, prog: &Program, p: u32) {
        self.pred_questions(prog, p);
        for &d in prog.pred_derived.get(p as usize).map_or(&[][..], Vec::as_slice) {
            if let Some(m) = self.derived.get_mut(d as usize) {
                *m = true;
            }
        }
    }

    /// The marked question indices that pass `keep`, in form order.
    pub(super) fn question_indices(&self, keep: impl Fn(usize) -> bool) -> Vec<u32> {
        (0..self.questions.len())
            .filter(|&i| self.questions[i] && keep(i))
            .map(|i| i as u32)
            .collect()
    }
}
