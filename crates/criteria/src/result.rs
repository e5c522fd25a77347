//! The result of an evaluation: outcome, statuses and the explanation, as data.

use std::rc::Rc;

use serde::Serialize;

use crate::answers::{Answer, AnswerError};
use crate::date::Date;
use crate::model::{Effect, LineOfBusiness, Referral, SectionKind};

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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Meets,
    /// Every criterion is met, but the answers show documentation the plan asks for missing
    /// (a prior line without its date): the request would come back for it. Not a clinical
    /// failure.
    DocumentationIncomplete,
    DoesNotMeet,
    Incomplete,
    Refer,
}

impl Outcome {
    /// Every outcome, each once.
    pub const ALL: [Outcome; 5] = [
        Outcome::Meets,
        Outcome::DocumentationIncomplete,
        Outcome::DoesNotMeet,
        Outcome::Incomplete,
        Outcome::Refer,
    ];

    /// The outcome as the results spell it (`does_not_meet`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Meets => "meets",
            Outcome::DocumentationIncomplete => "documentation_incomplete",
            Outcome::DoesNotMeet => "does_not_meet",
            Outcome::Incomplete => "incomplete",
            Outcome::Refer => "refer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    Unknown,
    /// The node's `when` conditions do not hold: it does not count.
    #[default]
    NotApplicable,
}

impl Status {
    /// The status as the results spell it (`not_met`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
        }
    }

    pub(crate) fn from_bool(b: bool) -> Status {
        if b {
            Status::Met
        } else {
            Status::NotMet
        }
    }
}

/// The lean verdict: what the full [`Evaluation`] says about the outcome, failed criteria,
/// missing and relevant questions and referrals, and nothing else. Nothing is copied out of
/// the loaded policy: criteria are indices into [`LoadedPolicy::criterion_ids`], questions
/// indices into its question list (form order); the methods read them as ids.
#[derive(Clone)]
pub struct Verdict<'p> {
    pub outcome: Outcome,
    /// Indices of the criteria that definitively fail, in tree order.
    pub failed_at: Vec<u32>,
    /// Indices of the questions still to answer, in form order.
    pub missing_at: Vec<u32>,
    /// Indices of the questions the form shows, in form order.
    pub relevant_at: Vec<u32>,
    pub refer_to: Vec<&'p Referral>,
    pub(crate) policy: &'p crate::LoadedPolicy,
}

/// Two verdicts are equal when they say the same of the same loaded policy.
impl PartialEq for Verdict<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.policy, other.policy)
            && self.outcome == other.outcome
            && self.failed_at == other.failed_at
            && self.missing_at == other.missing_at
            && self.relevant_at == other.relevant_at
            && self.refer_to == other.refer_to
    }
}

impl std::fmt::Debug for Verdict<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verdict")
            .field("policy", &self.policy.policy.id)
            .field("outcome", &self.outcome)
            .field("failed", &self.failed().collect::<Vec<_>>())
            .field("missing", &self.missing().collect::<Vec<_>>())
            .field("relevant", &self.relevant().collect::<Vec<_>>())
            .field("refer_to", &self.refer_to)
            .finish()
    }
}

impl<'p> Verdict<'p> {
    /// Ids of the criteria that definitively fail, in the policy's numbering.
    pub fn failed(&self) -> impl Iterator<Item = &'p str> + Clone + '_ {
        let nodes = &self.policy.program.nodes;
        self.failed_at
            .iter()
            .filter_map(move |&i| nodes.get(i as usize).map(|n| n.id.as_str()))
    }

    /// Ids of the questions still to answer, in form order.
    pub fn missing(&self) -> impl Iterator<Item = &'p str> + Clone + '_ {
        self.questions(&self.missing_at)
    }

    /// Ids of the questions the form shows, in form order.
    pub fn relevant(&self) -> impl Iterator<Item = &'p str> + Clone + '_ {
        self.questions(&self.relevant_at)
    }

    fn questions<'v>(&'v self, at: &'v [u32]) -> impl Iterator<Item = &'p str> + Clone + 'v {
        let questions = &self.policy.policy.questions;
        at.iter()
            .filter_map(move |&i| questions.get(i as usize).map(|q| q.id.as_str()))
    }
}

/// As the CLI's batch lines and the JS API write it: `outcome`, `failed`, `missing`,
/// `relevant`, `refer_to`.
impl Serialize for Verdict<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Verdict", 5)?;
        s.serialize_field("outcome", &self.outcome)?;
        s.serialize_field("failed", &Ids(self.failed()))?;
        s.serialize_field("missing", &Ids(self.missing()))?;
        s.serialize_field("relevant", &Ids(self.relevant()))?;
        s.serialize_field("refer_to", &self.refer_to)?;
        s.end()
    }
}

/// A list of ids, written as it is read.
struct Ids<I>(I);

impl<'p, I: Iterator<Item = &'p str> + Clone> Serialize for Ids<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

