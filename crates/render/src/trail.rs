//! The criteria trail as a person reads it, for every front end (the CLI's text, the app's tree
//! and the printed summary): each criterion under the policy's own numbering, with the answers
//! that decided it.
//!
//! The engine's node ids are the policy's numbering ("I.A.4.a.iii"), and the sub-steps the policy
//! leaves unnumbered carry a suffix after a hyphen ("I.A.4.a.iii-ratio"). [`numbering`] is the one
//! rule that tells them apart; a sub-step is printed by its label alone, under its parent.

use criteria::{Answer, Evaluation, LoadedPolicy, NodeResult, Outcome, SectionResult, Shown, Status, Used};

/// A criterion id read against the policy's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering<'a> {
    /// The policy's own number ("I.A.4.a.iii"), printed as it is. A section the file splits in
    /// two keeps the policy's number with a qualifier ("I.E (CAPS other than NOMID)").
    Number(&'a str),
    /// A step the policy leaves unnumbered, under the number `of` ("I.A.4.a.iii" for
    /// "I.A.4.a.iii-ratio"): printed by its label, without an id.
    SubStep { of: &'a str },
}

impl<'a> Numbering<'a> {
    /// The number printed on the criterion's own line: none for a sub-step.
    pub fn printed(self) -> Option<&'a str> {
        match self {
            Numbering::Number(n) => Some(n),
            Numbering::SubStep { .. } => None,
        }
    }

    /// The policy's number the criterion is, or sits under: what a list of criteria (not met,
    /// dose checks) cites.
    pub fn cited(self) -> &'a str {
        match self {
            Numbering::Number(n) | Numbering::SubStep { of: n } => n,
        }
    }
}

/// How a criterion id reads. The policy's numbering is letters, digits and dots
/// ("II.A.2.a.i"); a hyphen right after it starts a sub-step's suffix ("A.2-anti-cd38"). Anything
/// else after the number (a space, a parenthesised qualifier, with hyphens of its own or not)
/// belongs to the number.
pub fn numbering(id: &str) -> Numbering<'_> {
    let end = id
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'.'))
        .unwrap_or(id.len());
    match (&id[..end], id[end..].strip_prefix('-')) {
        (number, Some(suffix)) if !number.is_empty() && !suffix.is_empty() => Numbering::SubStep { of: number },
        _ => Numbering::Number(id),
    }
}

/// The policy's numbers of a list of criterion ids (those not met), each once, in order:
/// "A.2, A.3".
pub fn cited<S: AsRef<str>>(ids: &[S]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        let n = numbering(id.as_ref()).cited();
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out.join(", ")
}

/// A criterion as the trail shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<'p> {
    /// The engine's id: for a page's data attributes and for tests, never printed.
    pub id: &'p str,
    /// The policy's number, printed before the label; none for a sub-step.
    pub number: Option<&'p str>,
    pub label: &'p str,
    pub status: Status,
    /// The reading we chose where the policy is ambiguous.
    pub reading: Option<&'p str>,
    /// The answers and values that decided it, each "label: value".
    pub answers: Vec<String>,
    pub children: Vec<Step<'p>>,
}

/// Which criteria a trail shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trail {
    /// Every criterion (the app's tree).
    Every,
    /// Every criterion, but only the alternative that met a met "any" (the CLI's text).
    Settled,
    /// Only what decided each section (the one-page summary); `open` keeps what is still
    /// unknown, for an incomplete outcome.
    Decisive { open: bool },
}

/// Where an answer already printed in full is found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refer {
    /// Every answer in full, wherever it is used (a screen, where any branch may be closed).
    Never,
    /// A list in full at its first use, later uses pointing to the criterion it is under.
    FirstUse,
    /// Lists are in the answers table printed above the trail.
    Table,
}

/// What a trail has already printed: a list (drugs, options, prior lines) prints in full once,
/// and a later use refers back to it; other answers are short and print wherever used.
#[derive(Debug, Clone)]
pub struct Printed<'p> {
    refer: Refer,
    lists: Vec<(&'p str, &'p str)>,
}

