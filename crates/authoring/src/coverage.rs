//! Which criteria a policy's cases exercise: for each criterion, whether some case meets it and
//! some case fails it. The rule the shipped corpus follows: every criterion is seen failing
//! (unless its case file says why it cannot, or it is a deny section's reason, which is shown,
//! not failed), and every alternative of an `any` is seen succeeding.

use std::collections::BTreeSet;

use criteria::model::{Effect, Node};
use criteria::{LoadedPolicy, NodeResult, Status};
use serde::Serialize;

use crate::cases::{run, CaseFile, Difference};

/// What the cases of a policy exercise, and where the rule is not met.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    /// How many criteria the policy has.
    pub criteria: usize,
    /// Criteria no case fails (neither exempt nor a deny section's reason).
    pub never_failed: Vec<String>,
    /// Alternatives of an `any` that no case meets.
    pub alternatives_never_met: Vec<String>,
    /// Criteria no case meets (a warning for an author; not part of the corpus rule, since a
    /// criterion under a failing gate may never need to be met).
    pub never_met: Vec<String>,
}

impl Coverage {
    /// Whether the corpus rule holds.
    pub fn holds(&self) -> bool {
        self.never_failed.is_empty() && self.alternatives_never_met.is_empty()
    }
}

/// The statuses seen across cases, by criterion id.
#[derive(Debug, Default)]
pub struct Seen {
    pub met: BTreeSet<String>,
    pub not_met: BTreeSet<String>,
}

impl Seen {
    /// Adds every status of an explained tree.
    pub fn add(&mut self, n: &NodeResult<'_>) {
        // Iterative: a deep tree from a user's file cannot exhaust the stack.
        let mut stack = vec![n];
        while let Some(n) = stack.pop() {
            match n.status {
                Status::Met => {
                    self.met.insert(n.id.to_owned());
                }
                Status::NotMet => {
                    self.not_met.insert(n.id.to_owned());
                }
                _ => {}
            }
            stack.extend(n.children.iter());
        }
    }
}

/// Every criterion id of the policy in tree order, and the alternatives of `any` nodes.
fn ids(policy: &LoadedPolicy) -> (Vec<String>, BTreeSet<String>) {
    let mut all = Vec::new();
    let mut alternatives = BTreeSet::new();
    let mut stack: Vec<&Node> = policy.policy.sections.iter().rev().map(|s| &s.criteria).collect();
    while let Some(n) = stack.pop() {
        all.push(n.id.clone());
        if let Some(children) = &n.any {
            alternatives.extend(children.iter().map(|c| c.id.clone()));
        }
        stack.extend(n.children().into_iter().rev().map(|(_, c)| c));
    }
    (all, alternatives)
}

/// A case file run once: each case's name and differences, and the coverage they give.
pub fn report(policy: &LoadedPolicy, file: &CaseFile) -> (Vec<(String, Vec<Difference>)>, Coverage) {
    let mut seen = Seen::default();
    let cases = file
        .cases
        .iter()
        .map(|case| {
            let (differences, result) = run(policy, case);
            for t in result.iter().flat_map(|r| &r.sections).filter_map(|s| s.tree.as_ref()) {
                seen.add(t);
            }
            (case.name.clone(), differences)
        })
        .collect();
    let exempt = file.cannot_fail.iter().map(|c| c.criterion.clone()).collect();
    (cases, of(policy, &seen, &exempt))
}

/// The coverage of a policy by its case files (cases of other policies are ignored).
pub fn coverage(policy: &LoadedPolicy, files: &[&CaseFile]) -> Coverage {
    let mut seen = Seen::default();
    let mut exempt = BTreeSet::new();
    for file in files.iter().filter(|f| f.policy == policy.policy.id) {
        exempt.extend(file.cannot_fail.iter().map(|c| c.criterion.clone()));
        for case in &file.cases {
            if let (_, Some(r)) = run(policy, case) {
                for t in r.sections.iter().filter_map(|s| s.tree.as_ref()) {
                    seen.add(t);
                }
            }
        }
    }
    of(policy, &seen, &exempt)
}

