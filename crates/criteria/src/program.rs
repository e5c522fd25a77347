//! A loaded policy compiled for evaluation: every id resolved to an index, every node and
//! predicate in flat arrays, and each predicate's dependencies worked out once.
//!
//! Evaluation then runs over arrays of statuses with no string look-ups and almost no
//! allocation; the explanation tree is built from those statuses only when it is wanted.

use std::ops::Range;

use crate::hash::FastMap;
use crate::model::{Effect, Expr, Node, Policy, Pred, Referral};

/// Index of a question in the policy's question list (its form order).
pub(crate) type Q = u32;

pub(crate) use crate::value::Cmp;

#[derive(Debug, Clone)]
pub(crate) enum PPred {
    Yes(Q),
    No(Q),
    ChoiceIn(Q, Vec<String>),
    /// Options or drug ids, or any drug whose class bits meet `mask`; with the complete list
    /// that covers these lines for every drug the test asks about, if the policy has one.
    IncludesAny(Q, Vec<String>, u64, Option<Q>),
    WithinDays(Q, i64),
    WithinMonths(Q, u32),
    LinesDated(Q),
    /// The negation of another predicate.
    Not(u32),
    Cmp(Cmp, u32, u32),
}

#[derive(Debug, Clone)]
pub(crate) enum PExpr {
    Q(Q),
    D(u32),
    Num(f64),
    Add(Range<u32>),
    Mul(Range<u32>),
    Min(Range<u32>),
    Max(Range<u32>),
    Sub(u32, u32),
    Div(u32, u32),
    DaysSince(Q),
    DaysBetween(Q, Q),
    YearsSince(Q),
    MonthsSince(Q),
    MonthsBetween(Q, Q),
    /// Lines whose drugs together cover every class bit of the mask (0: every line).
    CountLines(Q, u64),
    Score(Q, Vec<(String, f64)>),
    Bands(u32, Vec<f64>, Vec<f64>),
}

#[derive(Debug, Clone)]
pub(crate) enum PKind {
    All(Range<u32>),
    Any(Range<u32>),
    AtLeast(u32, Range<u32>),
    Not(u32),
    Check(u32),
    Use(u32),
}

#[derive(Debug, Clone)]
pub(crate) struct PNode {
    pub kind: PKind,
    /// Predicates of the node's `when` list, in order.
    pub when: Range<u32>,
    /// What the explanation shows, copied from the policy's node.
    pub id: String,
    pub label: String,
    pub refer: Vec<Referral>,
    pub dose_check: bool,
    pub ambiguity: Option<String>,
    pub at_least: Option<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct PSection {
    pub applies: Range<u32>,
    pub root: u32,
    pub effect: Effect,
    /// The section's documentation that depends on the answers.
    pub documentation: Vec<PDocumentation>,
}

/// Documentation's conditions, compiled: listed unless `when` is not met; missing where
/// `complete` is not met.
#[derive(Debug, Clone)]
pub(crate) struct PDocumentation {
    pub when: Range<u32>,
    pub complete: Option<u32>,
}

/// The compiled policy.
#[derive(Debug, Clone, Default)]
pub(crate) struct Program {
    pub nodes: Vec<PNode>,
    /// Child and gate lists, as ranges into these pools.
    pub child_pool: Vec<u32>,
    pub pred_pool: Vec<u32>,
    pub expr_pool: Vec<u32>,
    pub preds: Vec<PPred>,
    pub exprs: Vec<PExpr>,
    /// Derived value index to its expression.
    pub derived: Vec<u32>,
    /// Per predicate: the questions it reads (through derived values too), first use first.
    pub pred_questions: Vec<Vec<Q>>,
    /// Per predicate: the derived values it names directly.
    pub pred_derived: Vec<Vec<u32>>,
    /// Per derived value: the questions it reads.
    pub derived_questions: Vec<Vec<Q>>,
    pub sections: Vec<PSection>,
    /// The policy's own documentation, as each section's.
    pub documentation: Vec<PDocumentation>,
    /// Drug id to the bit set of its classes.
    pub drug_bits: FastMap<String, u64>,
    /// Per question: the questions that belong to it and are not asked while it is not done.
    pub companions: Vec<Vec<Q>>,
}

impl Program {
    pub(crate) fn children(&self, r: &Range<u32>) -> &[u32] {
        &self.child_pool[r.start as usize..r.end as usize]
    }

    pub(crate) fn gate(&self, r: &Range<u32>) -> &[u32] {
        &self.pred_pool[r.start as usize..r.end as usize]
    }

    pub(crate) fn operands(&self, r: &Range<u32>) -> &[u32] {
        &self.expr_pool[r.start as usize..r.end as usize]
    }

