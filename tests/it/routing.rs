//! Every route a policy gives is followed (issue 9): for every combination of the answers that
//! select a section (diagnosis, phenotype, request type, setting: the yes/no and choice
//! questions that sections' `applies_when` conditions read) and every line of business the
//! policy lists, some section must take the request, and an undecided result must still ask
//! something. A use that lands nowhere would read "does not meet" only because no section
//! took it, which is never what a policy says.

use std::collections::BTreeSet;

use criteria::model::{Policy, Pred, QuestionType, SectionKind};
use criteria::{evaluate, Answer, Answers, Context, Date, Outcome, Status};

/// The questions whose answers select sections, in form order.
fn selectors(p: &Policy) -> Vec<usize> {
    fn read(pred: &Pred, out: &mut BTreeSet<String>) {
        match pred {
            Pred::Yes(q) | Pred::No(q) => {
                out.insert(q.clone());
            }
            Pred::ChoiceIn { question, .. } => {
                out.insert(question.clone());
            }
            Pred::Not(inner) => read(inner, out),
            _ => {}
        }
    }
    let mut ids = BTreeSet::new();
    for s in &p.sections {
        for pred in &s.applies_when {
            read(pred, &mut ids);
        }
    }
    (0..p.questions.len())
        .filter(|&i| {
            ids.contains(&p.questions[i].id)
                && matches!(p.questions[i].kind, QuestionType::YesNo | QuestionType::Choice)
        })
        .collect()
}

fn values(p: &Policy, q: usize) -> Vec<Answer> {
    let question = &p.questions[q];
    match question.kind {
        QuestionType::YesNo => vec![Answer::Bool(true), Answer::Bool(false)],
        _ => question
            .options
            .iter()
            .map(|o| Answer::Choice(o.value.clone()))
            .collect(),
    }
}

/// The routes that go nowhere, one line each, and how many combinations were tried.
fn unrouted(lp: &criteria::LoadedPolicy) -> (Vec<String>, usize) {
    let (problems, tried, _) = walk(lp);
    (problems, tried)
}

/// Every combination of section-selecting answers: the routes that go nowhere, how many
/// combinations were tried, and the policies the combinations were referred to.
fn walk(lp: &criteria::LoadedPolicy) -> (Vec<String>, usize, BTreeSet<String>) {
    let mut referred = BTreeSet::new();
    let as_of = Date::parse("2026-11-22").unwrap_or_else(|| unreachable!());
    let p = &lp.policy;
    let qs = selectors(p);
    assert!(!qs.is_empty(), "{}: no section-selecting question found", p.id);
    let choices: Vec<Vec<Answer>> = qs.iter().map(|&q| values(p, q)).collect();
    let total: usize = choices.iter().map(Vec::len).product();
    assert!(
        total <= 100_000,
        "{}: {total} combinations is more than this test should walk",
        p.id
    );
    let mut problems = Vec::new();
    let mut tried = 0;
    for n in 0..total {
        let mut answers = Answers::new();
        let mut rest = n;
        let mut shown = Vec::new();
        for (i, &q) in qs.iter().enumerate() {
            let pick = &choices[i][rest % choices[i].len()];
            rest /= choices[i].len();
            answers.set(p.questions[q].id.clone(), pick.clone());
            shown.push(format!("{}={}", p.questions[q].id, pick.to_json()));
        }
        for &lob in &p.lines_of_business {
            tried += 1;
            let r = evaluate(
                lp,
                &answers,
                &Context {
                    as_of,
                    line_of_business: Some(lob),
                },
            );
            // A section of uses not authorized takes a request only once it applies: while
            // it might, it is an exclusion still to check, not a route.
            let taken = r.sections.iter().any(|s| match s.kind {
                SectionKind::NotAuthorized => s.applies == Status::Met,
                _ => s.applies != Status::NotMet,
            });
            referred.extend(r.refer_to.iter().filter_map(|t| t.policy.clone()));
            let case = format!("{} [{}] {}", p.id, lob.as_str(), shown.join(", "));
            if !taken {
                problems.push(format!("{case}: no section takes the request ({})", r.outcome.as_str()));
            } else if r.outcome == Outcome::Incomplete && r.missing.is_empty() {
                problems.push(format!("{case}: incomplete with nothing left to ask"));
            } else if r.outcome == Outcome::Refer && r.refer_to.is_empty() {
                problems.push(format!(
                    "{case}: referred with no target for a line of business the policy lists"
                ));
            }
        }
    }
    (problems, tried, referred)
}

/// Issue 21: a section whose criteria refer the request elsewhere (the pain pump's baclofen and
/// other-indication routes) is a route the section-selecting answers reach: its target is among
/// the referrals of some combination.
#[test]
fn every_route_a_section_gives_is_reached() {
    let mut missed = Vec::new();
    let mut reached = 0;
    for lp in policies::all() {
        let (_, _, referred) = walk(lp);
        for s in &lp.policy.sections {
            for r in &s.criteria.refer {
                let Some(target) = &r.policy else { continue };
                if referred.contains(target) {
                    reached += 1;
                } else {
                    missed.push(format!("{} section {}: {target} is never reached", lp.policy.id, s.id));
                }
            }
        }
    }
    assert!(reached >= 3, "only {reached} section routes found");
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn every_combination_of_section_selecting_answers_lands_in_a_section() {
    let mut problems = Vec::new();
    let mut combinations = 0;
    for lp in policies::all() {
        let (found, tried) = unrouted(lp);
        problems.extend(found);
        combinations += tried;
    }
    assert!(combinations > 50, "only {combinations} combinations tried");
    assert!(
        problems.is_empty(),
        "{} of {combinations} routes go nowhere:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The check finds a route that goes nowhere: Kineret without the section that routes
/// Muckle-Wells and FCAS requests leaves those diagnoses in no section.
#[test]
fn a_diagnosis_no_section_takes_is_found() {
    let Some(kineret) = policies::all()
        .iter()
        .find(|lp| lp.policy.sections.iter().any(|s| s.criteria.use_.is_some()))
    else {
        unreachable!("a shipped policy routes a section through `use`")
    };
    let mut policy = kineret.policy.clone();
    let routed = policy
        .sections
        .iter()
        .position(|s| s.criteria.use_.is_some())
        .unwrap_or_else(|| unreachable!());
    let dropped = policy.sections.remove(routed);
    let lp = criteria::LoadedPolicy::new("mutated.json", policy).unwrap_or_else(|e| unreachable!("{e}"));
    let (problems, _) = unrouted(&lp);
    assert!(
        !problems.is_empty(),
        "removing section {} left every route covered",
        dropped.id
    );
    assert!(
        problems.iter().all(|p| p.contains("no section takes the request")),
        "{problems:?}"
    );
}