impl<'p> Printed<'p> {
    /// Every answer in full, wherever it is used.
    pub fn every_time() -> Printed<'p> {
        Printed {
            refer: Refer::Never,
            lists: Vec::new(),
        }
    }

    /// Each list in full once, at its first use; later uses name the criterion it is under.
    pub fn once() -> Printed<'p> {
        Printed {
            refer: Refer::FirstUse,
            lists: Vec::new(),
        }
    }

    /// Every list refers to the table of every answer printed before the trail.
    pub fn in_table() -> Printed<'p> {
        Printed {
            refer: Refer::Table,
            lists: Vec::new(),
        }
    }

    fn answer(&mut self, policy: &LoadedPolicy, u: &Used<'p>, under: &'p str) -> String {
        let list = matches!(&u.value, Shown::Answer { answer } if is_list(answer));
        if !list {
            return crate::used(policy, u);
        }
        match self.refer {
            Refer::Never => crate::used(policy, u),
            Refer::Table => format!("{}: as in the answers above", u.label),
            Refer::FirstUse => match self.lists.iter().find(|(id, _)| *id == u.id) {
                Some((_, at)) => format!("{}: as listed under {at}", u.label),
                None => {
                    self.lists.push((u.id, under));
                    crate::used(policy, u)
                }
            },
        }
    }
}

/// A list with something in it: long enough to be worth printing once.
fn is_list(a: &Answer) -> bool {
    match a {
        Answer::Many(items) => !items.is_empty(),
        Answer::Lines(lines) => !lines.is_empty(),
        Answer::Partial(inner) => is_list(inner),
        _ => false,
    }
}

/// The steps under a section's heading. A root that repeats the section's id and uses nothing
/// adds a line but no information: its children stand in for it.
pub fn steps<'p>(
    policy: &LoadedPolicy,
    section: &SectionResult<'p>,
    trail: Trail,
    printed: &mut Printed<'p>,
) -> Vec<Step<'p>> {
    let Some(full) = &section.tree else {
        return Vec::new();
    };
    let decisive;
    let shown = match trail {
        Trail::Decisive { open } => {
            decisive = full.decisive(open);
            match &decisive {
                Some(t) => t,
                None => return Vec::new(),
            }
        }
        Trail::Every | Trail::Settled => full,
    };
    let mut walk = Walk { policy, trail, printed };
    if shown.id == section.id && shown.used.is_empty() && shown.rule != "not" {
        walk.children(shown, full, section.id)
    } else {
        vec![walk.step(shown, full, section.id)]
    }
}

/// The trail of the one-page summary: each section that applies with what decided it (and,
/// while the outcome is incomplete, what is still open), each list of answers in full once.
pub fn decided<'s, 'p>(policy: &LoadedPolicy, r: &'s Evaluation<'p>) -> Vec<(&'s SectionResult<'p>, Vec<Step<'p>>)> {
    let open = r.outcome == Outcome::Incomplete;
    let mut printed = Printed::once();
    r.sections
        .iter()
        .filter(|s| s.applies == Status::Met)
        .map(|s| (s, steps(policy, s, Trail::Decisive { open }, &mut printed)))
        .filter(|(_, steps)| !steps.is_empty())
        .collect()
}

struct Walk<'w, 'p> {
    policy: &'w LoadedPolicy,
    trail: Trail,
    printed: &'w mut Printed<'p>,
}

