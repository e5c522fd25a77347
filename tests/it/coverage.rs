//! The corpus must exercise every criterion: each one seen failing in some case, and each
//! alternative of every "any" node seen succeeding in some case. A criterion that cannot fail
//! by construction is listed, with the reason, in its case file's `cannot_fail`.

use std::collections::{BTreeMap, BTreeSet};

use criteria::{evaluate, parse_answers, Context, Date, LineOfBusiness, NodeResult, Status};
use precheck_tests::case_files;

#[derive(Default)]
struct Seen {
    met: BTreeSet<String>,
    not_met: BTreeSet<String>,
}

fn walk(n: &NodeResult<'_>, seen: &mut Seen) {
    match n.status {
        Status::Met => {
            seen.met.insert(n.id.to_owned());
        }
        Status::NotMet => {
            seen.not_met.insert(n.id.to_owned());
        }
        _ => {}
    }
    for c in &n.children {
        walk(c, seen);
    }
}

fn all_ids(n: &criteria::model::Node, any_children: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
    out.insert(n.id.clone());
    if let Some(children) = &n.any {
        any_children.extend(children.iter().map(|c| c.id.clone()));
    }
    for list in [&n.all, &n.any, &n.of].into_iter().flatten() {
        for c in list {
            all_ids(c, any_children, out);
        }
    }
    if let Some(c) = &n.not {
        all_ids(c, any_children, out);
    }
}

#[test]
fn corpus_fails_every_criterion_and_passes_every_alternative() {
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    // Criteria that cannot fail by construction, with the reason, from each case file. Keep
    // these lists short: an entry is a structural step, not a clinical criterion the corpus
    // could miss.
    let mut cannot_fail: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut gaps = Vec::new();
    for (name, file) in case_files() {
        let policy = policies::get(&file.policy).expect("policy");
        for exempt in &file.cannot_fail {
            if policy.criterion_label(&exempt.criterion).is_none() {
                gaps.push(format!(
                    "{name}: `cannot_fail` names {}, not a criterion of {}",
                    exempt.criterion, file.policy
                ));
            }
            if exempt.reason.trim().is_empty() {
                gaps.push(format!("{name}: `cannot_fail` {} gives no reason", exempt.criterion));
            }
        }
        cannot_fail
            .entry(file.policy.clone())
            .or_default()
            .extend(file.cannot_fail.iter().map(|e| e.criterion.clone()));
    }
    for (_, file) in case_files() {
        let policy = policies::get(&file.policy).expect("policy");
        for case in &file.cases {
            let as_of = Date::parse(&case.as_of).expect("as_of");
            let lob = case.line_of_business.as_deref().and_then(LineOfBusiness::parse);
            let (answers, _) = parse_answers(policy, &case.answers.to_string(), as_of).expect("answers");
            let r = evaluate(
                policy,
                &answers,
                &Context {
                    as_of,
                    line_of_business: lob,
                },
            );
            let entry = seen.entry(file.policy.clone()).or_default();
            for s in &r.sections {
                if let Some(t) = &s.tree {
                    walk(t, entry);
                }
            }
        }
    }
    let (mut total, mut covered) = (0, 0);
    for p in policies::all() {
        let mut ids = BTreeSet::new();
        let mut alternatives = BTreeSet::new();
        for s in &p.policy.sections {
            all_ids(&s.criteria, &mut alternatives, &mut ids);
        }
        let deny: BTreeSet<&str> = p
            .policy
            .sections
            .iter()
            .filter(|s| s.effect == criteria::model::Effect::Deny)
            .map(|s| s.criteria.id.as_str())
            .collect();
        let empty = Seen::default();
        let s = seen.get(&p.policy.id).unwrap_or(&empty);
        for id in &ids {
            total += 1;
            // A deny section's reason is shown, not evaluated as a failure of its own.
            let exempt = cannot_fail.get(&p.policy.id).is_some_and(|c| c.contains(id));
            if s.not_met.contains(id) || deny.contains(id.as_str()) || exempt {
                covered += 1;
            } else {
                gaps.push(format!("{}: {id} never fails", p.policy.id));
            }
        }
        for id in &alternatives {
            if !s.met.contains(id) {
                gaps.push(format!("{}: alternative {id} never succeeds", p.policy.id));
            }
        }
    }
    println!("{covered} of {total} criteria seen failing");
    assert!(gaps.is_empty(), "{} gaps:\n{}", gaps.len(), gaps.join("\n"));
}