    pub(crate) fn drug_bits(&self, drug: &str) -> u64 {
        self.drug_bits.get(drug).copied().unwrap_or(0)
    }
}

/// Every criterion node of every section, in preorder: the program's node numbering.
/// `use` targets are not descended into (they are numbered where they stand).
fn preorder(policy: &Policy) -> Vec<&Node> {
    fn walk<'a>(n: &'a Node, out: &mut Vec<&'a Node>) {
        out.push(n);
        for list in [&n.all, &n.any, &n.of].into_iter().flatten() {
            for c in list {
                walk(c, out);
            }
        }
        if let Some(c) = &n.not {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for s in &policy.sections {
        walk(&s.criteria, &mut out);
    }
    out
}

/// Compiles a validated policy. Look-ups that validation guarantees fall back to harmless
/// values rather than panicking.
pub(crate) fn compile(
    policy: &Policy,
    questions: &FastMap<String, usize>,
    derived: &FastMap<String, usize>,
) -> Program {
    let mut c = Compiler {
        policy,
        questions,
        derived,
        prog: Program::default(),
        class_bit: FastMap::default(),
    };
    for (i, class) in policy.classes.iter().enumerate().take(64) {
        c.class_bit.insert(class.id.as_str(), 1u64 << i);
    }
    for d in &policy.drugs {
        let bits = d
            .classes
            .iter()
            .fold(0u64, |acc, k| acc | c.class_bit.get(k.as_str()).copied().unwrap_or(0));
        c.prog.drug_bits.insert(d.id.clone(), bits);
    }
    c.prog.companions = policy
        .questions
        .iter()
        .map(|q| q.companions.iter().map(|id| c.q(id)).collect())
        .collect();
    // Derived values first (they may refer to each other; validation rejected cycles).
    c.prog.derived = vec![0; policy.derived.len()];
    for (i, d) in policy.derived.iter().enumerate() {
        let e = c.expr(&d.expr);
        c.prog.derived[i] = e;
    }
    // Each derived value's questions once, dependencies first (validation rejected cycles), so
    // a chain of values that each read the one before twice costs linear time, not doubling.
    c.prog.derived_questions = vec![Vec::new(); policy.derived.len()];
    for d in derived_order(policy, derived) {
        let qs = c.derived_deps(d);
        c.prog.derived_questions[d as usize] = qs;
    }

    let order = preorder(policy);
    let index: FastMap<*const Node, u32> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (*n as *const Node, i as u32))
        .collect();
    let by_id: FastMap<&str, u32> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i as u32))
        .collect();
    let of = |n: &Node| index.get(&(n as *const Node)).copied().unwrap_or(0);
    for n in &order {
        let when = c.preds(&n.when);
        let kind = if let Some(list) = &n.all {
            PKind::All(c.child_range(list.iter().map(of)))
        } else if let Some(list) = &n.any {
            PKind::Any(c.child_range(list.iter().map(of)))
        } else if let (Some(k), Some(list)) = (n.at_least, &n.of) {
            PKind::AtLeast(k, c.child_range(list.iter().map(of)))
        } else if let Some(child) = &n.not {
            PKind::Not(of(child))
        } else if let Some(target) = &n.use_ {
            PKind::Use(by_id.get(target.as_str()).copied().unwrap_or(0))
        } else if let Some(p) = &n.check {
            PKind::Check(c.pred(p))
        } else {
            PKind::Check(c.pred(&Pred::Yes(String::new())))
        };
        c.prog.nodes.push(PNode {
            kind,
            when,
            id: n.id.clone(),
            label: n.label.clone(),
            refer: n.refer.clone(),
            dose_check: n.dose_check,
            ambiguity: n.ambiguity.clone(),
            at_least: n.at_least,
        });
    }
    for s in &policy.sections {
        let applies = c.preds(&s.applies_when);
        let root = of(&s.criteria);
        let documentation = c.documentation(&s.documentation);
        c.prog.sections.push(PSection {
            applies,
            root,
            effect: s.effect,
            documentation,
        });
    }
    c.prog.documentation = c.documentation(&policy.documentation);
    c.prog
}

struct Compiler<'a> {
    policy: &'a Policy,
    questions: &'a FastMap<String, usize>,
    derived: &'a FastMap<String, usize>,
    prog: Program,
    class_bit: FastMap<&'a str, u64>,
}

