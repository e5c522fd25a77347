//! What changes between two evaluations of the same case under two versions of a policy, and
//! which criterion makes the difference: the impact of a policy change, as data.
//!
//! The comparison is pure: it reads two explained evaluations (from `evaluate`, with trees) and
//! never re-evaluates. Criteria are matched by id, so a criterion that is renumbered between the
//! versions shows as removed from one and added to the other.

use serde::Serialize;

use crate::result::{Evaluation, NodeResult, Outcome, SectionResult, Status};

/// A criterion whose status differs between the two versions, with no differing criterion
/// beneath it: the place where the change starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriterionChange {
    /// The section the criterion belongs to.
    pub section: String,
    /// The criterion id, or the section id when the change is in whether the section applies.
    pub id: String,
    /// The label in the new version, or in the old one when the criterion was removed.
    pub label: String,
    /// Absent when the criterion (or its section's tree) is not in the old version.
    pub old: Option<Status>,
    /// Absent when the criterion (or its section's tree) is not in the new version.
    pub new: Option<Status>,
}

/// Ids present in one list and not the other, each in its list's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListChange {
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

impl ListChange {
    fn between(old: &[&str], new: &[&str]) -> ListChange {
        ListChange {
            removed: old
                .iter()
                .filter(|id| !new.contains(id))
                .map(|id| id.to_string())
                .collect(),
            added: new
                .iter()
                .filter(|id| !old.contains(id))
                .map(|id| id.to_string())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }
}

/// How one case fares under the old and the new version of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub old_outcome: Outcome,
    pub new_outcome: Outcome,
    /// The criteria where the change starts, in tree order (old order first, then criteria and
    /// sections only the new version has).
    pub criteria: Vec<CriterionChange>,
    pub failed: ListChange,
    pub missing: ListChange,
}

impl Comparison {
    pub fn outcome_changed(&self) -> bool {
        self.old_outcome != self.new_outcome
    }

    /// Nothing a reader of the result would notice changed: outcome, failed and missing agree.
    pub fn is_same(&self) -> bool {
        !self.outcome_changed() && self.failed.is_empty() && self.missing.is_empty()
    }
}

/// Compares two evaluations of one case. Both must come from `evaluate` (with trees): a summary
/// evaluation has no trees, and then only section-level changes can be named.
pub fn compare(old: &Evaluation<'_>, new: &Evaluation<'_>) -> Comparison {
    let failed = ListChange::between(&old.failed, &new.failed);
    let missing = ListChange::between(&old.missing, &new.missing);
    // First follow only statuses that changed from the section down: that is the cause of a
    // changed verdict. When no verdict changed but the failed criteria or the missing answers
    // did (a second reason to deny), look under unchanged statuses too.
    let mut criteria = changes(old, new, Follow::Changed);
    if criteria.is_empty() && !(failed.is_empty() && missing.is_empty()) {
        criteria = changes(old, new, Follow::All);
    }
    Comparison {
        old_outcome: old.outcome,
        new_outcome: new.outcome,
        criteria,
        failed,
        missing,
    }
}

/// Which criteria the search descends into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// Only criteria whose status differs.
    Changed,
    /// Every criterion both versions have.
    All,
}

fn changes(old: &Evaluation<'_>, new: &Evaluation<'_>, follow: Follow) -> Vec<CriterionChange> {
    let mut out = Vec::new();
    for section in &old.sections {
        let other = new.sections.iter().find(|s| s.id == section.id);
        section_changes(Some(section), other, follow, &mut out);
    }
    for section in &new.sections {
        if !old.sections.iter().any(|s| s.id == section.id) {
            section_changes(None, Some(section), follow, &mut out);
        }
    }
    out
}

fn section_changes(
    old: Option<&SectionResult<'_>>,
    new: Option<&SectionResult<'_>>,
    follow: Follow,
    out: &mut Vec<CriterionChange>,
) {
    let (Some(any), status_old, status_new) = (old.or(new), old.map(|s| s.status), new.map(|s| s.status)) else {
        return;
    };
    if status_old == status_new && follow == Follow::Changed {
        return;
    }
    let before = out.len();
    // Only a section that applies in both versions has two trees to compare; otherwise the
    // change is in whether it applies.
    if let (Some(a), Some(b)) = (old.and_then(|s| s.tree.as_ref()), new.and_then(|s| s.tree.as_ref())) {
        if a.id == b.id {
            node_changes(any.id, Some(a), Some(b), follow, out);
        } else {
            node_changes(any.id, Some(a), None, follow, out);
            node_changes(any.id, None, Some(b), follow, out);
        }
    }
    // No criterion explains it, so the change is in whether the section applies (its
    // `applies_when`, or a section added or removed): the section itself is where it starts.
    if out.len() == before && status_old != status_new {
        let label = new.or(old).map_or("", |s| s.title);
        out.push(CriterionChange {
            section: any.id.to_string(),
            id: any.id.to_string(),
            label: label.to_string(),
            old: status_old,
            new: status_new,
        });
    }
}

