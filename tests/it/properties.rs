//! Property tests of the engine over generated policies and generated partial answers:
//! soundness of decided results, sufficiency of the missing list, and round trips.
//!
//! CI runs the default number of cases; a dedicated run uses more:
//! `PROPTEST_CASES=100000 cargo test --release -p precheck-tests --test properties`.

// proptest runs natively only (`wasm-pack test tests` builds this file for wasm32 too).
#![cfg(not(target_arch = "wasm32"))]

use criteria::model::{
    Choice, Derived, Drug, DrugClass, Effect, Expr, Node, Policy, Pred, Question, QuestionType, Referral, Section,
    SectionKind,
};
use criteria::{evaluate, parse_answers, Answer, Answers, Context, Date, Line, LineOfBusiness, LoadedPolicy, Outcome};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const OPTIONS: [&str; 3] = ["a", "b", "c"];

const DRUGS: [&str; 3] = ["d0", "d1", "d2"];

/// The kind of question that is a whole history of class `k0` (drugs d0 and d1).
const COVER: u8 = 7;

/// The drugs of class `k0`.
fn in_k0(drug: &str) -> bool {
    drug != "d2"
}

/// The shape of a question: 0 yes/no, 1 number (0 to 10 mg), 2 choice of a, b, c, 3 prior lines
/// of therapy that may be known in part. Kinds 4 to 6 are 0 to 2 that may be answered "not
/// done" (issue 9), with the next question as their companion where that one is of kind 0 to 3.
/// Kind 7 is the whole history of class `k0`, which may be known in part, covering the lines of
/// question `covers` (issue 21).
fn question(i: usize, kind: u8, next: Option<u8>, covers: Option<usize>) -> Question {
    let mut q = Question {
        id: format!("q{i}"),
        prompt: format!("Question {i}"),
        help: None,
        kind: QuestionType::YesNo,
        unit: None,
        accepts_units: Vec::new(),
        min: None,
        max: None,
        integer: false,
        options: Vec::new(),
        classes: Vec::new(),
        not_done: kind >= 4,
        companions: Vec::new(),
        partial: false,
        line_dates: false,
        covers: None,
        fhir: None,
    };
    if kind == COVER {
        q.kind = QuestionType::DrugList;
        q.classes = vec!["k0".into()];
        q.partial = true;
        q.not_done = false;
        q.covers = covers.map(|c| format!("q{c}"));
        return q;
    }
    // A companion has no companions of its own, and belongs to one question only.
    if kind >= 4 && next.is_some_and(|k| k < 4) {
        q.companions.push(format!("q{}", i + 1));
    }
    match kind % 4 {
        1 => {
            q.kind = QuestionType::Number;
            q.unit = Some("mg".into());
            q.min = Some(0.0);
            q.max = Some(10.0);
            q.integer = true;
        }
        2 => {
            q.kind = QuestionType::Choice;
            q.options = OPTIONS
                .iter()
                .map(|o| Choice {
                    value: (*o).into(),
                    label: (*o).into(),
                })
                .collect();
        }
        3 => {
            q.kind = QuestionType::TherapyLines;
            q.partial = true;
        }
        _ => {}
    }
    q
}

/// A leaf test of question `q`, chosen by `pick`; one in eight is negated.
fn pred(kinds: &[u8], q: usize, pick: u8) -> Pred {
    if pick >= 224 {
        return Pred::Not(Box::new(base_pred(kinds, q, pick - 224)));
    }
    base_pred(kinds, q, pick)
}