/// What a criterion used, as data; the front ends render it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shown {
    /// Not answered yet.
    Blank,
    /// The answer given ("not done" too, also where it is implied for a companion).
    Answer {
        /// As written in an answers file (`AnswerValue` in the TypeScript declarations).
        #[cfg_attr(feature = "ts", ts(type = "AnswerValue"))]
        answer: Rc<Answer>,
    },
    /// A derived value.
    Number { value: f64 },
    /// A derived value known only as a lower bound (from a list known in part).
    AtLeast { value: f64 },
    /// A derived value that cannot exist: something it is computed from was not done.
    Absent,
    /// Whole days from a dated answer to the as-of date, as a window counts them.
    DaysBefore {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
}

impl Shown {
    pub fn is_blank(&self) -> bool {
        matches!(self, Shown::Blank)
    }
}

/// An answer or computed value that a criterion used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Used<'p> {
    pub id: &'p str,
    pub label: &'p str,
    pub value: Shown,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unit: Option<&'p str>,
}

/// One criterion of the explanation tree.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeResult<'p> {
    pub id: &'p str,
    pub label: &'p str,
    /// `all`, `any`, `at_least`, `not`, `check` or `use`.
    pub rule: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub at_least: Option<u32>,
    pub status: Status,
    /// The status of the node's `when` conditions, where it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gate: Option<Status>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Used<'p>>>", optional))]
    pub used: Vec<Used<'p>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<NodeResult<'p>>>", optional))]
    pub children: Vec<NodeResult<'p>>,
    /// Referrals this node carries when it is what satisfies its section.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<&'p Referral>>", optional))]
    pub refer: Vec<&'p Referral>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub dose_check: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub ambiguity: Option<&'p str>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SectionResult<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub kind: SectionKind,
    pub effect: Effect,
    /// Whether the section applies to this request.
    pub applies: Status,
    /// The section's own verdict: met, not met (or denied), unknown, or not applicable.
    pub status: Status,
    /// The explained criteria; absent for a section that does not apply, and in summaries.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tree: Option<NodeResult<'p>>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyInfo<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub subject: &'p str,
    pub issuer: &'p str,
    pub plan: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub effective: Option<&'p str>,
    pub last_review: &'p str,
}

impl<'p> PolicyInfo<'p> {
    /// What every result says of the policy it comes from.
    pub fn of(p: &'p crate::model::Policy) -> PolicyInfo<'p> {
        PolicyInfo {
            id: &p.id,
            title: &p.title,
            subject: &p.subject,
            issuer: &p.issuer,
            plan: &p.plan,
            effective: p.effective.as_deref(),
            last_review: &p.last_review,
        }
    }
}

/// How current the policy is at the as-of date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Freshness<'p> {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub effective: Option<&'p str>,
    pub last_review: &'p str,
    /// Whole months from the last review to the as-of date.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub months_since_review: i64,
    /// The last review is more than 12 months before the as-of date: the plan may have revised
    /// the policy since this copy.
    pub stale: bool,
}