impl Compiler<'_> {
    fn q(&self, id: &str) -> Q {
        // Unknown ids cannot pass validation; u32::MAX reads as "unanswered".
        self.questions.get(id).map_or(u32::MAX, |&i| i as u32)
    }

    /// The question whose complete answer covers `lines` for every drug an `includes_any` test
    /// of it asks about: a `drug_list` that `covers` the lines, whose classes hold the test's
    /// class and each of its drugs.
    fn cover(&self, lines: &str, values: &[String], mask: u64) -> Option<Q> {
        if mask == 0 && values.is_empty() {
            return None;
        }
        let covers = |q: &crate::model::Question| {
            let covered = q.classes.iter().fold(0u64, |acc, k| {
                acc | self.class_bit.get(k.as_str()).copied().unwrap_or(0)
            });
            let drugs_covered = values
                .iter()
                .all(|d| self.prog.drug_bits.get(d).is_some_and(|b| b & covered != 0));
            mask & covered == mask && drugs_covered
        };
        let i = self
            .policy
            .questions
            .iter()
            .position(|q| q.covers.as_deref() == Some(lines) && covers(q))?;
        Some(i as Q)
    }

    fn d(&self, id: &str) -> u32 {
        self.derived.get(id).map_or(u32::MAX, |&i| i as u32)
    }

    fn child_range(&mut self, items: impl Iterator<Item = u32>) -> Range<u32> {
        let start = self.prog.child_pool.len() as u32;
        self.prog.child_pool.extend(items);
        start..self.prog.child_pool.len() as u32
    }

    fn documentation(&mut self, items: &[crate::model::Documentation]) -> Vec<PDocumentation> {
        items
            .iter()
            .map(|item| {
                let (when, complete) = item.conditions();
                PDocumentation {
                    when: self.preds(when),
                    complete: complete.map(|p| self.pred(p)),
                }
            })
            .collect()
    }

    fn preds(&mut self, list: &[Pred]) -> Range<u32> {
        let ids: Vec<u32> = list.iter().map(|p| self.pred(p)).collect();
        let start = self.prog.pred_pool.len() as u32;
        self.prog.pred_pool.extend(ids);
        start..self.prog.pred_pool.len() as u32
    }

    fn pred(&mut self, p: &Pred) -> u32 {
        let mut questions = Vec::new();
        let mut derived = Vec::new();
        let compiled = match p {
            Pred::Yes(q) => PPred::Yes(self.q(q)),
            Pred::No(q) => PPred::No(self.q(q)),
            Pred::ChoiceIn { question, values } => PPred::ChoiceIn(self.q(question), values.clone()),
            Pred::IncludesAny {
                question,
                values,
                class,
            } => {
                let mask = class
                    .as_deref()
                    .and_then(|k| self.class_bit.get(k).copied())
                    .unwrap_or(0);
                let cover = self.cover(question, values, mask);
                if let Some(c) = cover {
                    questions.push(c);
                }
                PPred::IncludesAny(self.q(question), values.clone(), mask, cover)
            }
            Pred::WithinDays { question, days } => PPred::WithinDays(self.q(question), i64::from(*days)),
            Pred::WithinMonths { question, months } => PPred::WithinMonths(self.q(question), *months),
            Pred::LinesDated(question) => PPred::LinesDated(self.q(question)),
            Pred::Not(inner) => {
                let i = self.pred(inner);
                questions.extend(self.prog.pred_questions.get(i as usize).into_iter().flatten().copied());
                derived.extend(self.prog.pred_derived.get(i as usize).into_iter().flatten().copied());
                PPred::Not(i)
            }
            Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) => {
                let op = match p {
                    Pred::Ge(_) => Cmp::Ge,
                    Pred::Gt(_) => Cmp::Gt,
                    Pred::Le(_) => Cmp::Le,
                    Pred::Lt(_) => Cmp::Lt,
                    _ => Cmp::Eq,
                };
                let a = self.expr(&pair[0]);
                let b = self.expr(&pair[1]);
                self.expr_deps(a, &mut questions, &mut derived);
                self.expr_deps(b, &mut questions, &mut derived);
                PPred::Cmp(op, a, b)
            }
        };
        if let PPred::Yes(q)
        | PPred::No(q)
        | PPred::ChoiceIn(q, _)
        | PPred::IncludesAny(q, _, _, _)
        | PPred::WithinDays(q, _)
        | PPred::WithinMonths(q, _)
        | PPred::LinesDated(q) = &compiled
        {
            questions.insert(0, *q);
        }
        self.prog.preds.push(compiled);
        self.prog.pred_questions.push(questions);
        self.prog.pred_derived.push(derived);
        (self.prog.preds.len() - 1) as u32
    }

    fn push(&mut self, e: PExpr) -> u32 {
        self.prog.exprs.push(e);
        (self.prog.exprs.len() - 1) as u32
    }

    fn list(&mut self, items: &[Expr]) -> Range<u32> {
        let ids: Vec<u32> = items.iter().map(|e| self.expr(e)).collect();
        let start = self.prog.expr_pool.len() as u32;
        self.prog.expr_pool.extend(ids);
        start..self.prog.expr_pool.len() as u32
    }

    fn expr(&mut self, e: &Expr) -> u32 {
        let compiled = match e {
            Expr::Q(q) => PExpr::Q(self.q(q)),
            Expr::D(d) => PExpr::D(self.d(d)),
            Expr::Num(n) | Expr::Qty(n, _) => PExpr::Num(*n),
            Expr::Add(items) => PExpr::Add(self.list(items)),
            Expr::Mul(items) => PExpr::Mul(self.list(items)),
            Expr::Min(items) => PExpr::Min(self.list(items)),
            Expr::Max(items) => PExpr::Max(self.list(items)),
            Expr::Sub(pair) => {
                let (a, b) = (self.expr(&pair[0]), self.expr(&pair[1]));
                PExpr::Sub(a, b)
            }
            Expr::Div(pair) => {
                let (a, b) = (self.expr(&pair[0]), self.expr(&pair[1]));
                PExpr::Div(a, b)
            }
            Expr::DaysSince(q) => PExpr::DaysSince(self.q(q)),
            Expr::DaysBetween { from, to } => PExpr::DaysBetween(self.q(from), self.q(to)),
            Expr::YearsSince(q) => PExpr::YearsSince(self.q(q)),
            Expr::MonthsSince(q) => PExpr::MonthsSince(self.q(q)),
            Expr::MonthsBetween { from, to } => PExpr::MonthsBetween(self.q(from), self.q(to)),
            Expr::CountLines { question, with_all } => {
                let mask = with_all.iter().fold(0u64, |acc, k| {
                    acc | self.class_bit.get(k.as_str()).copied().unwrap_or(0)
                });
                PExpr::CountLines(self.q(question), mask)
            }
            Expr::Score { question, points } => {
                PExpr::Score(self.q(question), points.iter().map(|(k, v)| (k.clone(), *v)).collect())
            }
            Expr::Bands { of, upto, values, .. } => {
                let of = self.expr(of);
                PExpr::Bands(of, upto.clone(), values.clone())
            }
        };
        self.push(compiled)
    }

    /// The questions and derived values an expression reads, in first-use order.
    fn expr_deps(&self, e: u32, questions: &mut Vec<Q>, derived: &mut Vec<u32>) {
        let add = |q: Q, questions: &mut Vec<Q>| {
            if !questions.contains(&q) {
                questions.push(q);
            }
        };
        match self.prog.exprs.get(e as usize) {
            Some(
                PExpr::Q(q)
                | PExpr::DaysSince(q)
                | PExpr::YearsSince(q)
                | PExpr::MonthsSince(q)
                | PExpr::CountLines(q, _)
                | PExpr::Score(q, _),
            ) => {
                add(*q, questions);
            }
            Some(PExpr::DaysBetween(a, b) | PExpr::MonthsBetween(a, b)) => {
                add(*a, questions);
                add(*b, questions);
            }
            Some(PExpr::D(d)) => {
                for &q in self
                    .prog
                    .derived_questions
                    .get(*d as usize)
                    .map_or(&[][..], Vec::as_slice)
                {
                    add(q, questions);
                }
                if !derived.contains(d) {
                    derived.push(*d);
                }
            }
            Some(PExpr::Add(r) | PExpr::Mul(r) | PExpr::Min(r) | PExpr::Max(r)) => {
                for &x in &self.prog.expr_pool[r.start as usize..r.end as usize] {
                    self.expr_deps(x, questions, derived);
                }
            }
            Some(PExpr::Sub(a, b) | PExpr::Div(a, b)) => {
                self.expr_deps(*a, questions, derived);
                self.expr_deps(*b, questions, derived);
            }
            Some(PExpr::Bands(of, _, _)) => self.expr_deps(*of, questions, derived),
            Some(PExpr::Num(_)) | None => {}
        }
    }

    /// The questions a derived value reads, from those of the values it names (already known:
    /// see [`derived_order`]).
    fn derived_deps(&self, d: u32) -> Vec<Q> {
        let mut questions = Vec::new();
        if let Some(&e) = self.prog.derived.get(d as usize) {
            self.expr_deps(e, &mut questions, &mut Vec::new());
        }
        questions
    }
}

/// The derived values in an order where each comes after every value it names (a depth-first
/// post-order, iterative, so a long chain cannot exhaust the stack). A cycle, which validation
/// rejects, is cut where it closes.
fn derived_order(policy: &Policy, index: &FastMap<String, usize>) -> Vec<u32> {
    let n = policy.derived.len();
    let refs: Vec<Vec<usize>> = policy
        .derived
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            d.expr.derived_refs(&mut out);
            out.into_iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect()
        })
        .collect();
    // 0: not seen, 1: on the stack, 2: placed.
    let mut state = vec![0u8; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if let Some(&j) = refs[i].get(*next) {
                *next += 1;
                if state[j] == 0 {
                    state[j] = 1;
                    stack.push((j, 0));
                }
            } else {
                state[i] = 2;
                order.push(i as u32);
                stack.pop();
            }
        }
    }
    order
}