fn base_pred(kinds: &[u8], q: usize, pick: u8) -> Pred {
    let id = format!("q{q}");
    if kinds[q] == COVER {
        return if pick % 2 == 0 {
            Pred::IncludesAny {
                question: id,
                values: Vec::new(),
                class: Some("k0".into()),
            }
        } else {
            Pred::IncludesAny {
                question: id,
                values: vec![DRUGS[usize::from(pick / 2 % 2)].into()],
                class: None,
            }
        };
    }
    match kinds[q] % 4 {
        3 => match pick % 3 {
            0 => Pred::IncludesAny {
                question: id,
                values: vec![DRUGS[usize::from(pick / 3 % 3)].into()],
                class: None,
            },
            1 => Pred::IncludesAny {
                question: id,
                values: Vec::new(),
                class: Some("k0".into()),
            },
            _ => {
                let pair = Box::new([
                    Expr::D(format!("lines_q{q}")),
                    Expr::Qty(f64::from(pick / 3 % 4), "lines".into()),
                ]);
                if pick % 2 == 0 {
                    Pred::Ge(pair)
                } else {
                    Pred::Le(pair)
                }
            }
        },
        1 => {
            let pair = Box::new([Expr::Q(id), Expr::Qty(f64::from(pick % 11), "mg".into())]);
            if pick % 2 == 0 {
                Pred::Ge(pair)
            } else {
                Pred::Lt(pair)
            }
        }
        2 => Pred::ChoiceIn {
            question: id,
            values: OPTIONS
                .iter()
                .take(1 + usize::from(pick % 2))
                .map(|o| (*o).to_string())
                .collect(),
        },
        _ if pick % 2 == 0 => Pred::Yes(id),
        _ => Pred::No(id),
    }
}

/// A generated criteria tree, before ids and questions are attached.
#[derive(Debug, Clone)]
enum Shape {
    Leaf(usize, u8),
    All(Vec<Shape>),
    Any(Vec<Shape>),
    AtLeast(u8, Vec<Shape>),
    Not(Box<Shape>),
    /// A node gated by a condition.
    When(usize, u8, Box<Shape>),
    /// A node that refers elsewhere when it is what satisfies its section.
    Refer(Box<Shape>),
}

fn shape(questions: usize) -> impl Strategy<Value = Shape> {
    let leaf = (0..questions, any::<u8>()).prop_map(|(q, p)| Shape::Leaf(q, p));
    leaf.prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Shape::All),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Shape::Any),
            (any::<u8>(), prop::collection::vec(inner.clone(), 1..4)).prop_map(|(k, v)| Shape::AtLeast(k, v)),
            inner.clone().prop_map(|s| Shape::Not(Box::new(s))),
            (0..questions, any::<u8>(), inner.clone()).prop_map(|(q, p, s)| Shape::When(q, p, Box::new(s))),
            inner.prop_map(|s| Shape::Refer(Box::new(s))),
        ]
    })
}

struct Build<'a> {
    kinds: &'a [u8],
    next: usize,
    used: Vec<bool>,
}

impl Build<'_> {
    fn node(&mut self, s: &Shape) -> Node {
        self.next += 1;
        let mut n = Node {
            id: format!("N{}", self.next),
            label: "generated".into(),
            when: Vec::new(),
            all: None,
            any: None,
            at_least: None,
            of: None,
            not: None,
            check: None,
            use_: None,
            refer: Vec::new(),
            dose_check: false,
            ambiguity: None,
        };
        match s {
            Shape::Leaf(q, p) => {
                self.used[*q] = true;
                n.check = Some(pred(self.kinds, *q, *p));
            }
            Shape::All(v) => n.all = Some(v.iter().map(|c| self.node(c)).collect()),
            Shape::Any(v) => n.any = Some(v.iter().map(|c| self.node(c)).collect()),
            Shape::AtLeast(k, v) => {
                n.at_least = Some(1 + u32::from(*k) % v.len() as u32);
                n.of = Some(v.iter().map(|c| self.node(c)).collect());
            }
            Shape::Not(c) => n.not = Some(Box::new(self.node(c))),
            Shape::When(q, p, c) => {
                let mut inner = self.node(c);
                self.used[*q] = true;
                inner.when.push(pred(self.kinds, *q, *p));
                return inner;
            }
            Shape::Refer(c) => {
                let mut inner = self.node(c);
                inner.refer.push(Referral {
                    line_of_business: None,
                    policy: Some("OTHER.1".into()),
                    label: "elsewhere".into(),
                });
                return inner;
            }
        }
        n
    }
}