impl<'p> Walk<'_, 'p> {
    /// `shown` is the node as the trail keeps it, `full` the same node as evaluated (the
    /// decisive tree leaves out a met "not"'s negated step, whose answers it still shows).
    fn step(&mut self, shown: &NodeResult<'p>, full: &NodeResult<'p>, under: &'p str) -> Step<'p> {
        let number = numbering(shown.id).printed();
        let under = number.unwrap_or(under);
        let mut answers = Vec::new();
        for u in &shown.used {
            answers.push(self.printed.answer(self.policy, u, under));
        }
        let mut children = Vec::new();
        if shown.rule == "not" {
            // The negated step reads backwards to a clinician ("a prior line contains a CAR-T
            // product": not met); the criterion shows the answers it read instead.
            let mut used = Vec::new();
            collect_used(full, &mut used);
            for u in used {
                let line = self.printed.answer(self.policy, u, under);
                if !answers.contains(&line) {
                    answers.push(line);
                }
            }
        } else if shown.status != Status::NotApplicable {
            children = self.children(shown, full, under);
        }
        Step {
            id: shown.id,
            number,
            label: shown.label,
            status: shown.status,
            reading: shown.ambiguity,
            answers,
            children,
        }
    }

    fn children(&mut self, shown: &NodeResult<'p>, full: &NodeResult<'p>, under: &'p str) -> Vec<Step<'p>> {
        // Once an alternative is met, the others no longer matter to a reader of the text.
        let settled = self.trail == Trail::Settled && shown.rule == "any" && shown.status == Status::Met;
        let decisive = matches!(self.trail, Trail::Decisive { .. });
        let steps = shown
            .children
            .iter()
            .filter(|c| !settled || c.status == Status::Met)
            .map(|c| {
                let f = if std::ptr::eq(shown, full) {
                    c
                } else {
                    full.children.iter().find(|f| f.id == c.id).unwrap_or(c)
                };
                self.step(c, f, under)
            });
        if !decisive {
            return steps.collect();
        }
        // On the one-page summary an unnumbered sub-step that read nothing itself only groups
        // the steps below it (a trial's outcome and its length): they fold into the criterion
        // above, which keeps the page to the policy's numbering and what was answered.
        let mut out = Vec::new();
        for step in steps {
            if step.number.is_none() && step.answers.is_empty() && !step.children.is_empty() {
                out.extend(step.children);
            } else {
                out.push(step);
            }
        }
        out
    }
}

/// Every answer a node's descendants read, each once, in tree order.
fn collect_used<'n, 'p>(n: &'n NodeResult<'p>, out: &mut Vec<&'n Used<'p>>) {
    for c in &n.children {
        for u in &c.used {
            // One question may be used twice: as its answer, and as days before the as-of date.
            let kind = std::mem::discriminant(&u.value);
            if !out
                .iter()
                .any(|o| o.id == u.id && std::mem::discriminant(&o.value) == kind)
            {
                out.push(u);
            }
        }
        collect_used(c, out);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

    use criteria::{evaluate, parse_answers, Context, Date};

    use super::*;

    /// A policy of the shapes the library has: numbered criteria with unnumbered sub-steps, a
    /// "not" over an attestation and over a drug list, one list of prior lines read by four
    /// sibling sub-steps and again under another criterion, a count of lines, and a section the
    /// file splits with a qualifier that has a hyphen of its own.
    const POLICY: &str = r#"{
      "id": "TEST.2", "title": "Test", "subject": "Test drug", "issuer": "Test plan", "plan": "All",
      "lines_of_business": ["medicaid"], "last_review": "2026-01",
      "classes": [{"id": "a", "label": "Class A"}, {"id": "b", "label": "Class B"}, {"id": "c", "label": "Class C"}],
      "drugs": [
        {"id": "da", "label": "Drug A", "classes": ["a"]},
        {"id": "db", "label": "Drug B", "classes": ["b"]},
        {"id": "dc", "label": "Drug C", "classes": ["c"]}
      ],
      "questions": [
        {"id": "route", "prompt": "Route", "type": "choice",
         "options": [{"value": "main", "label": "Main"}, {"value": "covid", "label": "COVID-19"}]},
        {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines"},
        {"id": "other", "prompt": "Other drugs taken with it", "type": "drug_list", "classes": ["c"]},
        {"id": "trial", "prompt": "Given in a trial", "type": "yes_no"},
        {"id": "syringes", "prompt": "Syringes a day", "type": "number", "unit": "syringes/day", "min": 0, "max": 9}
      ],
      "derived": [{"id": "line_count", "label": "Prior line count", "unit": "lines",
                   "expr": {"count_lines": {"question": "lines"}}}],
      "sections": [
        {"id": "I.A", "title": "Main route", "kind": "initial", "effect": "criteria",
         "applies_when": [{"choice_in": {"question": "route", "values": ["main"]}}],
         "criteria": {"id": "I.A", "label": "All of", "all": [
           {"id": "I.A.1", "label": "Lines with classes A and B", "all": [
             {"id": "I.A.1-count", "label": "At least one line", "check": {"ge": [{"d": "line_count"}, {"qty": [1, "lines"]}]}},
             {"id": "I.A.1-a", "label": "Class A in a line", "check": {"includes_any": {"question": "lines", "class": "a"}}},
             {"id": "I.A.1-b", "label": "Class B in a line", "check": {"includes_any": {"question": "lines", "class": "b"}}}
           ]},
           {"id": "I.A.2", "label": "No class C in the lines", "not": {
             "id": "I.A.2-c", "label": "Class C in a line", "check": {"includes_any": {"question": "lines", "class": "c"}}}},
           {"id": "I.A.3", "label": "No trial use", "not": {
             "id": "I.A.3-trial", "label": "Given in a trial", "check": {"yes": "trial"}}},
           {"id": "I.A.4", "label": "No class C taken with it", "not": {
             "id": "I.A.4-other", "label": "Class C taken with it", "check": {"includes_any": {"question": "other", "class": "c"}}}},
           {"id": "I.A.5", "label": "One syringe a day at most", "check": {"le": [{"q": "syringes"}, {"qty": [1, "syringes/day"]}]}}
         ]}},
        {"id": "I.E (COVID-19 in hospital)", "title": "COVID-19", "kind": "initial", "effect": "criteria",
         "applies_when": [{"choice_in": {"question": "route", "values": ["covid"]}}],
         "criteria": {"id": "I.E-covid", "label": "Routed as another use", "check": {"no": "trial"}}}
      ]
    }"#;

    const MEETS: &str = r#"{"route": "main", "lines": [["da", "db"]], "other": [], "trial": false, "syringes": 1}"#;

    fn with<T>(answers: &str, f: impl FnOnce(&LoadedPolicy, &Evaluation<'_>) -> T) -> T {
        let policy = LoadedPolicy::from_json("test.json", POLICY).expect("the test policy loads");
        let as_of = Date::parse("2026-11-22").expect("date");
        let (answers, errors) = parse_answers(&policy, answers, as_of).expect("answers");
        assert!(errors.is_empty(), "{errors:?}");
        let ctx = Context {
            as_of,
            line_of_business: None,
        };
        let r = evaluate(&policy, &answers, &ctx);
        f(&policy, &r)
    }

    fn summary<'p>(policy: &LoadedPolicy, r: &Evaluation<'p>) -> Vec<Step<'p>> {
        decided(policy, r).into_iter().flat_map(|(_, steps)| steps).collect()
    }

    fn flat<'s, 'p>(steps: &'s [Step<'p>], out: &mut Vec<&'s Step<'p>>) {
        for s in steps {
            out.push(s);
            flat(&s.children, out);
        }
    }

    fn find<'s, 'p>(steps: &'s [Step<'p>], id: &str) -> &'s Step<'p> {
        let mut all = Vec::new();
        flat(steps, &mut all);
        all.into_iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no step {id}"))
    }

    #[test]
    fn the_policy_numbering_is_the_id_up_to_a_sub_step_suffix() {
        assert_eq!(numbering("I.A.4.a.iii"), Numbering::Number("I.A.4.a.iii"));
        assert_eq!(numbering("I.A.4.a.iii-ratio"), Numbering::SubStep { of: "I.A.4.a.iii" });
        assert_eq!(numbering("A.2-anti-cd38"), Numbering::SubStep { of: "A.2" });
        assert_eq!(
            numbering("II.A.2.a.i-rapid3-lower"),
            Numbering::SubStep { of: "II.A.2.a.i" }
        );
        // A section's qualifier is part of its number, hyphens and all.
        assert_eq!(
            numbering("I.E (COVID-19 in hospital)"),
            Numbering::Number("I.E (COVID-19 in hospital)")
        );
        assert_eq!(numbering("I.E-covid").printed(), None);
        assert_eq!(numbering("I.E-covid").cited(), "I.E");
        assert_eq!(numbering("A").printed(), Some("A"));
        // Not a suffix: nothing before or after the hyphen.
        assert_eq!(numbering("-x"), Numbering::Number("-x"));
        assert_eq!(numbering("A.1-"), Numbering::Number("A.1-"));
        assert_eq!(cited(&["A.2-count", "A.2-pi", "A.3"]), "A.2, A.3");
    }

    #[test]
    fn issue_21_every_met_criterion_prints_the_answers_that_met_it() {
        with(MEETS, |policy, r| {
            assert_eq!(r.outcome, Outcome::Meets);
            let steps = summary(policy, r);
            let mut all = Vec::new();
            flat(&steps, &mut all);
            for s in all.iter().filter(|s| s.status == Status::Met) {
                let mut below = Vec::new();
                flat(std::slice::from_ref(*s), &mut below);
                assert!(
                    below.iter().any(|b| !b.answers.is_empty()),
                    "{} prints no answer: {s:?}",
                    s.id
                );
            }
            // The attestation and the empty list under a "not".
            assert_eq!(find(&steps, "I.A.3").answers, ["Given in a trial: no"]);
            assert_eq!(
                find(&steps, "I.A.4").answers,
                ["Other drugs taken with it: none of these"]
            );
            assert!(
                find(&steps, "I.A.3").children.is_empty(),
                "the negated step reads backwards"
            );
        });
    }

    #[test]
    fn issue_21_a_sub_step_prints_no_id_and_a_list_prints_once() {
        with(MEETS, |policy, r| {
            let steps = summary(policy, r);
            let mut all = Vec::new();
            flat(&steps, &mut all);
            for s in &all {
                assert_eq!(s.number, numbering(s.id).printed());
                assert!(s.number.is_none_or(|n| !n.contains('-')), "{s:?}");
            }
            assert_eq!(find(&steps, "I.A.1").number, Some("I.A.1"));
            assert_eq!(find(&steps, "I.A.1-a").number, None);
            let lines: Vec<&String> = all
                .iter()
                .flat_map(|s| &s.answers)
                .filter(|a| a.starts_with("Prior lines:"))
                .collect();
            assert_eq!(
                lines,
                [
                    "Prior lines: line 1: Drug A + Drug B",
                    "Prior lines: as listed under I.A.1",
                    "Prior lines: as listed under I.A.1",
                    "Prior lines: as listed under I.A.1",
                ]
            );
            assert_eq!(
                find(&steps, "I.A.1-count").answers,
                ["Prior lines: line 1: Drug A + Drug B", "Prior line count: 1 line"]
            );
            assert_eq!(find(&steps, "I.A.5").answers, ["Syringes a day: 1 syringe/day"]);
        });
    }

    #[test]
    fn a_screen_prints_every_answer_where_it_is_used_and_an_appendix_points_to_its_table() {
        with(MEETS, |policy, r| {
            let Some(sec) = r.sections.first() else {
                panic!("a section")
            };
            let every = steps(policy, sec, Trail::Every, &mut Printed::every_time());
            let table = steps(policy, sec, Trail::Every, &mut Printed::in_table());
            let mut all = Vec::new();
            flat(&every, &mut all);
            let full = all
                .iter()
                .flat_map(|s| &s.answers)
                .filter(|a| a.as_str() == "Prior lines: line 1: Drug A + Drug B")
                .count();
            assert_eq!(full, 4, "each criterion shows the list it read");
            let top: Vec<&str> = table.iter().map(|s| s.id).collect();
            assert_eq!(
                top,
                ["I.A.1", "I.A.2", "I.A.3", "I.A.4", "I.A.5"],
                "the root repeats the section"
            );
            assert_eq!(table[1].answers, ["Prior lines: as in the answers above"]);
        });
    }

    #[test]
    fn a_root_sub_step_keeps_its_line_under_a_qualified_section() {
        with(r#"{"route": "covid", "trial": false}"#, |policy, r| {
            let Some(sec) = r.sections.iter().find(|s| s.applies == Status::Met) else {
                panic!("a section applies")
            };
            assert_eq!(numbering(sec.id).printed(), Some("I.E (COVID-19 in hospital)"));
            let steps = steps(policy, sec, Trail::Decisive { open: false }, &mut Printed::once());
            assert_eq!(steps.len(), 1);
            assert_eq!((steps[0].id, steps[0].number), ("I.E-covid", None));
            assert_eq!(steps[0].answers, ["Given in a trial: no"]);
        });
    }

    #[test]
    fn a_line_whose_drugs_are_not_all_documented_says_so() {
        let answers = r#"{"route": "main", "other": [], "trial": false, "syringes": 1,
            "lines": [{"drugs": [], "unknown_drugs": true}, {"drugs": ["da"], "unknown_drugs": true}]}"#;
        with(answers, |policy, r| {
            let text = crate::plain(policy, r);
            assert!(
                text.contains("Prior lines: line 1: drugs not documented; line 2: Drug A + other drugs not documented"),
                "{text}"
            );
        });
    }

    #[test]
    fn the_text_prints_numbers_and_sub_step_labels() {
        with(MEETS, |policy, r| {
            let text = crate::plain(policy, r);
            assert!(text.contains("I.A.1 Lines with classes A and B"), "{text}");
            assert!(text.contains("[met]     Class A in a line"), "{text}");
            assert!(!text.contains("I.A.1-"), "{text}");
            assert_eq!(text.matches("line 1: Drug A + Drug B").count(), 1, "{text}");
            assert!(text.contains("Other drugs taken with it: none of these"), "{text}");
        });
        with(
            r#"{"route": "main", "lines": [["dc"]], "other": [], "trial": false, "syringes": 2}"#,
            |policy, r| {
                let text = crate::plain(policy, r);
                assert!(text.contains("  - I.A.1: Class A in a line\n"), "{text}");
                assert!(text.contains("  - I.A.2: No class C in the lines\n"), "{text}");
            },
        );
    }
}
