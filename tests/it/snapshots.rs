//! A reviewed snapshot of every corpus case's whole explanation (insta): the verdict, and every
//! criterion of every section that applies with its status, rule and the answers and values it
//! used, as the front ends render them. The corpus itself checks outcome, failed, missing and
//! referrals; a snapshot also catches a change anywhere in the trail. A change is reviewed with
//! `cargo insta review` (or accepted with `INSTA_UPDATE=always cargo test -p precheck-tests`),
//! and CI, which writes nothing, fails on any snapshot that differs or is missing.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use criteria::{evaluate, parse_answers, Context, Date, Evaluation, LineOfBusiness, LoadedPolicy, NodeResult, Note};
use precheck_tests::{case_files, Case};

fn mark(status: criteria::Status) -> &'static str {
    match status {
        criteria::Status::Met => "met",
        criteria::Status::NotMet => "NOT MET",
        criteria::Status::Unknown => "unknown",
        criteria::Status::NotApplicable => "n/a",
    }
}

/// `Relapsed, refractory: 4+ lines` → `relapsed-refractory-4-lines`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-')
        .chars()
        .take(90)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

fn note(n: &Note<'_>) -> String {
    match n {
        Note::StaleReview { months, .. } => format!("stale review ({months} months)"),
        Note::Policy { .. } => "policy note".into(),
        Note::Section { section, .. } => format!("note of section {section}"),
        Note::NoSection => "no section covers the request".into(),
        Note::UnlistedLineOfBusiness { line_of_business } => {
            format!("line of business {} not listed", line_of_business.as_str())
        }
        Note::NotComputable => "a value cannot be computed".into(),
    }
}

fn node(s: &mut String, policy: &LoadedPolicy, n: &NodeResult<'_>, depth: usize) {
    let indent = "  ".repeat(depth);
    let gate = n.gate.map(|g| format!(" (gate {})", mark(g))).unwrap_or_default();
    let _ = writeln!(s, "{indent}[{}] {} {}{gate}", mark(n.status), n.id, n.rule);
    for u in &n.used {
        let _ = writeln!(s, "{indent}    {} = {}", u.id, render::shown(policy, u));
    }
    for r in &n.refer {
        let _ = writeln!(s, "{indent}    refers: {}", render::referral(r));
    }
    for c in &n.children {
        node(s, policy, c, depth + 1);
    }
}

/// The whole explanation as reviewable text.
fn explanation(policy: &LoadedPolicy, r: &Evaluation<'_>) -> String {
    let mut s = String::new();
    let lob = r.line_of_business.map_or("none", LineOfBusiness::as_str);
    let _ = writeln!(s, "{} as of {}, line of business {lob}", r.policy.id, r.as_of);
    let _ = writeln!(s, "outcome: {}", r.outcome.as_str());
    let list = |items: &[&str]| {
        if items.is_empty() {
            "-".to_owned()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(s, "failed: {}", list(&r.failed));
    let _ = writeln!(s, "missing: {}", list(&r.missing));
    let _ = writeln!(s, "relevant: {}", list(&r.relevant));
    let _ = writeln!(s, "progress: {} of {}", r.progress.answered, r.progress.needed);
    for t in &r.refer_to {
        let _ = writeln!(s, "refer to: {}", render::referral(t));
    }
    if let Some(a) = &r.approval {
        let quantity = render::approval_quantity(a)
            .map(|q| format!("; {q}"))
            .unwrap_or_default();
        let _ = writeln!(s, "approval: {}{quantity}", render::approval_duration(a));
    }
    for d in &r.dose_checks {
        let used: Vec<String> = d
            .used
            .iter()
            .map(|u| format!("{} = {}", u.id, render::shown(policy, u)))
            .collect();
        let _ = writeln!(
            s,
            "dose check [{}] {}: {}",
            mark(d.status),
            d.criterion,
            used.join("; ")
        );
    }
    for v in &r.values {
        let (label, value) = render::value(v);
        let _ = writeln!(s, "value {} ({label}): {value}", v.id);
    }
    let notes: Vec<String> = r.notes.iter().map(note).collect();
    let _ = writeln!(
        s,
        "notes: {}",
        if notes.is_empty() { "-".into() } else { notes.join("; ") }
    );
    for sec in &r.sections {
        let _ = writeln!(
            s,
            "section {} applies {}, {}",
            sec.id,
            mark(sec.applies),
            mark(sec.status)
        );
        if let Some(tree) = &sec.tree {
            node(&mut s, policy, tree, 1);
        }
    }
    s
}

fn run(policy: &LoadedPolicy, case: &Case) -> String {
    let Some(as_of) = Date::parse(&case.as_of) else {
        return format!("bad as_of `{}`", case.as_of);
    };
    let line_of_business = case.line_of_business.as_deref().and_then(LineOfBusiness::parse);
    match parse_answers(policy, &case.answers.to_string(), as_of) {
        Ok((answers, errors)) if errors.is_empty() => {
            let ctx = Context {
                as_of,
                line_of_business,
            };
            explanation(policy, &evaluate(policy, &answers, &ctx))
        }
        Ok((_, errors)) => format!("answer errors: {errors:?}"),
        Err(e) => format!("answers: {e}"),
    }
}

#[test]
fn every_corpus_case_has_a_reviewed_explanation() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    let mut names = BTreeSet::new();
    let mut count = 0;
    for (file, cases) in case_files() {
        let policy = policies::get(&cases.policy).expect("a case file names a policy of the library");
        let stem = file.trim_end_matches(".json");
        for case in &cases.cases {
            let name = format!("{stem}__{}", slug(&case.name));
            assert!(
                names.insert(name.clone()),
                "two cases of {file} make the snapshot name {name}"
            );
            insta::assert_snapshot!(name, run(policy, case));
            count += 1;
        }
    }
    assert!(count > 200, "only {count} corpus cases");
    // A snapshot whose case is gone (renamed, removed) is deleted, not left to mislead.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/it/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(dir)
        .expect("the snapshot folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".snap") && !names.contains(f.trim_end_matches(".snap")))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots of no corpus case, to delete: {orphans:?}"
    );
}
