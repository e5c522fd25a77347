//! Three-valued evaluation of a compiled policy against answers, and its explanation.
//!
//! Every node is met, not met or unknown; a node is decided only when no answer to its
//! unanswered questions could change it (Kleene logic), so "not answered" never reads as "no".
//! Evaluation of a loaded policy cannot fail: what cannot be computed is unknown.
//!
//! Statuses are computed into flat arrays first. Everything else (failed criteria, missing and
//! relevant questions, dose checks) is read from those arrays, and the explanation tree, the
//! costly part, is built only by [`evaluate`], not by [`evaluate_summary`].

use std::rc::Rc;

use crate::answers::{Answer, Answers, IMPLIED_NOT_DONE};
use crate::date::Date;
use crate::hash::FastMap;
use crate::model::{Effect, Referral};
use crate::program::{PExpr, PKind, PPred, Program, Q};
use crate::result::*;
use crate::validate::LoadedPolicy;
use crate::value::{close, Value};

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

#[derive(Debug, Clone, Default)]
struct NodeState {
    gate: Option<Status>,
    inner: Status,
    /// Nodes whose own referrals apply when this node is met.
    refer: Vec<u32>,
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

struct Run<'p, 'a> {
    lp: &'p LoadedPolicy,
    prog: &'p Program,
    /// Answers by question index.
    slots: Vec<Option<&'a Answer>>,
    /// Class bits of each drug answer, by question index: per drug (flattened) and per line.
    bits: Vec<Option<(Vec<u64>, Vec<u64>)>>,
    /// Questions not asked because a question they belong to is not done.
    implied: Vec<bool>,
    ctx: Context,
    derived: Vec<Option<Value>>,
    preds: Vec<Option<Status>>,
    nodes: Vec<Option<NodeState>>,
    /// Answers as the explanation shows them, cloned once.
    shown: FastMap<Q, Rc<Answer>>,
}

impl<'p, 'a> Run<'p, 'a> {
    fn new(lp: &'p LoadedPolicy, answers: &'a Answers, ctx: &Context) -> Self {
        let prog = &lp.program;
        let mut slots = vec![None; lp.policy.questions.len()];
        let mut bits = vec![None; lp.policy.questions.len()];
        for (id, answer) in answers.entries() {
            if let Some(&i) = lp.questions.get(id.as_str()) {
                slots[i] = Some(answer);
                // Each drug's classes are looked up once per evaluation, not once per criterion.
                let list = match answer {
                    Answer::Partial(inner) => inner,
                    other => other,
                };
                bits[i] = match list {
                    Answer::Many(items) => Some((items.iter().map(|d| prog.drug_bits(d)).collect(), Vec::new())),
                    Answer::Lines(lines) => {
                        let flat = lines.iter().flat_map(|l| &l.drugs).map(|d| prog.drug_bits(d)).collect();
                        let per_line = lines
                            .iter()
                            .map(|l| l.drugs.iter().fold(0u64, |acc, d| acc | prog.drug_bits(d)))
                            .collect();
                        Some((flat, per_line))
                    }
                    _ => None,
                };
            }
        }
        // A companion of a question answered "not done" reads as not done whatever it holds.
        let mut implied = vec![false; slots.len()];
        // Validation keeps companions one level deep, so the order of this pass does not matter.
        for (q, companions) in prog.companions.iter().enumerate() {
            if matches!(slots.get(q), Some(Some(Answer::NotDone))) {
                for &c in companions {
                    if let Some(slot) = slots.get_mut(c as usize) {
                        *slot = Some(&IMPLIED_NOT_DONE);
                        implied[c as usize] = true;
                    }
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
            nodes: vec![None; prog.nodes.len()],
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

    fn pred(&mut self, p: u32) -> Status {
        if let Some(Some(s)) = self.preds.get(p as usize) {
            return *s;
        }
        let status = self.compute_pred(p).unwrap_or(Status::Unknown);
        if let Some(slot) = self.preds.get_mut(p as usize) {
            *slot = Some(status);
        }
        status
    }

    fn compute_pred(&mut self, p: u32) -> Option<Status> {
        let prog = self.prog;
        let pred = prog.preds.get(p as usize)?;
        if let PPred::Cmp(op, a, b) = pred {
            let (a, b) = (self.expr(*a), self.expr(*b));
            return Some(op.status(a, b));
        }
        if let PPred::Not(inner) = pred {
            return Some(match self.pred(*inner) {
                Status::Met => Status::NotMet,
                Status::NotMet => Status::Met,
                other => other,
            });
        }
        let (PPred::Yes(q)
        | PPred::No(q)
        | PPred::ChoiceIn(q, _)
        | PPred::IncludesAny(q, _, _)
        | PPred::WithinDays(q, _)
        | PPred::WithinMonths(q, _)) = pred
        else {
            // Cmp and Not are answered above.
            return None;
        };
        let answer = self.slot(*q)?;
        // A fact known to be absent meets no criterion that needs it.
        if matches!(answer, Answer::NotDone) {
            return Some(Status::NotMet);
        }
        Some(match pred {
            PPred::Yes(_) => match answer {
                Answer::Bool(b) => Status::from_bool(*b),
                _ => return None,
            },
            PPred::No(_) => match answer {
                Answer::Bool(b) => Status::from_bool(!*b),
                _ => return None,
            },
            PPred::ChoiceIn(_, values) => match answer {
                Answer::Choice(c) => Status::from_bool(values.contains(c)),
                _ => return None,
            },
            PPred::IncludesAny(_, values, mask) => {
                let drug_bits = self
                    .bits
                    .get(*q as usize)
                    .and_then(Option::as_ref)
                    .map_or(&[][..], |b| b.0.as_slice());
                let class_hit = *mask != 0 && drug_bits.iter().any(|b| b & mask != 0);
                let value_hit = |d: &String| values.contains(d);
                let (list, partial) = match answer {
                    Answer::Partial(inner) => (&**inner, true),
                    other => (other, false),
                };
                let hit = match list {
                    Answer::Many(items) => class_hit || items.iter().any(value_hit),
                    Answer::Lines(lines) => class_hit || lines.iter().flat_map(|l| &l.drugs).any(value_hit),
                    _ => return None,
                };
                // A list known only in part shows what it holds, never what it lacks.
                match (hit, partial) {
                    (true, _) => Status::Met,
                    (false, true) => Status::Unknown,
                    (false, false) => Status::NotMet,
                }
            }
            PPred::WithinDays(_, days) => {
                let since = self.date(*q)?.days_until(self.ctx.as_of);
                Status::from_bool((0..=*days).contains(&since))
            }
            PPred::WithinMonths(_, months) => {
                let date = self.date(*q)?;
                let from = self.ctx.as_of.months_before(*months);
                Status::from_bool(date <= self.ctx.as_of && from.is_none_or(|from| date >= from))
            }
            PPred::Cmp(..) | PPred::Not(_) => return None,
        })
    }

    fn derived_value(&mut self, d: u32) -> Value {
        if let Some(Some(v)) = self.derived.get(d as usize) {
            return *v;
        }
        let value = match self.prog.derived.get(d as usize) {
            Some(&e) => self.expr(e),
            None => Value::Unknown,
        };
        if let Some(slot) = self.derived.get_mut(d as usize) {
            *slot = Some(value);
        }
        value
    }

    /// A derived value where it is known exactly.
    fn derived_number(&mut self, d: u32) -> Option<f64> {
        self.derived_value(d).known()
    }

    fn fold(&mut self, r: &std::ops::Range<u32>, f: fn(Value, Value) -> Value) -> Value {
        let prog = self.prog;
        let mut acc: Option<Value> = None;
        for &e in prog.operands(r) {
            let v = self.expr(e);
            acc = Some(acc.map_or(v, |a| f(a, v)));
        }
        acc.unwrap_or(Value::Unknown)
    }

    fn expr(&mut self, e: u32) -> Value {
        let prog = self.prog;
        let as_of = self.ctx.as_of;
        let Some(expr) = prog.exprs.get(e as usize) else {
            return Value::Unknown;
        };
        match expr {
            PExpr::Q(q) => match self.slot(*q) {
                Some(Answer::Number(n)) => Value::Known(*n),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::D(d) => self.derived_value(*d),
            PExpr::Num(n) => Value::Known(*n),
            PExpr::Add(r) => self.fold(r, Value::add),
            PExpr::Mul(r) => self.fold(r, |a, b| Value::exact(a, b, |x, y| Some(x * y))),
            PExpr::Min(r) => self.fold(r, Value::min),
            PExpr::Max(r) => self.fold(r, Value::max),
            PExpr::Sub(a, b) => {
                let (a, b) = (self.expr(*a), self.expr(*b));
                Value::exact(a, b, |x, y| Some(x - y))
            }
            PExpr::Div(a, b) => {
                let (a, b) = (self.expr(*a), self.expr(*b));
                Value::exact(a, b, |x, y| (y != 0.0).then(|| x / y))
            }
            PExpr::DaysSince(q) => self.days(*q, as_of),
            PExpr::DaysBetween(from, to) => match (self.slot(*to), self.days(*from, as_of)) {
                (Some(Answer::Date(to)), from_days) => {
                    let to_days = as_of.days_until(*to) as f64;
                    from_days.map(|x| Some(x + to_days))
                }
                (Some(Answer::NotDone), _) => Value::Absent,
                (_, Value::Absent) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::YearsSince(q) => match self.slot(*q) {
                Some(Answer::Date(d)) => Value::Known(d.years_until(as_of) as f64),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::CountLines(q, mask) => {
                let count = match self.bits.get(*q as usize) {
                    Some(Some((_, per_line))) => per_line.iter().filter(|&&union| union & mask == *mask).count() as f64,
                    _ => 0.0,
                };
                match self.slot(*q) {
                    Some(Answer::Lines(_)) => Value::Known(count),
                    Some(Answer::Partial(_)) => Value::AtLeast(count),
                    Some(Answer::NotDone) => Value::Absent,
                    _ => Value::Unknown,
                }
            }
            PExpr::Score(q, points) => match self.slot(*q) {
                Some(Answer::Choice(c)) => points
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(Value::Unknown, |(_, v)| Value::Known(*v)),
                Some(Answer::NotDone) => Value::Absent,
                _ => Value::Unknown,
            },
            PExpr::Bands(of, upto, values) => self.expr(*of).map(|x| {
                let i = upto.iter().position(|&u| x <= u || close(x, u)).unwrap_or(upto.len());
                values.get(i).copied()
            }),
        }
    }

    fn gate(&mut self, r: &std::ops::Range<u32>) -> Option<Status> {
        let prog = self.prog;
        let preds = prog.gate(r);
        if preds.is_empty() {
            return None;
        }
        let mut out = Status::Met;
        // Every condition is evaluated (not short-circuited) so relevance can read them all.
        for &p in preds {
            match self.pred(p) {
                Status::NotMet => out = Status::NotMet,
                Status::Unknown if out != Status::NotMet => out = Status::Unknown,
                _ => {}
            }
        }
        Some(out)
    }

    fn state(&self, i: u32) -> (Option<Status>, Status) {
        match self.nodes.get(i as usize) {
            Some(Some(s)) => (s.gate, s.inner),
            _ => (None, Status::NotApplicable),
        }
    }

    /// How node `i` counts inside an `all` (or as a section's root). A met node whose gate is
    /// still open and which carries a referral is undecided: if the gate closes, the referral
    /// goes with it (found by the soundness property).
    fn all_view(&self, i: u32) -> Option<Status> {
        let (g, s) = self.state(i);
        match in_all(g, s) {
            Some(Status::Met) if g == Some(Status::Unknown) && !self.refer_of(i).is_empty() => Some(Status::Unknown),
            other => other,
        }
    }

    fn refer_of(&self, i: u32) -> &[u32] {
        match self.nodes.get(i as usize) {
            Some(Some(s)) => &s.refer,
            _ => &[],
        }
    }

    /// Evaluates node `i` (once) and returns its gate and inner status.
    fn node(&mut self, i: u32) -> (Option<Status>, Status) {
        if let Some(Some(s)) = self.nodes.get(i as usize) {
            return (s.gate, s.inner);
        }
        let prog = self.prog;
        let Some(pn) = prog.nodes.get(i as usize) else {
            return (None, Status::Unknown);
        };
        let gate = self.gate(&pn.when);
        if gate == Some(Status::NotMet) {
            self.store(
                i,
                NodeState {
                    gate,
                    inner: Status::NotApplicable,
                    refer: Vec::new(),
                },
            );
            return (gate, Status::NotApplicable);
        }
        let mut refer: Vec<u32> = Vec::new();
        let inner = match &pn.kind {
            PKind::All(r) => {
                let kids = prog.children(r);
                let mut out = Status::Met;
                for &c in kids {
                    self.node(c);
                    match self.all_view(c) {
                        Some(Status::NotMet) => out = Status::NotMet,
                        Some(Status::Unknown) if out != Status::NotMet => out = Status::Unknown,
                        _ => {}
                    }
                }
                if out == Status::Met {
                    for &c in kids {
                        if self.all_view(c) == Some(Status::Met) {
                            refer.extend_from_slice(self.refer_of(c));
                        }
                    }
                }
                out
            }
            PKind::Any(r) => {
                let kids = prog.children(r);
                let (mut plain, mut referred, mut unknown) = (false, None, false);
                for &c in kids {
                    let (g, s) = self.node(c);
                    match in_any(g, s) {
                        Some(Status::Met) if self.refer_of(c).is_empty() => plain = true,
                        Some(Status::Met) => {
                            referred.get_or_insert(c);
                        }
                        Some(Status::Unknown) => unknown = true,
                        _ => {}
                    }
                }
                if plain {
                    Status::Met
                } else if let Some(first) = referred {
                    if unknown {
                        // Met only through a referral while a plain route is still open: the
                        // outcome could still be "meets", so it is not decided yet.
                        Status::Unknown
                    } else {
                        refer.extend_from_slice(self.refer_of(first));
                        Status::Met
                    }
                } else if unknown {
                    Status::Unknown
                } else {
                    Status::NotMet
                }
            }
            PKind::AtLeast(k, r) => {
                let kids = prog.children(r);
                let (mut plain, mut referred, mut open) = (0u32, 0u32, 0u32);
                for &c in kids {
                    let (g, s) = self.node(c);
                    match in_any(g, s) {
                        Some(Status::Met) if self.refer_of(c).is_empty() => plain += 1,
                        Some(Status::Met) => referred += 1,
                        Some(Status::Unknown) => open += 1,
                        _ => {}
                    }
                }
                // As for `any`: a referral is needed only when the count cannot be reached
                // without the referred children, now or with the open ones.
                if plain >= *k {
                    Status::Met
                } else if plain + referred >= *k {
                    if plain + open >= *k {
                        Status::Unknown
                    } else {
                        for &c in kids {
                            let (g, s) = self.state(c);
                            if in_any(g, s) == Some(Status::Met) {
                                refer.extend_from_slice(self.refer_of(c));
                            }
                        }
                        Status::Met
                    }
                } else if plain + referred + open >= *k {
                    Status::Unknown
                } else {
                    Status::NotMet
                }
            }
            PKind::Not(c) => {
                let (g, s) = self.node(*c);
                match (g, s) {
                    // A child that does not apply makes the negation not apply either.
                    (Some(Status::NotMet), _) | (_, Status::NotApplicable) => Status::NotApplicable,
                    // While the child's gate is open it may yet not apply: nothing is decided.
                    // (Found by the soundness property: `not` of a gated, met child was read
                    // as "not met" although the child could still drop out.)
                    (Some(Status::Unknown), _) => Status::Unknown,
                    (_, Status::Met) => Status::NotMet,
                    (_, Status::NotMet) => Status::Met,
                    (_, Status::Unknown) => Status::Unknown,
                }
            }
            PKind::Use(t) => {
                // Validation rejects `use` cycles, so this recursion ends.
                self.node(*t);
                let status = self.all_view(*t).unwrap_or(Status::Met);
                if status == Status::Met {
                    refer.extend_from_slice(self.refer_of(*t));
                }
                status
            }
            PKind::Check(p) => self.pred(*p),
        };
        if inner == Status::Met && !pn.refer.is_empty() {
            refer.push(i);
        }
        refer.dedup();
        if inner != Status::Met {
            refer.clear();
        }
        self.store(i, NodeState { gate, inner, refer });
        (gate, inner)
    }

    fn store(&mut self, i: u32, state: NodeState) {
        if let Some(slot) = self.nodes.get_mut(i as usize) {
            *slot = Some(state);
        }
    }

    fn display_status(&self, i: u32) -> Status {
        match self.state(i) {
            (Some(Status::Unknown), _) => Status::Unknown,
            (Some(Status::NotMet), _) => Status::NotApplicable,
            (_, inner) => inner,
        }
    }

    fn referrals(&self, nodes: &[u32]) -> Vec<&'p Referral> {
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
    fn shown_answer(&mut self, q: Q) -> Shown {
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

    fn shown_derived(&mut self, d: u32) -> Shown {
        match self.derived_value(d) {
            Value::Known(value) => Shown::Number { value },
            Value::AtLeast(value) => Shown::AtLeast { value },
            Value::Absent => Shown::Absent,
            Value::Unknown => Shown::Blank,
        }
    }

    /// The answers and computed values a predicate used, for the explanation.
    fn used(&mut self, p: u32) -> Vec<Used<'p>> {
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
    fn explain(&mut self, i: u32) -> Option<NodeResult<'p>> {
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

    fn finish(mut self, explain: bool) -> Evaluation<'p> {
        let lp = self.lp;
        let prog = self.prog;
        let p = &lp.policy;
        let ctx = self.ctx;

        // Statuses of every section.
        let mut states = Vec::with_capacity(prog.sections.len());
        for s in &prog.sections {
            let applies = self.gate(&s.applies).unwrap_or(Status::Met);
            let status = match applies {
                Status::Met => {
                    self.node(s.root);
                    match s.effect {
                        Effect::Deny => Status::NotMet,
                        // A root that does not apply asks nothing of the request.
                        Effect::Criteria => match self.all_view(s.root) {
                            None | Some(Status::NotApplicable) => Status::Met,
                            Some(other) => other,
                        },
                    }
                }
                Status::Unknown => Status::Unknown,
                _ => Status::NotApplicable,
            };
            states.push((applies, status));
        }

        let mut notes: Vec<Note<'p>> = Vec::with_capacity(p.notes.len() + 2);
        let freshness = freshness(p, ctx.as_of);
        if freshness.stale {
            notes.push(Note::StaleReview {
                policy: &p.id,
                last_review: &p.last_review,
                months: freshness.months_since_review,
            });
        }
        notes.extend(p.notes.iter().map(|text| Note::Policy { text }));
        let mut documentation: Vec<&'p str> = p.documentation.iter().map(String::as_str).collect();
        let denied = states.iter().any(|&(a, s)| a == Status::Met && s == Status::NotMet);
        let open = states
            .iter()
            .any(|&(a, s)| a == Status::Unknown || (a == Status::Met && s == Status::Unknown));
        let met: Vec<usize> = (0..states.len())
            .filter(|&i| states[i] == (Status::Met, Status::Met))
            .collect();
        let mut refer_nodes = Vec::new();
        for &i in &met {
            let root = prog.sections[i].root;
            if p.sections[i].effect == Effect::Criteria {
                refer_nodes.extend_from_slice(self.refer_of(root));
            }
        }
        let referrals = self.referrals(&refer_nodes);
        let mut outcome = if denied {
            Outcome::DoesNotMeet
        } else if open {
            Outcome::Incomplete
        } else if !referrals.is_empty() {
            Outcome::Refer
        } else if !met.is_empty() {
            Outcome::Meets
        } else {
            notes.push(Note::NoSection);
            Outcome::DoesNotMeet
        };
        let mut refer_to: Vec<&'p Referral> = if outcome == Outcome::Refer {
            referrals
                .into_iter()
                .filter(|r| match (r.line_of_business, ctx.line_of_business) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut unlisted = false;
        if let Some(lob) = ctx.line_of_business {
            if !p.lines_of_business.contains(&lob) {
                unlisted = true;
                notes.push(Note::UnlistedLineOfBusiness { line_of_business: lob });
                outcome = Outcome::Refer;
                // Where the document names the policy for that line of business, go there.
                refer_to = p
                    .other_lines_of_business
                    .iter()
                    .filter(|r| r.line_of_business.is_none_or(|l| l == lob))
                    .collect();
            }
        }

        let mut failed = Vec::new();
        let mut relevant = Marks::new(p.questions.len(), p.derived.len());
        let mut missing = Marks::new(p.questions.len(), p.derived.len());
        let mut dose_nodes = Vec::new();
        for (i, s) in prog.sections.iter().enumerate() {
            let (applies, status) = states[i];
            self.gate_marks(&s.applies, &mut relevant);
            if applies == Status::Unknown && outcome == Outcome::Incomplete {
                self.gate_missing(&s.applies, &mut missing);
            }
            if applies != Status::Met {
                continue;
            }
            let section = &p.sections[i];
            notes.extend(section.notes.iter().map(|text| Note::Section {
                section: &section.id,
                text,
            }));
            documentation.extend(section.documentation.iter().map(String::as_str));
            if section.effect == Effect::Deny {
                failed.push(section.criteria.id.as_str());
            } else if status == Status::NotMet {
                self.collect_failed(s.root, &mut failed);
            }
            if status == Status::Unknown && outcome == Outcome::Incomplete {
                self.tree_missing(s.root, &mut missing);
            }
            self.tree_relevant(s.root, &mut relevant);
            if section.effect == Effect::Criteria {
                self.collect_dose_nodes(s.root, &mut dose_nodes);
                if let Some(from) = section.approval.as_ref().and_then(|a| a.quantity_from.as_deref()) {
                    if let Some(&d) = lp.derived.get(from) {
                        relevant.derived[d] = true;
                    }
                }
            }
        }
        // Criteria of a policy that does not apply to the line of business fail nothing.
        if unlisted {
            failed.clear();
        }
        // A companion of a question answered "not done" is not asked: the form hides it.
        for (q, implied) in self.implied.iter().enumerate() {
            if *implied {
                relevant.questions[q] = false;
            }
        }
        let relevant_ids: Vec<&'p str> = relevant.question_ids(p, |_| true);
        // A list known in part is still missing: only more of it can decide.
        let missing_ids: Vec<&'p str> = missing.question_ids(p, |q| self.slots[q].is_none_or(Answer::is_partial));
        let answered = (0..p.questions.len())
            .filter(|&q| relevant.questions[q] && self.slots[q].is_some())
            .count();
        if outcome == Outcome::Incomplete && missing_ids.is_empty() {
            notes.push(Note::NotComputable);
        }

        let approval = if outcome == Outcome::Meets {
            let mut found = None;
            for &i in &met {
                let Some(a) = p.sections[i].approval.as_ref() else {
                    continue;
                };
                let computed = match a.quantity_from.as_deref().and_then(|d| lp.derived.get(d).copied()) {
                    Some(d) => self.derived_number(d as u32).map(|value| Quantity {
                        value,
                        unit: &p.derived[d].unit,
                    }),
                    None => None,
                };
                found = Some(ApprovalResult {
                    section: &p.sections[i].id,
                    duration: &a.duration,
                    duration_months: a.duration_months,
                    quantity: a.quantity.as_deref(),
                    computed,
                });
                break;
            }
            found
        } else {
            None
        };

        let mut dose_checks = Vec::new();
        for i in dose_nodes {
            let Some(n) = prog.nodes.get(i as usize) else { continue };
            let mut used = Vec::new();
            self.collect_used(i, &mut used, 0);
            dose_checks.push(DoseCheck {
                criterion: &n.id,
                label: &n.label,
                status: self.display_status(i),
                used,
            });
        }

        let mut values = Vec::new();
        for (d, def) in p.derived.iter().enumerate() {
            if relevant.derived[d] {
                let value = self.derived_number(d as u32);
                values.push(ValueResult {
                    id: &def.id,
                    kind: ValueKind::Derived,
                    label: &def.label,
                    value,
                    unit: &def.unit,
                });
            }
        }
        // Days since each dated result that a window checks, as a calculator would show them.
        for (i, s) in prog.sections.iter().enumerate() {
            if states[i].0 == Status::Met {
                self.collect_day_counts(s.root, &mut values);
            }
        }
        documentation.dedup();

        // A summary carries no sections: the verdict, failed and missing say what it needs.
        let mut sections = Vec::with_capacity(if explain { states.len() } else { 0 });
        for (i, s) in p.sections.iter().enumerate().filter(|_| explain) {
            let (applies, status) = states[i];
            let tree = if applies == Status::Met {
                self.explain(prog.sections[i].root)
            } else {
                None
            };
            sections.push(SectionResult {
                id: &s.id,
                title: &s.title,
                kind: s.kind,
                effect: s.effect,
                applies,
                status,
                tree,
            });
        }

        Evaluation {
            policy: PolicyInfo {
                id: &p.id,
                title: &p.title,
                subject: &p.subject,
                issuer: &p.issuer,
                plan: &p.plan,
                effective: p.effective.as_deref(),
                last_review: &p.last_review,
            },
            as_of: ctx.as_of.to_string(),
            line_of_business: ctx.line_of_business,
            outcome,
            freshness,
            failed,
            progress: Progress {
                answered,
                needed: answered + missing_ids.len(),
            },
            missing: missing_ids,
            relevant: relevant_ids,
            approval,
            dose_checks,
            refer_to,
            documentation,
            notes,
            values,
            sections,
            caveat: CAVEAT,
        }
    }

    /// The questions of a condition list a form should show: those of each condition up to
    /// and including the first that is not met.
    fn gate_marks(&mut self, r: &std::ops::Range<u32>, marks: &mut Marks) {
        let prog = self.prog;
        for &p in prog.gate(r) {
            marks.pred(prog, p);
            if self.pred(p) != Status::Met {
                break;
            }
        }
    }

    fn gate_missing(&mut self, r: &std::ops::Range<u32>, marks: &mut Marks) {
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

    fn tree_relevant(&mut self, i: u32, marks: &mut Marks) {
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

    fn tree_missing(&mut self, i: u32, marks: &mut Marks) {
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
    fn collect_failed(&self, i: u32, out: &mut Vec<&'p str>) {
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
        if let Some(n) = self.prog.nodes.get(i as usize) {
            out.push(&n.id);
        }
    }

    fn collect_dose_nodes(&self, i: u32, out: &mut Vec<u32>) {
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
    fn collect_used(&mut self, i: u32, out: &mut Vec<Used<'p>>, depth: usize) {
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

    fn collect_day_counts(&mut self, i: u32, out: &mut Vec<ValueResult<'p>>) {
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

/// Months from the policy's last review to the as-of date, and whether that is over a year.
fn freshness(p: &crate::model::Policy, as_of: Date) -> Freshness<'_> {
    let months = match crate::date::PolicyDate::parse(&p.last_review) {
        Some(d) => {
            let mut m =
                (i64::from(as_of.year()) - i64::from(d.year)) * 12 + i64::from(as_of.month()) - i64::from(d.month);
            if d.day.is_some_and(|day| as_of.day() < day) {
                m -= 1;
            }
            m
        }
        None => 0,
    };
    Freshness {
        effective: p.effective.as_deref(),
        last_review: &p.last_review,
        months_since_review: months,
        stale: months > 12,
    }
}

/// Which questions and derived values are marked, by index.
struct Marks {
    questions: Vec<bool>,
    derived: Vec<bool>,
}

impl Marks {
    fn new(questions: usize, derived: usize) -> Marks {
        Marks {
            questions: vec![false; questions],
            derived: vec![false; derived],
        }
    }

    fn pred_questions(&mut self, prog: &Program, p: u32) {
        for &q in prog.pred_questions.get(p as usize).map_or(&[][..], Vec::as_slice) {
            if let Some(m) = self.questions.get_mut(q as usize) {
                *m = true;
            }
        }
    }

    fn pred(&mut self, prog: &Program, p: u32) {
        self.pred_questions(prog, p);
        for &d in prog.pred_derived.get(p as usize).map_or(&[][..], Vec::as_slice) {
            if let Some(m) = self.derived.get_mut(d as usize) {
                *m = true;
            }
        }
    }

    /// The marked question ids that pass `keep` (by index), in form order.
    fn question_ids<'p>(&self, p: &'p crate::model::Policy, keep: impl Fn(usize) -> bool) -> Vec<&'p str> {
        (0..p.questions.len())
            .filter(|&i| self.questions[i] && keep(i))
            .map(|i| p.questions[i].id.as_str())
            .collect()
    }
}

fn rule_name(kind: &PKind) -> &'static str {
    match kind {
        PKind::All(_) => "all",
        PKind::Any(_) => "any",
        PKind::AtLeast(..) => "at_least",
        PKind::Not(_) => "not",
        PKind::Use(_) => "use",
        PKind::Check(_) => "check",
    }
}