/// A random valid policy: 1 to 6 questions, one or two sections.
fn policy() -> impl Strategy<Value = Policy> {
    prop::collection::vec(0u8..8, 1..7)
        .prop_flat_map(|kinds| {
            let n = kinds.len();
            (
                Just(kinds),
                shape(n),
                shape(n),
                any::<bool>(),
                prop::option::of((0..n, any::<u8>())),
                any::<bool>(),
            )
        })
        .prop_map(|(kinds, first, second, two, gate, deny)| {
            let mut b = Build {
                kinds: &kinds,
                next: 0,
                used: vec![false; kinds.len()],
            };
            let mut roots = vec![b.node(&first)];
            if two {
                roots.push(b.node(&second));
            }
            let mut sections = Vec::new();
            for (i, mut root) in roots.into_iter().enumerate() {
                // Questions no criterion uses are attached to the first section, so every question
                // is reachable as validation requires.
                if i == 0 {
                    let unused: Vec<usize> = (0..kinds.len()).filter(|&q| !b.used[q]).collect();
                    if !unused.is_empty() {
                        let mut all = vec![root];
                        for q in unused {
                            b.used[q] = true;
                            all.push(b.node(&Shape::Leaf(q, 0)));
                        }
                        b.next += 1;
                        root = Node {
                            id: format!("N{}", b.next),
                            label: "all".into(),
                            when: vec![],
                            all: Some(all),
                            any: None,
                            at_least: None,
                            of: None,
                            not: None,
                            check: None,
                            use_: None,
                            refer: vec![],
                            dose_check: false,
                            ambiguity: None,
                        };
                    }
                }
                let applies_when = match (i, gate) {
                    (1, Some((q, p))) => vec![pred(&kinds, q, p)],
                    _ => Vec::new(),
                };
                let effect = if i == 1 && deny { Effect::Deny } else { Effect::Criteria };
                sections.push(Section {
                    id: format!("S{i}"),
                    title: "generated".into(),
                    kind: SectionKind::Initial,
                    effect,
                    applies_when,
                    criteria: root,
                    approval: None,
                    notes: Vec::new(),
                    documentation: Vec::new(),
                });
            }
            let sections_text = serde_json::to_string(&sections).unwrap_or_default();
            Policy {
                id: "GEN.1".into(),
                title: "Generated".into(),
                subject: "generated".into(),
                issuer: "test".into(),
                plan: "test".into(),
                lines_of_business: vec![LineOfBusiness::Commercial],
                effective: None,
                last_review: "2026-01".into(),
                keywords: Vec::new(),
                codes: Vec::new(),
                units: Vec::new(),
                other_lines_of_business: Vec::new(),
                classes: vec![DrugClass {
                    id: "k0".into(),
                    label: "class 0".into(),
                }],
                drugs: DRUGS
                    .iter()
                    .map(|d| Drug {
                        id: (*d).into(),
                        label: (*d).into(),
                        classes: if *d == "d2" { Vec::new() } else { vec!["k0".into()] },
                        names: Vec::new(),
                        codes: Vec::new(),
                    })
                    .collect(),
                birth_date_question: None,
                retired: Vec::new(),
                questions: kinds
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        // A history covers the nearest list of lines before it, where there is one.
                        let covers = kinds[..i].iter().rposition(|k| *k == 3);
                        question(i, *k, kinds.get(i + 1).copied(), covers)
                    })
                    .collect(),
                derived: kinds
                    .iter()
                    .enumerate()
                    // Only the counts some criterion reads: validation rejects unused values.
                    .filter(|(i, k)| **k == 3 && sections_text.contains(&format!("\"lines_q{i}\"")))
                    .map(|(i, _)| Derived {
                        id: format!("lines_q{i}"),
                        label: "lines".into(),
                        unit: "lines".into(),
                        expr: Expr::CountLines {
                            question: format!("q{i}"),
                            with_all: Vec::new(),
                        },
                    })
                    .collect(),
                sections,
                notes: Vec::new(),
                documentation: Vec::new(),
            }
        })
}