impl<'p> Freshness<'p> {
    /// Months from the policy's last review to the as-of date, and whether that is over a year.
    pub fn of(p: &'p crate::model::Policy, as_of: crate::Date) -> Freshness<'p> {
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

    /// The note a result carries when the last review is over a year old.
    pub fn stale_note(&self, p: &'p crate::model::Policy) -> Option<Note<'p>> {
        self.stale.then(|| Note::StaleReview {
            policy: &p.id,
            last_review: self.last_review,
            months: self.months_since_review,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApprovalResult<'p> {
    pub section: &'p str,
    pub duration: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub duration_months: Option<u32>,
    /// The quantity as the policy states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub quantity: Option<&'p str>,
    /// The quantity computed from the answers, where the policy gives a formula.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub computed: Option<Quantity<'p>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quantity<'p> {
    pub value: f64,
    pub unit: &'p str,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DoseCheck<'p> {
    pub criterion: &'p str,
    pub label: &'p str,
    pub status: Status,
    pub used: Vec<Used<'p>>,
}

/// What a computed value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A derived value of the policy; `label` is its label.
    Derived,
    /// Days from a dated answer to the as-of date; `id` and `label` are the question's.
    DaysSince,
}

/// A computed value, as a calculator shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValueResult<'p> {
    pub id: &'p str,
    pub kind: ValueKind,
    pub label: &'p str,
    pub value: Option<f64>,
    pub unit: &'p str,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Relevant questions answered.
    pub answered: usize,
    /// Answered plus still missing.
    pub needed: usize,
}

/// A note on a result, as data; the front ends render it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note<'p> {
    /// The policy's last review is more than a year before the as-of date.
    StaleReview {
        policy: &'p str,
        last_review: &'p str,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        months: i64,
    },
    /// A note of the policy file (paraphrased from the document).
    Policy { text: &'p str },
    /// A note of a section that applies.
    Section { section: &'p str, text: &'p str },
    /// No section of the policy covers the request as answered.
    NoSection,
    /// The policy does not list the member's line of business.
    UnlistedLineOfBusiness { line_of_business: LineOfBusiness },
    /// Nothing is left to ask, yet a value could not be computed (a division by zero).
    NotComputable,
}

/// Documentation the plan asks for that the answers show missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentationGap<'p> {
    /// The documentation, as the policy words it.
    pub text: &'p str,
    /// How many prior lines have no start date, where that is what is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub undated_lines: Option<u32>,
}

/// The explained result of evaluating a policy.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluation<'p> {
    pub policy: PolicyInfo<'p>,
    pub as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub line_of_business: Option<LineOfBusiness>,
    pub outcome: Outcome,
    pub freshness: Freshness<'p>,
    /// Criterion ids that definitively fail, in tree order.
    pub failed: Vec<&'p str>,
    /// Questions still needed to decide, in form order.
    pub missing: Vec<&'p str>,
    /// Questions a form should show now, in form order.
    pub relevant: Vec<&'p str>,
    pub progress: Progress,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub approval: Option<ApprovalResult<'p>>,
    pub dose_checks: Vec<DoseCheck<'p>>,
    pub refer_to: Vec<&'p Referral>,
    pub documentation: Vec<&'p str>,
    /// Documentation the plan asks for that the answers show missing.
    pub documentation_gaps: Vec<DocumentationGap<'p>>,
    pub notes: Vec<Note<'p>>,
    pub values: Vec<ValueResult<'p>>,
    /// Every section with its explained criteria; empty (and left out) in a summary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<SectionResult<'p>>>", optional))]
    pub sections: Vec<SectionResult<'p>>,
    /// Answers refused before evaluation, each naming its question; every other answer
    /// counted. The engine never sees a refused answer: the caller that parsed the answers
    /// puts the parser's errors here (`parse_answers`), so that a result carries them.
    pub errors: Vec<AnswerError>,
    pub caveat: &'static str,
}

impl<'p> NodeResult<'p> {
    /// The part of the tree that decided this node's status, for a one-page summary: a met
    /// "any" keeps the alternative that met it, a failed "all" the children that failed, a met
    /// "all" every child that counted; unknown branches stay only with `open` (the outcome is
    /// still incomplete), since they are what is left to answer. Nodes that did not apply are
    /// left out.
    pub fn decisive(&self, open: bool) -> Option<NodeResult<'p>> {
        if self.status == Status::NotApplicable || (self.status == Status::Unknown && !open) {
            return None;
        }
        let keep = |c: &&NodeResult<'p>| match (self.status, self.rule) {
            (Status::Met, "any") => false,
            (Status::Met, _) => c.status == Status::Met,
            (Status::NotMet, "all" | "at_least" | "any") => c.status == Status::NotMet,
            (Status::NotMet, _) => true,
            (Status::Unknown, _) => c.status == Status::Unknown,
            (Status::NotApplicable, _) => false,
        };
        let mut children: Vec<NodeResult<'p>> = self
            .children
            .iter()
            .filter(keep)
            .filter_map(|c| c.decisive(open))
            .collect();
        if self.status == Status::Met && self.rule == "any" {
            children.extend(
                self.children
                    .iter()
                    .find(|c| c.status == Status::Met)
                    .and_then(|c| c.decisive(open)),
            );
        }
        Some(NodeResult {
            children,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(
        id: &'static str,
        rule: &'static str,
        status: Status,
        children: Vec<NodeResult<'static>>,
    ) -> NodeResult<'static> {
        NodeResult {
            id,
            label: id,
            rule,
            at_least: None,
            status,
            gate: None,
            used: Vec::new(),
            children,
            refer: Vec::new(),
            dose_check: false,
            ambiguity: None,
        }
    }

    fn ids(n: &NodeResult<'_>, out: &mut Vec<String>) {
        out.push(n.id.to_owned());
        for c in &n.children {
            ids(c, out);
        }
    }

    #[test]
    fn the_decisive_tree_keeps_what_decided() {
        use Status::*;
        let leaf = |id, s| node(id, "check", s, Vec::new());
        let tree = node(
            "I",
            "all",
            NotMet,
            vec![
                node(
                    "I.1",
                    "any",
                    Met,
                    vec![leaf("I.1.a", Unknown), leaf("I.1.b", Met), leaf("I.1.c", Met)],
                ),
                node("I.2", "all", NotMet, vec![leaf("I.2.a", Met), leaf("I.2.b", NotMet)]),
                leaf("I.3", Unknown),
                leaf("I.4", NotApplicable),
            ],
        );
        let mut closed = Vec::new();
        ids(&tree.decisive(false).unwrap_or_else(|| unreachable!()), &mut closed);
        assert_eq!(closed, ["I", "I.2", "I.2.b"]);
        let met = node(
            "I",
            "all",
            Met,
            vec![tree.children[0].clone(), leaf("I.4", NotApplicable)],
        );
        let mut out = Vec::new();
        ids(&met.decisive(false).unwrap_or_else(|| unreachable!()), &mut out);
        assert_eq!(out, ["I", "I.1", "I.1.b"]);
        let open = node("I", "all", Unknown, vec![leaf("I.1", Met), leaf("I.3", Unknown)]);
        let mut out = Vec::new();
        ids(&open.decisive(true).unwrap_or_else(|| unreachable!()), &mut out);
        assert_eq!(out, ["I", "I.3"]);
    }
}
