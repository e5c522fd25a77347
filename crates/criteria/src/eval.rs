//! Three-valued evaluation of a policy against answers, and the explained result.
//!
//! Every node is met, not met or unknown; a node is decided only when no answer to its
//! unanswered questions could change it (Kleene logic), so "not answered" never reads as "no".
//! Evaluation of a loaded policy cannot fail: what cannot be computed is unknown.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde::Serialize;

use crate::answers::{format_number, Answer, Answers};
use crate::date::Date;
use crate::hash::FastMap;
use crate::model::{Effect, Expr, LineOfBusiness, Node, Pred, Referral, Section, SectionKind};
use crate::validate::LoadedPolicy;

/// What every result says about itself: Precheck is not the plan's decision.
pub const CAVEAT: &str = "Pre-screen only, not a coverage decision: the health plan decides on the documentation submitted with the request.";

/// The circumstances of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The date the screen is made for; windows and ages count to it.
    pub as_of: Date,
    /// The member's line of business, where known; it selects referrals.
    pub line_of_business: Option<LineOfBusiness>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Meets,
    DoesNotMeet,
    Incomplete,
    Refer,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Meets => "meets",
            Outcome::DoesNotMeet => "does_not_meet",
            Outcome::Incomplete => "incomplete",
            Outcome::Refer => "refer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Meets => "Meets the criteria",
            Outcome::DoesNotMeet => "Does not meet the criteria",
            Outcome::Incomplete => "Incomplete: answers still needed",
            Outcome::Refer => "Refer: handled under another policy or review",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    Unknown,
    /// The node's `when` conditions do not hold: it does not count.
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not applicable",
        }
    }

    fn from_bool(b: bool) -> Status {
        if b {
            Status::Met
        } else {
            Status::NotMet
        }
    }
}

/// An answer or computed value that a criterion used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Used<'p> {
    pub id: &'p str,
    pub label: &'p str,
    /// The value as shown to a clinician; absent when unanswered.
    pub value: Option<Rc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'p str>,
}

/// The status of one predicate and what it depended on.
#[derive(Debug, Clone, Default)]
struct PredResult<'p> {
    status: Option<Status>,
    questions: Vec<&'p str>,
    derived: Vec<&'p str>,
    /// For a date window: the date question and its days before the as-of date.
    days: Option<(&'p str, i64)>,
}

impl PredResult<'_> {
    fn status(&self) -> Status {
        self.status.unwrap_or(Status::Unknown)
    }
}

/// One criterion of the explanation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NodeResult<'p> {
    pub id: &'p str,
    pub label: &'p str,
    /// `all`, `any`, `at_least`, `not`, `check` or `use`.
    pub rule: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    pub status: Status,
    /// The status of the node's `when` conditions, where it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<Status>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used: Vec<Used<'p>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NodeResult<'p>>,
    /// Referrals this node carries when it is what satisfies its section.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refer: Vec<&'p Referral>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dose_check: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguity: Option<&'p str>,
    #[serde(skip)]
    inner: Status,
    #[serde(skip)]
    gate_preds: Vec<PredResult<'p>>,
    #[serde(skip)]
    check: Option<PredResult<'p>>,
}