/// Prior lines of therapy from a seed: up to three lines of one or two drugs; with some seeds
/// the last line's drugs are not documented (issue 21), or only its first is.
fn lines(seed: u8) -> Vec<Line> {
    let n = usize::from(seed % 4);
    (0..n)
        .map(|i| {
            let first = DRUGS[(usize::from(seed) + i) % 3].to_string();
            let second = DRUGS[(usize::from(seed / 4) + i) % 3].to_string();
            let mut line = Line::new(vec![first]);
            if !line.drugs.contains(&second) {
                line.drugs.push(second);
            }
            if i + 1 == n && seed % 7 == 3 {
                line.unknown_drugs = true;
                if seed % 2 == 0 {
                    line.drugs.clear();
                } else {
                    line.drugs.truncate(1);
                }
            }
            line
        })
        .collect()
}

/// The lines as they may turn out once every line's drugs are documented: each line whose
/// drugs were not gets the drugs of a line from `seed`, and a complete history (`allowed`)
/// keeps out the class `k0` drugs it does not list.
fn documented(known: &[Line], seed: u8, allowed: Option<&[String]>) -> Vec<Line> {
    let more = lines(seed.wrapping_mul(5).wrapping_add(1));
    known
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut line = line.clone();
            if line.unknown_drugs {
                line.unknown_drugs = false;
                if let Some(extra) = more.get(i % more.len().max(1)) {
                    for d in &extra.drugs {
                        if !line.drugs.contains(d) {
                            line.drugs.push(d.clone());
                        }
                    }
                }
                line = admitted(line, allowed);
            }
            line
        })
        .collect()
}

/// A new line as a complete history (`allowed`) admits it: without the class `k0` drugs the
/// history does not list (a drug that is not of the class where none is left).
fn admitted(mut line: Line, allowed: Option<&[String]>) -> Line {
    line.drugs
        .retain(|d| !in_k0(d) || allowed.is_none_or(|a| a.contains(d)));
    if line.drugs.is_empty() && !line.unknown_drugs {
        line.drugs.push("d2".into());
    }
    line
}

/// The class `k0` drugs a list of lines holds.
fn k0_drugs(a: Option<&Answer>) -> Vec<String> {
    let Some(lines) = a.and_then(Answer::lines) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for d in lines.iter().flat_map(|l| &l.drugs) {
        if in_k0(d) && !out.contains(d) {
            out.push(d.clone());
        }
    }
    out
}

/// A value for question `q` from a random seed: "not done" where the question allows it, and a
/// list known in part where it may be.
fn value(policy: &Policy, q: usize, seed: u8) -> Answer {
    let question = &policy.questions[q];
    if question.not_done && seed % 5 == 4 {
        return Answer::NotDone;
    }
    if question.kind == QuestionType::DrugList {
        let items: Vec<String> = DRUGS[..2]
            .iter()
            .enumerate()
            .filter(|(i, _)| seed >> i & 1 == 1)
            .map(|(_, d)| (*d).to_string())
            .collect();
        return if seed % 3 == 0 {
            Answer::Partial(Box::new(Answer::Many(items)))
        } else {
            Answer::Many(items)
        };
    }
    match question.kind {
        QuestionType::TherapyLines if seed % 3 == 0 => Answer::Partial(Box::new(Answer::Lines(lines(seed / 3)))),
        QuestionType::TherapyLines => Answer::Lines(lines(seed / 3)),
        QuestionType::Number => Answer::Number(f64::from(seed % 11)),
        QuestionType::Choice => Answer::Choice(OPTIONS[usize::from(seed % 3)].into()),
        _ => Answer::Bool(seed % 2 == 0),
    }
}

fn answers(policy: &Policy, seeds: &[Option<u8>]) -> Answers {
    let mut a = Answers::new();
    for (q, seed) in seeds.iter().enumerate().take(policy.questions.len()) {
        if let Some(s) = seed {
            a.set(policy.questions[q].id.clone(), value(policy, q, *s));
        }
    }
    drop_contradicted_companions(policy, &mut a);
    drop_contradicted_histories(policy, &mut a);
    a
}

