//! The printed summary's trail over the whole case corpus (issue 21), natively: what
//! `components::summary` prints is `render::decided`, so that every case of every policy is
//! checked for what a clinician reading it needs, without a browser (the journeys check the
//! page itself, its print and its single page).

use std::path::Path;

use criteria::model::QuestionType;
use criteria::{evaluate, parse_answers, Context, Date, LineOfBusiness, Status};
use render::Step;

fn flat<'s, 'p>(steps: &'s [Step<'p>], out: &mut Vec<&'s Step<'p>>) {
    for s in steps {
        out.push(s);
        flat(&s.children, out);
    }
}

/// Every corpus case's policy and evaluation, handed to `check` with the case's name.
fn each_case(mut check: impl FnMut(&str, &criteria::LoadedPolicy, &criteria::Evaluation<'_>)) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut count = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let policy = policies::get(file["policy"].as_str().unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let as_of = Date::parse(case["as_of"].as_str().unwrap()).unwrap();
            let line_of_business = case["line_of_business"].as_str().and_then(LineOfBusiness::parse);
            let (answers, _) = parse_answers(policy, &case["answers"].to_string(), as_of).unwrap();
            let r = evaluate(
                policy,
                &answers,
                &Context {
                    as_of,
                    line_of_business,
                },
            );
            check(case["name"].as_str().unwrap(), policy, &r);
            count += 1;
        }
    }
    count
}

#[test]
fn issue_21_every_met_criterion_of_a_summary_prints_the_answers_that_met_it() {
    let mut bad = Vec::new();
    let n = each_case(|name, policy, r| {
        let decided = render::decided(policy, r);
        for (_, steps) in &decided {
            let mut all = Vec::new();
            flat(steps, &mut all);
            for s in all.iter().filter(|s| s.status == Status::Met) {
                let mut below = Vec::new();
                flat(std::slice::from_ref(*s), &mut below);
                if below.iter().all(|b| b.answers.is_empty()) {
                    bad.push(format!("{}: {name}: {} is met and prints no answer", r.policy.id, s.id));
                }
            }
        }
    });
    assert!(n > 200, "only {n} cases");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn issue_21_a_summary_prints_only_the_policy_numbering() {
    let mut bad = Vec::new();
    each_case(|name, policy, r| {
        for (section, steps) in render::decided(policy, r) {
            let mut all = Vec::new();
            flat(&steps, &mut all);
            for s in all {
                // Every id of the five files is the policy's number or `<number>-<word>`.
                match render::numbering(s.id) {
                    render::Numbering::Number(n) => {
                        let number = n.split(" (").next().unwrap_or(n);
                        if number.contains('-') || s.number != Some(n) {
                            bad.push(format!("{name}: {} prints as {:?}", s.id, s.number));
                        }
                    }
                    render::Numbering::SubStep { of } => {
                        let word = &s.id[of.len() + 1..];
                        if s.number.is_some()
                            || !word
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                        {
                            bad.push(format!("{name}: {} prints as {:?}", s.id, s.number));
                        }
                    }
                }
            }
            assert!(
                !matches!(render::numbering(section.id), render::Numbering::SubStep { .. }),
                "{}",
                section.id
            );
        }
        for id in &r.failed {
            let cited = render::numbering(id).cited();
            if cited.contains('-') && !cited.contains(" (") {
                bad.push(format!("{name}: {id} is cited as {cited}"));
            }
        }
    });
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn issue_21_a_list_of_answers_prints_in_full_once_per_summary() {
    let mut bad = Vec::new();
    let mut referred = 0;
    each_case(|name, policy, r| {
        let decided = render::decided(policy, r);
        let mut answers = Vec::new();
        for (_, steps) in &decided {
            let mut all = Vec::new();
            flat(steps, &mut all);
            answers.extend(all.into_iter().flat_map(|s| s.answers.iter()));
        }
        let lists = policy.policy.questions.iter().filter(|q| {
            matches!(
                q.kind,
                QuestionType::DrugList | QuestionType::MultiChoice | QuestionType::TherapyLines
            )
        });
        for q in lists {
            let head = format!("{}: ", q.prompt);
            // Not answered, or an empty list ("none of these"), is short and prints wherever it
            // is used; a list with something in it prints in full once.
            let short = [
                "not answered",
                "none of these",
                "none known so far",
                "no prior lines",
                "no lines known so far",
            ];
            let uses: Vec<&&String> = answers
                .iter()
                .filter(|a| a.starts_with(&head) && !short.iter().any(|s| a.ends_with(&format!(": {s}"))))
                .collect();
            let full = uses.iter().filter(|a| !a.contains(": as listed under ")).count();
            referred += uses.len() - full;
            if full > 1 {
                bad.push(format!("{}: {name}: {} prints {full} times", r.policy.id, q.id));
            }
        }
    });
    assert!(referred > 0, "some summary refers back to a list");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