impl NodeResult<'_> {
    /// How the node counts inside an `all` (None: it does not count).
    fn in_all(&self) -> Option<Status> {
        match self.gate {
            Some(Status::NotMet) => None,
            Some(Status::Unknown) if self.inner == Status::Met => Some(Status::Met),
            Some(Status::Unknown) => Some(Status::Unknown),
            _ => Some(self.inner),
        }
    }

    /// How the node counts inside an `any` or `at_least` (None: it does not count).
    fn in_any(&self) -> Option<Status> {
        match self.gate {
            Some(Status::NotMet) => None,
            Some(Status::Unknown) if self.inner == Status::NotMet => Some(Status::NotMet),
            Some(Status::Unknown) => Some(Status::Unknown),
            _ => Some(self.inner),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionResult<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub kind: SectionKind,
    pub effect: Effect,
    /// Whether the section applies to this request.
    pub applies: Status,
    /// The section's own verdict: met, not met (or denied), unknown, or not applicable.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree: Option<NodeResult<'p>>,
    #[serde(skip)]
    applies_preds: Vec<PredResult<'p>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyInfo<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub subject: &'p str,
    pub issuer: &'p str,
    pub plan: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<&'p str>,
    pub last_review: &'p str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalResult<'p> {
    pub section: &'p str,
    pub duration: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoseCheck<'p> {
    pub criterion: &'p str,
    pub label: &'p str,
    pub status: Status,
    pub used: Vec<Used<'p>>,
}

/// A computed value, as a calculator shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueResult<'p> {
    pub id: &'p str,
    pub label: String,
    pub value: Option<f64>,
    pub unit: &'p str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    /// Relevant questions answered.
    pub answered: usize,
    /// Answered plus still missing.
    pub needed: usize,
}

/// The explained result of evaluating a policy.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation<'p> {
    pub policy: PolicyInfo<'p>,
    pub as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_of_business: Option<LineOfBusiness>,
    pub outcome: Outcome,
    /// Criterion ids that definitively fail, in tree order.
    pub failed: Vec<&'p str>,
    /// Questions still needed to decide, in form order.
    pub missing: Vec<&'p str>,
    /// Questions a form should show now, in form order.
    pub relevant: Vec<&'p str>,
    pub progress: Progress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<ApprovalResult<'p>>,
    pub dose_checks: Vec<DoseCheck<'p>>,
    pub refer_to: Vec<&'p Referral>,
    pub documentation: Vec<&'p str>,
    pub notes: Vec<String>,
    pub values: Vec<ValueResult<'p>>,
    pub sections: Vec<SectionResult<'p>>,
    pub caveat: &'static str,
}

/// Evaluates a policy against answers. Deterministic: the same inputs give the same result.
pub fn evaluate<'p>(policy: &'p LoadedPolicy, answers: &Answers, ctx: &Context) -> Evaluation<'p> {
    let mut ev = Evaluator {
        lp: policy,
        answers,
        ctx,
        memo: vec![None; policy.policy.derived.len()],
        shown: FastMap::default(),
    };
    let sections: Vec<SectionResult<'p>> = policy.policy.sections.iter().map(|s| ev.section(s)).collect();
    ev.finish(sections)
}

type Memo<'p> = Option<(Option<f64>, Vec<&'p str>)>;

struct Evaluator<'p, 'a> {
    lp: &'p LoadedPolicy,
    answers: &'a Answers,
    ctx: &'a Context,
    /// Derived values computed so far, with the questions they depend on.
    memo: Vec<Memo<'p>>,
    /// Answers and derived values as shown to a clinician, formatted once per evaluation.
    shown: FastMap<&'p str, Rc<str>>,
}

/// Kleene conjunction of predicate statuses.
fn and_all(statuses: impl IntoIterator<Item = Status>) -> Status {
    let mut out = Status::Met;
    for s in statuses {
        match s {
            Status::NotMet => return Status::NotMet,
            Status::Unknown => out = Status::Unknown,
            _ => {}
        }
    }
    out
}

const EPSILON: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPSILON * a.abs().max(b.abs()).max(1.0)
}