/// A complete history that leaves out a drug of its class in the lines it covers is refused by
/// the answer parser; generated answers leave it out the same way.
fn drop_contradicted_histories(policy: &Policy, a: &mut Answers) {
    for q in &policy.questions {
        let Some(target) = &q.covers else { continue };
        if let Some(Answer::Many(listed)) = a.get(&q.id) {
            if k0_drugs(a.get(target)).iter().any(|d| !listed.contains(d)) {
                a.remove(&q.id);
            }
        }
    }
}

/// A companion answered while its question is "not done" is refused by the answer parser;
/// generated answers leave it out the same way.
fn drop_contradicted_companions(policy: &Policy, a: &mut Answers) {
    for q in &policy.questions {
        if matches!(a.get(&q.id), Some(Answer::NotDone)) {
            for c in &q.companions {
                if a.get(c).is_some_and(|x| !matches!(x, Answer::NotDone)) {
                    a.remove(c);
                }
            }
        }
    }
}

/// The drugs of class `k0` a complete history covering `lines` lists, where `partial` has one.
fn complete_history(p: &Policy, partial: &Answers, lines: &str) -> Option<Vec<String>> {
    p.questions
        .iter()
        .filter(|q| q.covers.as_deref() == Some(lines))
        .find_map(|q| match partial.get(&q.id) {
            Some(Answer::Many(listed)) => Some(listed.clone()),
            _ => None,
        })
}

fn ctx() -> Context {
    Context {
        as_of: Date::parse("2026-11-22").unwrap(),
        line_of_business: None,
    }
}