/// The coverage given the statuses seen and the criteria exempt from failing.
pub fn of(policy: &LoadedPolicy, seen: &Seen, exempt: &BTreeSet<String>) -> Coverage {
    let (all, alternatives) = ids(policy);
    let deny: BTreeSet<&str> = policy
        .policy
        .sections
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .map(|s| s.criteria.id.as_str())
        .collect();
    let mut out = Coverage {
        criteria: all.len(),
        ..Coverage::default()
    };
    for id in &all {
        if !seen.not_met.contains(id) && !deny.contains(id.as_str()) && !exempt.contains(id) {
            out.never_failed.push(id.clone());
        }
        if !seen.met.contains(id) {
            out.never_met.push(id.clone());
        }
    }
    out.alternatives_never_met = all
        .iter()
        .filter(|id| alternatives.contains(*id) && !seen.met.contains(*id))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::cases::{case_of, run, Case, CaseFile, Difference};

    fn policy() -> LoadedPolicy {
        LoadedPolicy::from_json(
            "t.json",
            r#"{"id": "T.1", "title": "T", "subject": "s", "issuer": "i", "plan": "p",
            "lines_of_business": ["commercial"], "last_review": "2026-01",
            "questions": [
              {"id": "a", "prompt": "A?", "type": "yes_no"},
              {"id": "b", "prompt": "B?", "type": "yes_no"},
              {"id": "c", "prompt": "C?", "type": "yes_no"}],
            "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
              "criteria": {"id": "I.1", "label": "All", "all": [
                {"id": "I.1.a", "label": "A", "check": {"yes": "a"}},
                {"id": "I.1.b", "label": "B or C", "any": [
                  {"id": "I.1.b.i", "label": "B", "check": {"yes": "b"}},
                  {"id": "I.1.b.ii", "label": "C", "check": {"yes": "c"}}]}]}}]}"#,
        )
        .expect("the test policy")
    }

    fn case(name: &str, answers: serde_json::Value, outcome: &str, failed: &[&str]) -> Case {
        Case {
            name: name.into(),
            as_of: "2026-11-22".into(),
            line_of_business: None,
            answers,
            outcome: outcome.into(),
            failed: failed.iter().map(|s| (*s).to_owned()).collect(),
            missing: Vec::new(),
            refer_to: None,
        }
    }

    #[test]
    fn a_case_reports_each_difference_and_a_saved_case_passes() {
        let p = policy();
        let good = case("meets by B", serde_json::json!({"a": true, "b": true}), "meets", &[]);
        assert_eq!(run(&p, &good).0, Vec::<Difference>::new());
        let wrong = case("says meets", serde_json::json!({"a": false}), "meets", &[]);
        let (diffs, r) = run(&p, &wrong);
        assert_eq!(
            diffs,
            vec![
                Difference::Outcome {
                    expected: "meets".into(),
                    got: "does_not_meet".into()
                },
                Difference::Failed {
                    expected: vec![],
                    got: vec!["I.1.a".into()]
                },
            ]
        );
        // Saved from the result, the case expects what it got.
        let saved = case_of("saved", wrong.answers.clone(), r.as_ref().unwrap());
        assert_eq!(run(&p, &saved).0, Vec::<Difference>::new());
        let bad = Case {
            as_of: "2026-02-30".into(),
            ..good
        };
        assert!(matches!(run(&p, &bad).0.as_slice(), [Difference::Unreadable { .. }]));
    }

    #[test]
    fn coverage_names_what_no_case_fails_or_meets() {
        let p = policy();
        let file = CaseFile {
            policy: "T.1".into(),
            cannot_fail: Vec::new(),
            cases: vec![
                case("B", serde_json::json!({"a": true, "b": true}), "meets", &[]),
                case(
                    "no A",
                    serde_json::json!({"a": false, "b": true}),
                    "does_not_meet",
                    &["I.1.a"],
                ),
            ],
        };
        let c = coverage(&p, &[&file]);
        assert_eq!(c.criteria, 5);
        assert!(!c.holds());
        // Nothing fails B or the `any`, and C is never the way through.
        assert_eq!(c.never_failed, ["I.1.b", "I.1.b.i", "I.1.b.ii"]);
        assert_eq!(c.alternatives_never_met, ["I.1.b.ii"]);
        assert_eq!(c.never_met, ["I.1.b.ii"]);
        // Another policy's cases count for nothing.
        let other = CaseFile {
            policy: "T.2".into(),
            ..file.clone()
        };
        assert_eq!(coverage(&p, &[&other]).never_met.len(), 5);
    }
}