impl<'p> Evaluator<'p, '_> {
    fn section(&mut self, s: &'p Section) -> SectionResult<'p> {
        let applies_preds: Vec<PredResult<'p>> = s.applies_when.iter().map(|p| self.pred(p)).collect();
        let applies = and_all(applies_preds.iter().map(PredResult::status));
        let (status, tree) = match applies {
            Status::Met => {
                let tree = self.node(&s.criteria);
                let status = match s.effect {
                    Effect::Deny => Status::NotMet,
                    Effect::Criteria => tree.in_all().unwrap_or(Status::Met),
                };
                (status, Some(tree))
            }
            Status::Unknown => (Status::Unknown, None),
            _ => (Status::NotApplicable, None),
        };
        SectionResult {
            id: &s.id,
            title: &s.title,
            kind: s.kind,
            effect: s.effect,
            applies,
            status,
            tree,
            applies_preds,
        }
    }

    fn node(&mut self, n: &'p Node) -> NodeResult<'p> {
        let gate_preds: Vec<PredResult<'p>> = n.when.iter().map(|p| self.pred(p)).collect();
        let gate = (!n.when.is_empty()).then(|| and_all(gate_preds.iter().map(PredResult::status)));
        let mut out = NodeResult {
            id: &n.id,
            label: &n.label,
            rule: "check",
            at_least: n.at_least,
            status: Status::NotApplicable,
            gate,
            used: Vec::new(),
            children: Vec::new(),
            refer: Vec::new(),
            dose_check: n.dose_check,
            ambiguity: n.ambiguity.as_deref(),
            inner: Status::NotApplicable,
            gate_preds,
            check: None,
        };
        if gate == Some(Status::NotMet) {
            out.rule = rule_name(n);
            return out;
        }
        let mut refer: Vec<&'p Referral> = Vec::new();
        let inner = if let Some(children) = &n.all {
            out.rule = "all";
            out.children = children.iter().map(|c| self.node(c)).collect();
            let status = and_all(out.children.iter().filter_map(NodeResult::in_all));
            if status == Status::Met {
                for c in &out.children {
                    if c.in_all() == Some(Status::Met) {
                        refer.extend(c.refer.iter().copied());
                    }
                }
            }
            status
        } else if let Some(children) = &n.any {
            out.rule = "any";
            out.children = children.iter().map(|c| self.node(c)).collect();
            let counted: Vec<(Status, &NodeResult<'p>)> =
                out.children.iter().filter_map(|c| c.in_any().map(|s| (s, c))).collect();
            let met: Vec<&NodeResult<'p>> = counted
                .iter()
                .filter(|(s, _)| *s == Status::Met)
                .map(|(_, c)| *c)
                .collect();
            let unknown = counted.iter().any(|(s, _)| *s == Status::Unknown);
            if met.iter().any(|c| c.refer.is_empty()) {
                Status::Met
            } else if let Some(first) = met.first() {
                if unknown {
                    // Met only through a referral while a plain route is still open: the
                    // outcome could still be "meets", so it is not decided yet.
                    Status::Unknown
                } else {
                    refer.extend(first.refer.iter().copied());
                    Status::Met
                }
            } else if unknown {
                Status::Unknown
            } else {
                Status::NotMet
            }
        } else if let (Some(k), Some(children)) = (n.at_least, &n.of) {
            out.rule = "at_least";
            out.children = children.iter().map(|c| self.node(c)).collect();
            let k = k as usize;
            let met = out.children.iter().filter(|c| c.in_any() == Some(Status::Met)).count();
            let open = out
                .children
                .iter()
                .filter(|c| c.in_any() == Some(Status::Unknown))
                .count();
            if met >= k {
                for c in out.children.iter().filter(|c| c.in_any() == Some(Status::Met)) {
                    refer.extend(c.refer.iter().copied());
                }
                Status::Met
            } else if met + open < k {
                Status::NotMet
            } else {
                Status::Unknown
            }
        } else if let Some(child) = &n.not {
            out.rule = "not";
            let c = self.node(child);
            let status = match c.in_all() {
                Some(Status::Met) => Status::NotMet,
                Some(Status::NotMet) => Status::Met,
                Some(_) => Status::Unknown,
                None => Status::NotApplicable,
            };
            out.children = vec![c];
            status
        } else if let Some(target) = n.use_.as_ref().and_then(|id| self.lp.nodes.get(id)) {
            out.rule = "use";
            // Validation rejects `use` cycles, so this recursion ends.
            let c = self.node(target);
            let status = c.in_all().unwrap_or(Status::Met);
            if status == Status::Met {
                refer.extend(c.refer.iter().copied());
            }
            out.children = vec![c];
            status
        } else if let Some(pred) = &n.check {
            let result = self.pred(pred);
            out.used = self.used(&result);
            let status = result.status();
            out.check = Some(result);
            status
        } else {
            // Unreachable for a validated policy; unknown is the honest answer.
            Status::Unknown
        };
        if inner == Status::Met {
            refer.extend(n.refer.iter());
            refer.dedup();
            out.refer = refer;
        }
        out.inner = inner;
        out.status = match gate {
            Some(Status::Unknown) => Status::Unknown,
            _ => inner,
        };
        out
    }

    fn used(&mut self, result: &PredResult<'p>) -> Vec<Used<'p>> {
        let mut out = Vec::with_capacity(result.questions.len() + result.derived.len());
        for &q in &result.questions {
            let Some(question) = self.lp.question(q) else { continue };
            let value = self.shown_answer(q);
            let unit = question.unit.as_deref().filter(|_| value.is_some());
            out.push(Used {
                id: q,
                label: &question.prompt,
                value,
                unit,
            });
        }
        if let Some((q, since)) = result.days {
            let value = Some(Rc::from(since.to_string()));
            out.push(Used {
                id: q,
                label: "Days before the as-of date",
                value,
                unit: Some("days"),
            });
        }
        for &d in &result.derived {
            let Some(def) = self.lp.derived_def(d) else { continue };
            let value = match self.shown.get(def.id.as_str()) {
                Some(text) => Some(text.clone()),
                None => {
                    let text: Option<Rc<str>> = self.derived(d).map(|v| Rc::from(format_number(v)));
                    if let Some(t) = &text {
                        self.shown.insert(&def.id, t.clone());
                    }
                    text
                }
            };
            let unit = value.as_ref().map(|_| def.unit.as_str());
            out.push(Used {
                id: &def.id,
                label: &def.label,
                value,
                unit,
            });
        }
        out
    }

    /// An answer as shown to a clinician (option and drug labels), formatted once.
    fn shown_answer(&mut self, q: &'p str) -> Option<Rc<str>> {
        if let Some(text) = self.shown.get(q) {
            return Some(text.clone());
        }
        let text: Rc<str> = Rc::from(display_answer(self.lp, q, self.answers.get(q)?));
        self.shown.insert(q, text.clone());
        Some(text)
    }

    fn pred(&mut self, pred: &'p Pred) -> PredResult<'p> {
        let mut r = PredResult::default();
        let answers = self.answers;
        let as_of = self.ctx.as_of;
        r.status = match pred {
            Pred::Yes(q) | Pred::No(q) => {
                r.questions.push(q);
                match answers.get(q) {
                    Some(Answer::Bool(b)) => Some(Status::from_bool(*b == matches!(pred, Pred::Yes(_)))),
                    _ => None,
                }
            }
            Pred::ChoiceIn { question, values } => {
                r.questions.push(question);
                match answers.get(question) {
                    Some(Answer::Choice(c)) => Some(Status::from_bool(values.contains(c))),
                    _ => None,
                }
            }
            Pred::IncludesAny {
                question,
                values,
                class,
            } => {
                r.questions.push(question);
                let hit = |item: &String| {
                    values.contains(item) || class.as_ref().is_some_and(|c| self.lp.drug_in_class(item, c))
                };
                match answers.get(question) {
                    Some(Answer::Many(items)) => Some(Status::from_bool(items.iter().any(hit))),
                    Some(Answer::Lines(lines)) => Some(Status::from_bool(lines.iter().flatten().any(hit))),
                    _ => None,
                }
            }
            Pred::WithinDays { question, days } => {
                r.questions.push(question);
                match answers.get(question) {
                    Some(Answer::Date(d)) => {
                        let since = d.days_until(as_of);
                        r.days = Some((question, since));
                        Some(Status::from_bool((0..=i64::from(*days)).contains(&since)))
                    }
                    _ => None,
                }
            }
            Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) => {
                let a = self.expr(&pair[0], &mut r);
                let b = self.expr(&pair[1], &mut r);
                match (a, b) {
                    (Some(a), Some(b)) => Some(Status::from_bool(match pred {
                        Pred::Ge(_) => a > b || close(a, b),
                        Pred::Gt(_) => a > b && !close(a, b),
                        Pred::Le(_) => a < b || close(a, b),
                        Pred::Lt(_) => a < b && !close(a, b),
                        _ => close(a, b),
                    })),
                    _ => None,
                }
            }
        };
        r
    }

    /// A derived value, computed once per evaluation.
    fn derived(&mut self, id: &str) -> Option<f64> {
        let &i = self.lp.derived.get(id)?;
        if let Some(Some((value, _))) = self.memo.get(i) {
            return *value;
        }
        let def = &self.lp.policy.derived[i];
        let mut deps = PredResult::default();
        let value = self.expr(&def.expr, &mut deps);
        let mut questions = deps.questions;
        questions.dedup();
        if let Some(slot) = self.memo.get_mut(i) {
            *slot = Some((value, questions));
        }
        value
    }

    /// The questions a derived value depends on (after it has been computed).
    fn derived_questions(&self, id: &str) -> &[&'p str] {
        self.lp
            .derived
            .get(id)
            .and_then(|&i| self.memo.get(i))
            .and_then(|m| m.as_ref())
            .map_or(&[], |(_, qs)| qs.as_slice())
    }

    /// Evaluates an expression, recording the questions and derived values it reads.
    fn expr(&mut self, e: &'p Expr, deps: &mut PredResult<'p>) -> Option<f64> {
        let answers = self.answers;
        let as_of = self.ctx.as_of;
        let date = |q: &str| match answers.get(q) {
            Some(Answer::Date(d)) => Some(*d),
            _ => None,
        };
        match e {
            Expr::Q(q) => {
                deps.questions.push(q);
                match answers.get(q) {
                    Some(Answer::Number(n)) => Some(*n),
                    _ => None,
                }
            }
            Expr::D(d) => {
                let value = self.derived(d);
                deps.questions.extend_from_slice(self.derived_questions(d));
                if let Some(def) = self.lp.derived_def(d) {
                    deps.derived.push(&def.id);
                }
                value
            }
            Expr::Num(n) | Expr::Qty(n, _) => Some(*n),
            Expr::Add(items) => self.fold(items, deps, |a, b| a + b),
            Expr::Mul(items) => self.fold(items, deps, |a, b| a * b),
            Expr::Min(items) => self.fold(items, deps, f64::min),
            Expr::Max(items) => self.fold(items, deps, f64::max),
            Expr::Sub(pair) => {
                let a = self.expr(&pair[0], deps);
                let b = self.expr(&pair[1], deps);
                Some(a? - b?)
            }
            Expr::Div(pair) => {
                let a = self.expr(&pair[0], deps);
                let b = self.expr(&pair[1], deps);
                let (a, b) = (a?, b?);
                (b != 0.0).then(|| a / b)
            }
            Expr::DaysSince(q) => {
                deps.questions.push(q);
                date(q).map(|d| d.days_until(as_of) as f64)
            }
            Expr::DaysBetween { from, to } => {
                deps.questions.push(from);
                deps.questions.push(to);
                Some(date(from)?.days_until(date(to)?) as f64)
            }
            Expr::YearsSince(q) => {
                deps.questions.push(q);
                date(q).map(|d| d.years_until(as_of) as f64)
            }
            Expr::CountLines { question, with_all } => {
                deps.questions.push(question);
                let Some(Answer::Lines(lines)) = answers.get(question) else {
                    return None;
                };
                let count = lines
                    .iter()
                    .filter(|line| {
                        with_all
                            .iter()
                            .all(|c| line.iter().any(|d| self.lp.drug_in_class(d, c)))
                    })
                    .count();
                Some(count as f64)
            }
            Expr::Score { question, points } => {
                deps.questions.push(question);
                match answers.get(question) {
                    Some(Answer::Choice(c)) => points.get(c).copied(),
                    _ => None,
                }
            }
            Expr::Bands { of, upto, values, .. } => {
                let x = self.expr(of, deps)?;
                let i = upto.iter().position(|&u| x <= u || close(x, u)).unwrap_or(upto.len());
                values.get(i).copied()
            }
        }
    }

    fn fold(&mut self, items: &'p [Expr], deps: &mut PredResult<'p>, f: fn(f64, f64) -> f64) -> Option<f64> {
        // Evaluate every operand so that all dependencies are recorded.
        let values: Vec<Option<f64>> = items.iter().map(|e| self.expr(e, deps)).collect();
        let mut acc: Option<f64> = None;
        for v in values {
            let v = v?;
            acc = Some(acc.map_or(v, |a| f(a, v)));
        }
        acc
    }

    fn finish(&mut self, sections: Vec<SectionResult<'p>>) -> Evaluation<'p> {
        let lp = self.lp;
        let p = &lp.policy;
        let ctx = *self.ctx;
        let mut notes: Vec<String> = p.notes.clone();
        let mut documentation: Vec<&'p str> = p.documentation.iter().map(String::as_str).collect();

        let denied = sections
            .iter()
            .any(|s| s.applies == Status::Met && s.status == Status::NotMet);
        let open = sections
            .iter()
            .any(|s| s.applies == Status::Unknown || (s.applies == Status::Met && s.status == Status::Unknown));
        let met: Vec<&SectionResult<'p>> = sections
            .iter()
            .filter(|s| s.applies == Status::Met && s.status == Status::Met)
            .collect();
        let referrals: Vec<&'p Referral> = met
            .iter()
            .filter_map(|s| s.tree.as_ref())
            .flat_map(|t| t.refer.iter().copied())
            .collect();
        let mut outcome = if denied {
            Outcome::DoesNotMeet
        } else if open {
            Outcome::Incomplete
        } else if !referrals.is_empty() {
            Outcome::Refer
        } else if !met.is_empty() {
            Outcome::Meets
        } else {
            notes.push("No section of this policy covers the request as answered.".into());
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
        refer_to.dedup();
        if let Some(lob) = ctx.line_of_business {
            if !p.lines_of_business.contains(&lob) {
                notes.push(format!(
                    "This policy does not list the {} line of business; check the plan's policy for it.",
                    lob.label()
                ));
                outcome = Outcome::Refer;
            }
        }

        let mut failed = Vec::new();
        let mut dose_checks = Vec::new();
        let mut relevant = BTreeSet::new();
        let mut relevant_derived = BTreeSet::new();
        let mut missing = BTreeSet::new();
        for s in &sections {
            gate_questions(&s.applies_preds, &mut relevant, &mut relevant_derived);
            if s.applies == Status::Unknown && outcome == Outcome::Incomplete {
                gate_missing(&s.applies_preds, self.answers, &mut missing);
            }
            let Some(tree) = &s.tree else { continue };
            if s.applies == Status::Met {
                if let Some(section) = p.sections.iter().find(|x| x.id == s.id) {
                    notes.extend(section.notes.iter().cloned());
                    documentation.extend(section.documentation.iter().map(String::as_str));
                }
                if s.effect == Effect::Deny {
                    failed.push(tree.id);
                } else if s.status == Status::NotMet {
                    collect_failed(tree, &mut failed);
                }
                if s.status == Status::Unknown && outcome == Outcome::Incomplete {
                    tree_missing(tree, self.answers, &mut missing);
                }
                tree_relevant(tree, &mut relevant, &mut relevant_derived);
                if s.effect == Effect::Criteria {
                    collect_dose_checks(tree, &mut dose_checks);
                    let section = p.sections.iter().find(|x| x.id == s.id);
                    if let Some(from) = section
                        .and_then(|x| x.approval.as_ref())
                        .and_then(|a| a.quantity_from.as_deref())
                    {
                        relevant_derived.insert(from);
                    }
                }
            }
        }
        let order = |ids: BTreeSet<&'p str>| {
            let mut ids: Vec<&'p str> = ids.into_iter().collect();
            ids.sort_by_cached_key(|id| lp.question_pos(id));
            ids
        };
        let relevant = order(relevant);
        let missing = order(missing);
        let answered = relevant.iter().filter(|q| self.answers.get(q).is_some()).count();
        let missing_count = missing.len();
        if outcome == Outcome::Incomplete && missing.is_empty() {
            notes.push("A value could not be computed from the answers given (for example a division by zero); check the numbers entered.".into());
        }

        let approval = if outcome == Outcome::Meets {
            met.iter().find_map(|s| {
                let section = p.sections.iter().find(|x| x.id == s.id)?;
                let a = section.approval.as_ref()?;
                let computed = a.quantity_from.as_deref().and_then(|d| {
                    let def = lp.derived_def(d)?;
                    let value = self.derived(d)?;
                    Some(format!("{} {}", format_number(value), def.unit))
                });
                let quantity = match (&a.quantity, computed) {
                    (Some(text), Some(c)) => Some(format!("{text}: {c}")),
                    (Some(text), None) => Some(text.clone()),
                    (None, c) => c,
                };
                Some(ApprovalResult {
                    section: s.id,
                    duration: &a.duration,
                    duration_months: a.duration_months,
                    quantity,
                })
            })
        } else {
            None
        };

        let mut values = Vec::new();
        for d in &p.derived {
            if relevant_derived.contains(d.id.as_str()) {
                let value = self.derived(&d.id);
                values.push(ValueResult {
                    id: &d.id,
                    label: d.label.clone(),
                    value,
                    unit: &d.unit,
                });
            }
        }
        // Days since each dated result that a window checks, as a calculator would show them.
        for s in sections.iter().filter(|s| s.applies == Status::Met) {
            if let Some(tree) = &s.tree {
                collect_day_counts(lp, tree, &mut values);
            }
        }
        documentation.dedup();

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
            failed,
            missing,
            relevant,
            progress: Progress {
                answered,
                needed: answered + missing_count,
            },
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
}

fn rule_name(n: &Node) -> &'static str {
    if n.all.is_some() {
        "all"
    } else if n.any.is_some() {
        "any"
    } else if n.of.is_some() {
        "at_least"
    } else if n.not.is_some() {
        "not"
    } else if n.use_.is_some() {
        "use"
    } else {
        "check"
    }
}

fn display_answer<'a>(lp: &'a LoadedPolicy, question: &str, answer: &'a Answer) -> String {
    let Some(q) = lp.question(question) else {
        return answer.to_string();
    };
    let option_label = |v: &'a String| -> &'a str {
        q.options
            .iter()
            .find(|o| &o.value == v)
            .map_or(v.as_str(), |o| o.label.as_str())
    };
    let join = |items: &mut dyn Iterator<Item = &str>, sep: &str| {
        let mut out = String::new();
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(item);
        }
        out
    };
    match answer {
        Answer::Choice(c) => option_label(c).to_owned(),
        Answer::Many(items) if items.is_empty() => "none".into(),
        Answer::Many(items) if !q.options.is_empty() => join(&mut items.iter().map(option_label), ", "),
        Answer::Many(items) => join(&mut items.iter().map(|d| lp.drug_label(d)), ", "),
        Answer::Lines(lines) if !lines.is_empty() => {
            let mut out = String::new();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                out.push_str("line ");
                out.push_str(&(i + 1).to_string());
                out.push_str(": ");
                out.push_str(&join(&mut line.iter().map(|d| lp.drug_label(d)), " + "));
            }
            out
        }
        other => other.to_string(),
    }
}

/// The questions of a `when`/`applies_when` list that a form should show: those of each
/// condition up to and including the first that is not met.
fn gate_questions<'p>(preds: &[PredResult<'p>], out: &mut BTreeSet<&'p str>, derived: &mut BTreeSet<&'p str>) {
    for p in preds {
        out.extend(p.questions.iter().copied());
        derived.extend(p.derived.iter().copied());
        if p.status() != Status::Met {
            break;
        }
    }
}