fn loaded(p: &Policy) -> Result<LoadedPolicy, TestCaseError> {
    LoadedPolicy::new("generated.json", p.clone())
        .map_err(|e| TestCaseError::fail(format!("generated policy invalid: {e}")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// A decided result never changes when the unanswered questions are answered, whatever
    /// the answers; and the criteria that fail keep failing.
    #[test]
    fn decided_results_are_sound(
        p in policy(),
        seeds in prop::collection::vec(prop::option::of(any::<u8>()), 6),
        fills in prop::collection::vec(prop::collection::vec(any::<u8>(), 6), 4),
    ) {
        let lp = loaded(&p)?;
        let partial = answers(&p, &seeds);
        let r = evaluate(&lp, &partial, &ctx());
        if r.outcome != Outcome::Incomplete {
            for fill in &fills {
                let mut full = partial.clone();
                for (q, question) in p.questions.iter().enumerate() {
                    match full.get(&question.id) {
                        // "Not done" is no completion for a question whose companion is
                        // answered: the answer parser refuses that combination.
                        None if question.companions.iter().any(|c| partial.get(c).is_some()) => {
                            let v = match value(&p, q, fill[q]) {
                                Answer::NotDone => value(&p, q, fill[q].wrapping_add(1)),
                                v => v,
                            };
                            full.set(question.id.clone(), v);
                        }
                        None => full.set(question.id.clone(), value(&p, q, fill[q])),
                        // A list known in part completes to a longer one, and every line's drugs
                        // come to be documented; a complete history it is covered by admits no
                        // drug of its class that it leaves out.
                        Some(Answer::Partial(known)) => match &**known {
                            Answer::Lines(known) => {
                                let allowed = complete_history(&p, &partial, &question.id);
                                let mut more = known.clone();
                                more.extend(lines(fill[q]).into_iter().map(|l| admitted(l, allowed.as_deref())));
                                let more = documented(&more, fill[q], allowed.as_deref());
                                full.set(question.id.clone(), Answer::Lines(more));
                            }
                            Answer::Many(known) => {
                                let Answer::Many(extra) = value(&p, q, fill[q].wrapping_mul(3).wrapping_add(1)) else { continue };
                                let mut more = known.clone();
                                more.extend(extra.into_iter().filter(|d| !known.contains(d)));
                                full.set(question.id.clone(), Answer::Many(more));
                            }
                            _ => {}
                        },
                        Some(Answer::Lines(known)) if known.iter().any(|l| l.unknown_drugs) => {
                            let allowed = complete_history(&p, &partial, &question.id);
                            let more = documented(known, fill[q], allowed.as_deref());
                            full.set(question.id.clone(), Answer::Lines(more));
                        }
                        Some(_) => {}
                    }
                }
                // A history not complete before completes to hold at least what the lines do.
                for question in &p.questions {
                    let Some(target) = &question.covers else { continue };
                    if matches!(partial.get(&question.id), Some(Answer::Many(_))) {
                        continue;
                    }
                    if let Some(Answer::Many(listed)) = full.get(&question.id) {
                        let mut listed = listed.clone();
                        for d in k0_drugs(full.get(target)) {
                            if !listed.contains(&d) {
                                listed.push(d);
                            }
                        }
                        full.set(question.id.clone(), Answer::Many(listed));
                    }
                }
                drop_contradicted_companions(&p, &mut full);
                let c = evaluate(&lp, &full, &ctx());
                prop_assert_eq!(c.outcome, r.outcome, "decided {:?} with {:?}, then {:?} with {:?}", r.outcome, partial, c.outcome, full);
                for id in &r.failed {
                    prop_assert!(c.failed.contains(id), "{} failed before completion, not after", id);
                }
            }
        }
    }

    /// Answering the questions listed as missing, round after round, always decides the result,
    /// and while it is undecided the missing list is never empty.
    #[test]
    fn the_missing_list_is_sufficient(
        p in policy(),
        seeds in prop::collection::vec(prop::option::of(any::<u8>()), 6),
        fill in prop::collection::vec(any::<u8>(), 6),
    ) {
        let lp = loaded(&p)?;
        let mut a = answers(&p, &seeds);
        let mut rounds = 0;
        loop {
            let r = evaluate(&lp, &a, &ctx());
            if r.outcome != Outcome::Incomplete {
                break;
            }
            prop_assert!(!r.missing.is_empty(), "incomplete with nothing missing: {:?}", a);
            for id in &r.missing {
                let q = p.questions.iter().position(|x| x.id == *id).unwrap();
                match a.get(id) {
                    None => a.set((*id).to_owned(), value(&p, q, fill[q])),
                    // A list known in part is missing until it is complete.
                    Some(Answer::Partial(known)) => {
                        let complete = (**known).clone();
                        a.set((*id).to_owned(), complete);
                    }
                    // A line whose drugs are not documented is missing until they are.
                    Some(Answer::Lines(known)) if known.iter().any(|l| l.unknown_drugs) => {
                        let allowed = complete_history(&p, &a, id);
                        let more = documented(known, fill[q], allowed.as_deref());
                        a.set((*id).to_owned(), Answer::Lines(more));
                    }
                    Some(other) => prop_assert!(false, "{} is listed missing but answered {:?}", id, other),
                }
            }
            rounds += 1;
            // A list known in part takes one more round to complete, and a line whose drugs are
            // not documented one more to document.
            prop_assert!(rounds <= 3 * p.questions.len(), "more rounds than three times the questions");
        }
    }

    /// Policy file -> model -> file is stable, and so is exporting then importing answers.
    #[test]
    fn round_trips(p in policy(), seeds in prop::collection::vec(prop::option::of(any::<u8>()), 6)) {
        let text = serde_json::to_string_pretty(&p).unwrap();
        let back = loaded(&serde_json::from_str::<Policy>(&text).unwrap())?;
        prop_assert_eq!(&back.policy, &p);
        prop_assert_eq!(serde_json::to_string_pretty(&back.policy).unwrap(), text);
        let lp = loaded(&p)?;
        let a = answers(&p, &seeds);
        let exported = a.to_json().to_string();
        let (imported, errors) = parse_answers(&lp, &exported, ctx().as_of).unwrap();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(imported, a);
    }
}
