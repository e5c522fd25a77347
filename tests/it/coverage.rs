//! The corpus must exercise every criterion: each one seen failing in some case, and each
//! alternative of every "any" node seen succeeding in some case. A criterion that cannot fail
//! by construction is listed, with the reason, in its case file's `cannot_fail`.

use std::collections::BTreeMap;

use precheck_tests::{case_files, CaseFile};

#[test]
fn corpus_fails_every_criterion_and_passes_every_alternative() {
    let files = case_files();
    let mut gaps = Vec::new();
    // Criteria that cannot fail by construction, with the reason, from each case file. Keep
    // these lists short: an entry is a structural step, not a clinical criterion the corpus
    // could miss.
    for (name, file) in &files {
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
    }
    let by_policy: BTreeMap<&str, Vec<&CaseFile>> = files.iter().fold(BTreeMap::new(), |mut m, (_, f)| {
        m.entry(f.policy.as_str()).or_default().push(f);
        m
    });
    let (mut total, mut covered) = (0, 0);
    for p in policies::all() {
        let c = authoring::coverage::coverage(p, by_policy.get(p.policy.id.as_str()).map_or(&[][..], Vec::as_slice));
        total += c.criteria;
        covered += c.criteria - c.never_failed.len();
        gaps.extend(
            c.never_failed
                .iter()
                .map(|id| format!("{}: {id} never fails", p.policy.id)),
        );
        gaps.extend(
            c.alternatives_never_met
                .iter()
                .map(|id| format!("{}: alternative {id} never succeeds", p.policy.id)),
        );
    }
    assert!(total > 250, "{total} criteria");
    println!("{covered} of {total} criteria seen failing");
    assert!(gaps.is_empty(), "{} gaps:\n{}", gaps.len(), gaps.join("\n"));
}