fn gate_missing<'p>(preds: &[PredResult<'p>], answers: &Answers, out: &mut BTreeSet<&'p str>) {
    for p in preds {
        match p.status() {
            Status::Met => continue,
            Status::Unknown => out.extend(p.questions.iter().copied().filter(|q| answers.get(q).is_none())),
            _ => {}
        }
        break;
    }
}

fn tree_relevant<'p>(n: &NodeResult<'p>, out: &mut BTreeSet<&'p str>, derived: &mut BTreeSet<&'p str>) {
    gate_questions(&n.gate_preds, out, derived);
    if matches!(n.gate, Some(Status::NotMet | Status::Unknown)) {
        return;
    }
    if let Some(check) = &n.check {
        out.extend(check.questions.iter().copied());
        derived.extend(check.derived.iter().copied());
    }
    for c in &n.children {
        tree_relevant(c, out, derived);
    }
}

fn tree_missing<'p>(n: &NodeResult<'p>, answers: &Answers, out: &mut BTreeSet<&'p str>) {
    match n.gate {
        Some(Status::NotMet) => return,
        Some(Status::Unknown) => {
            gate_missing(&n.gate_preds, answers, out);
            return;
        }
        _ => {}
    }
    if n.inner != Status::Unknown {
        return;
    }
    if let Some(check) = &n.check {
        out.extend(check.questions.iter().copied().filter(|q| answers.get(q).is_none()));
    }
    for c in &n.children {
        let open = match n.rule {
            "all" | "not" | "use" => c.in_all() == Some(Status::Unknown),
            _ => c.in_any() == Some(Status::Unknown),
        };
        if open {
            tree_missing(c, answers, out);
        }
    }
}

