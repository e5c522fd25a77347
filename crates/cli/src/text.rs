//! The plain-text rendering of a result, for a clinician reading a terminal.

use std::fmt::Write as _;

use criteria::{Evaluation, LoadedPolicy, NodeResult, Outcome, Status};

fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "[met]     ",
        Status::NotMet => "[NOT MET] ",
        Status::Unknown => "[unknown] ",
        Status::NotApplicable => "[n/a]     ",
    }
}

/// The whole result as text: verdict first, then what to do, then the criteria trail.
pub fn render(policy: &LoadedPolicy, r: &Evaluation<'_>) -> String {
    let mut s = String::new();
    let p = &r.policy;
    let _ = writeln!(s, "{} ({})", p.title, p.id);
    let _ = writeln!(
        s,
        "{}; {}. Effective {}, last reviewed {}.",
        p.issuer,
        p.plan,
        p.effective.unwrap_or("not stated"),
        p.last_review
    );
    if r.freshness.stale {
        let _ = writeln!(
            s,
            "WARNING: last reviewed {} months before the as-of date; check that this is the plan's current version.",
            r.freshness.months_since_review
        );
    }
    let lob = r
        .line_of_business
        .map_or("not given".to_owned(), |l| l.label().to_owned());
    let _ = writeln!(s, "As of {}; line of business: {lob}.", r.as_of);
    let _ = writeln!(s);
    let _ = writeln!(s, "RESULT: {}", r.outcome.label().to_uppercase());
    if !r.failed.is_empty() {
        let _ = writeln!(s, "\nCriteria not met:");
        for id in &r.failed {
            let label = policy.criterion_label(id).unwrap_or("");
            let _ = writeln!(s, "  - {id}: {label}");
        }
    }
    if !r.missing.is_empty() {
        let _ = writeln!(
            s,
            "\nStill needed ({} of {} answered):",
            r.progress.answered, r.progress.needed
        );
        for id in &r.missing {
            let prompt = policy.question(id).map_or("", |q| q.prompt.as_str());
            let _ = writeln!(s, "  - {id}: {prompt}");
        }
    }
    if let Some(a) = &r.approval {
        let _ = writeln!(s, "\nApproval ({}): {}", a.section, a.duration);
        if let Some(q) = &a.quantity {
            let _ = writeln!(s, "  Quantity: {q}");
        }
    }
    if !r.dose_checks.is_empty() {
        let _ = writeln!(s, "\nDose checks:");
        for d in &r.dose_checks {
            let values: Vec<String> = d
                .used
                .iter()
                .map(|u| {
                    format!(
                        "{} = {}{}",
                        u.label,
                        u.value.as_deref().unwrap_or("?"),
                        u.unit.map(|x| format!(" {x}")).unwrap_or_default()
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "  {}{}: {} ({})",
                mark(d.status),
                d.criterion,
                d.label,
                values.join("; ")
            );
        }
    }
    if r.outcome == Outcome::Refer && !r.refer_to.is_empty() {
        let _ = writeln!(s, "\nRefer to:");
        for t in &r.refer_to {
            let lob = t
                .line_of_business
                .map(|l| format!("{}: ", l.label()))
                .unwrap_or_default();
            let policy = t.policy.as_deref().map(|p| format!("{p} ")).unwrap_or_default();
            let _ = writeln!(s, "  - {lob}{policy}{}", t.label);
        }
    }
    if !r.values.is_empty() {
        let _ = writeln!(s, "\nCalculated:");
        for v in &r.values {
            let value = v.value.map_or("not yet computable".to_owned(), |x| {
                format!("{} {}", criteria::format_number(x), v.unit)
            });
            let _ = writeln!(s, "  {}: {value}", v.label);
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for n in &r.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    if !r.documentation.is_empty() {
        let _ = writeln!(s, "\nSend with the request:");
        for d in &r.documentation {
            let _ = writeln!(s, "  - {d}");
        }
    }
    let _ = writeln!(s, "\nCriteria trail:");
    for sec in &r.sections {
        if sec.applies == Status::NotMet {
            continue;
        }
        let _ = writeln!(s, "  {}{} {}", mark(sec.status), sec.id, sec.title);
        match &sec.tree {
            // A root that repeats the section's id adds a line but no information.
            Some(tree) if tree.id == sec.id && tree.used.is_empty() => {
                for c in &tree.children {
                    node(&mut s, c, 2);
                }
            }
            Some(tree) => node(&mut s, tree, 2),
            None => {}
        }
    }
    let _ = writeln!(s, "\n{}", r.caveat);
    s
}

fn node(s: &mut String, n: &NodeResult<'_>, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(s, "{indent}{}{} {}", mark(n.status), n.id, n.label);
    for u in &n.used {
        let value = u.value.as_deref().unwrap_or("not answered");
        let unit = u.unit.map(|x| format!(" {x}")).unwrap_or_default();
        let _ = writeln!(s, "{indent}            {}: {value}{unit}", u.label);
    }
    if n.status == Status::NotApplicable {
        return;
    }
    if n.rule == "not" {
        // The negated child reads backwards to a clinician; show only the answers it used.
        let mut used = Vec::new();
        collect_used(n, &mut used);
        for (label, value) in used {
            let _ = writeln!(s, "{indent}            {label}: {value}");
        }
        return;
    }
    for c in &n.children {
        // Once an alternative is met, the other alternatives no longer matter.
        if n.rule == "any" && n.status == Status::Met && c.status != Status::Met {
            continue;
        }
        node(s, c, depth + 1);
    }
}

fn collect_used(n: &NodeResult<'_>, out: &mut Vec<(String, String)>) {
    for c in &n.children {
        for u in &c.used {
            let value = u.value.as_deref().unwrap_or("not answered");
            let unit = u.unit.map(|x| format!(" {x}")).unwrap_or_default();
            let entry = (u.label.to_owned(), format!("{value}{unit}"));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        collect_used(c, out);
    }
}