/// Descends along criteria whose status differs; reports those with no differing child.
fn node_changes(
    section: &str,
    old: Option<&NodeResult<'_>>,
    new: Option<&NodeResult<'_>>,
    follow: Follow,
    out: &mut Vec<CriterionChange>,
) {
    let Some(node) = new.or(old) else {
        return;
    };
    let (status_old, status_new) = (old.map(|n| n.status), new.map(|n| n.status));
    if status_old == status_new && follow == Follow::Changed {
        return;
    }
    let before = out.len();
    // A criterion only one version has is reported as a whole: its children are new or gone
    // with it.
    if let (Some(old), Some(new)) = (old, new) {
        for child in &old.children {
            let other = new.children.iter().find(|c| c.id == child.id);
            node_changes(section, Some(child), other, follow, out);
        }
        for child in &new.children {
            if !old.children.iter().any(|c| c.id == child.id) {
                node_changes(section, None, Some(child), follow, out);
            }
        }
    }
    // No child explains the change: the rule of this criterion itself changed (a threshold,
    // `any` for `all`, a gate), so this is where it starts.
    if out.len() == before && status_old != status_new {
        out.push(CriterionChange {
            section: section.to_string(),
            id: node.id.to_string(),
            label: node.label.to_string(),
            old: status_old,
            new: status_new,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::parse_answers;
    use crate::date::Date;
    use crate::eval::evaluate;
    use crate::result::Context;
    use crate::validate::LoadedPolicy;

    /// An adult with a lab value, two sections; `{AGE}`, `{LAB}` and `{RULE}` are what the
    /// tests vary between the old and the new version.
    const POLICY: &str = r#"{
      "id": "TEST.DIFF", "title": "Diff test", "subject": "Test drug", "issuer": "Test plan",
      "plan": "All plans", "lines_of_business": ["commercial"], "last_review": "2026-01",
      "questions": [
        {"id": "age", "prompt": "Age", "type": "number", "unit": "years", "min": 0, "max": 130},
        {"id": "lab", "prompt": "Lab", "type": "number", "unit": "g/dL", "min": 0, "max": 20},
        {"id": "consent", "prompt": "Consent", "type": "yes_no"},
        {"id": "renewal", "prompt": "Renewal", "type": "yes_no"}
      ],
      "sections": [
        {"id": "I", "title": "Initial", "kind": "initial", "effect": "criteria",
         "applies_when": [{"no": "renewal"}],
         "criteria": {"id": "I.A", "label": "Adult with a high lab", "all": [
           {"id": "I.A.1", "label": "Adult", "check": {"ge": [{"q": "age"}, {"qty": [{AGE}, "years"]}]}},
           {"id": "I.A.2", "label": "Lab or consent", "{RULE}": [
             {"id": "I.A.2.a", "label": "High lab", "check": {"ge": [{"q": "lab"}, {"qty": [{LAB}, "g/dL"]}]}},
             {"id": "I.A.2.b", "label": "Consent", "check": {"yes": "consent"}}]}]}},
        {"id": "II", "title": "Renewal", "kind": "continued", "effect": "criteria",
         "applies_when": [{"yes": "renewal"}],
         "criteria": {"id": "II.A", "label": "Consent", "check": {"yes": "consent"}}}
      ]
    }"#;

    fn policy(age: u32, lab: f64, rule: &str) -> LoadedPolicy {
        let text = POLICY
            .replace("{AGE}", &age.to_string())
            .replace("{LAB}", &lab.to_string())
            .replace("{RULE}", rule);
        LoadedPolicy::from_json("test.json", &text).unwrap()
    }

    fn run(old: &LoadedPolicy, new: &LoadedPolicy, answers: &str) -> Comparison {
        let as_of = Date::parse("2026-11-22").unwrap();
        let ctx = Context {
            as_of,
            line_of_business: None,
        };
        let (a, errors) = parse_answers(old, answers, as_of).unwrap();
        assert!(errors.is_empty());
        let (b, errors) = parse_answers(new, answers, as_of).unwrap();
        assert!(errors.is_empty());
        compare(&evaluate(old, &a, &ctx), &evaluate(new, &b, &ctx))
    }

    fn ids(c: &Comparison) -> Vec<(&str, Option<Status>, Option<Status>)> {
        c.criteria.iter().map(|c| (c.id.as_str(), c.old, c.new)).collect()
    }

    #[test]
    fn a_raised_threshold_names_the_leaf_not_its_parents() {
        let (old, new) = (policy(18, 1.0, "any"), policy(21, 1.0, "any"));
        let c = run(&old, &new, r#"{"renewal": false, "age": 19, "lab": 2}"#);
        assert_eq!((c.old_outcome, c.new_outcome), (Outcome::Meets, Outcome::DoesNotMeet));
        assert_eq!(ids(&c), [("I.A.1", Some(Status::Met), Some(Status::NotMet))]);
        assert_eq!(c.failed.added, ["I.A.1"]);
        assert!(c.failed.removed.is_empty() && c.missing.is_empty());
        assert!(c.outcome_changed() && !c.is_same());
    }

    #[test]
    fn a_case_the_change_does_not_touch_is_the_same() {
        let (old, new) = (policy(18, 1.0, "any"), policy(21, 1.0, "any"));
        let c = run(&old, &new, r#"{"renewal": false, "age": 40, "lab": 2}"#);
        assert!(c.is_same());
        assert!(c.criteria.is_empty());
    }

    #[test]
    fn a_second_reason_to_deny_is_named_though_the_verdict_stands() {
        // Already too young; the lab bar rises too, so I.A.2 fails as well.
        let (old, new) = (policy(18, 1.0, "all"), policy(18, 5.0, "all"));
        let c = run(
            &old,
            &new,
            r#"{"renewal": false, "age": 16, "lab": 2, "consent": true}"#,
        );
        assert_eq!(
            (c.old_outcome, c.new_outcome),
            (Outcome::DoesNotMeet, Outcome::DoesNotMeet)
        );
        assert_eq!(ids(&c), [("I.A.2.a", Some(Status::Met), Some(Status::NotMet))]);
        assert_eq!(c.failed.added, ["I.A.2.a"]);
        assert!(!c.outcome_changed() && !c.is_same());
    }

    #[test]
    fn a_changed_rule_with_unchanged_children_names_the_rule() {
        // `any` becomes `all`: neither child changes, the parent does.
        let (old, new) = (policy(18, 1.0, "any"), policy(18, 1.0, "all"));
        let c = run(
            &old,
            &new,
            r#"{"renewal": false, "age": 40, "lab": 2, "consent": false}"#,
        );
        assert_eq!(ids(&c), [("I.A.2", Some(Status::Met), Some(Status::NotMet))]);
        // `failed` lists the failing child of the new `all`; the diff names the rule that changed.
        assert_eq!(c.failed.added, ["I.A.2.b"]);
    }

    #[test]
    fn an_answer_now_needed_shows_as_missing() {
        // A higher lab bar: the lab no longer satisfies I.A.2, so consent is needed.
        let (old, new) = (policy(18, 1.0, "any"), policy(18, 5.0, "any"));
        let c = run(&old, &new, r#"{"renewal": false, "age": 40, "lab": 2}"#);
        assert_eq!((c.old_outcome, c.new_outcome), (Outcome::Meets, Outcome::Incomplete));
        assert_eq!(ids(&c), [("I.A.2.a", Some(Status::Met), Some(Status::NotMet))]);
        assert_eq!(c.missing.added, ["consent"]);
    }

    #[test]
    fn a_section_that_stops_applying_is_named_itself() {
        let old = policy(18, 1.0, "any");
        let text = POLICY
            .replace("{AGE}", "18")
            .replace("{LAB}", "1")
            .replace("{RULE}", "any")
            .replace(
                r#""applies_when": [{"no": "renewal"}],"#,
                r#""applies_when": [{"yes": "renewal"}],"#,
            );
        let new = LoadedPolicy::from_json("new.json", &text).unwrap();
        let c = run(
            &old,
            &new,
            r#"{"renewal": false, "age": 40, "lab": 2, "consent": true}"#,
        );
        assert_eq!(ids(&c), [("I", Some(Status::Met), Some(Status::NotApplicable))]);
    }

    #[test]
    fn a_criterion_only_one_version_has_is_named_with_no_status_on_the_other_side() {
        let old = policy(18, 1.0, "any");
        let text = POLICY
            .replace("{AGE}", "18")
            .replace("{LAB}", "1")
            .replace("{RULE}", "any")
            .replace(
                r#"{"id": "I.A.2.b", "label": "Consent", "check": {"yes": "consent"}}]}]}},"#,
                r#"{"id": "I.A.2.b", "label": "Consent", "check": {"yes": "consent"}}]},
               {"id": "I.A.3", "label": "Consent always", "check": {"yes": "consent"}}]}},"#,
            );
        let new = LoadedPolicy::from_json("new.json", &text).unwrap();
        let c = run(
            &old,
            &new,
            r#"{"renewal": false, "age": 40, "lab": 2, "consent": false}"#,
        );
        assert_eq!(ids(&c), [("I.A.3", None, Some(Status::NotMet))]);
    }
}