fn collect_failed<'p>(n: &NodeResult<'p>, out: &mut Vec<&'p str>) {
    if n.rule == "all" {
        let before = out.len();
        for c in &n.children {
            if c.in_all() == Some(Status::NotMet) {
                collect_failed(c, out);
            }
        }
        if out.len() > before {
            return;
        }
    }
    out.push(n.id);
}

fn collect_day_counts<'p>(lp: &'p LoadedPolicy, n: &NodeResult<'p>, out: &mut Vec<ValueResult<'p>>) {
    if matches!(n.gate, Some(Status::NotMet | Status::Unknown)) {
        return;
    }
    if let Some((q, since)) = n.check.as_ref().and_then(|c| c.days) {
        if !out.iter().any(|v| v.id == q) {
            let label = lp
                .question(q)
                .map_or_else(|| q.to_owned(), |x| format!("Days since: {}", x.prompt));
            out.push(ValueResult {
                id: q,
                label,
                value: Some(since as f64),
                unit: "days",
            });
        }
    }
    for c in &n.children {
        collect_day_counts(lp, c, out);
    }
}

fn collect_dose_checks<'p>(n: &NodeResult<'p>, out: &mut Vec<DoseCheck<'p>>) {
    if matches!(n.gate, Some(Status::NotMet | Status::Unknown)) {
        return;
    }
    if n.dose_check {
        let mut used = n.used.clone();
        for c in &n.children {
            used.extend(c.used.iter().cloned());
        }
        out.push(DoseCheck {
            criterion: n.id,
            label: n.label,
            status: n.status,
            used,
        });
    }
    for c in &n.children {
        collect_dose_checks(c, out);
    }
}
