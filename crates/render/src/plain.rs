//! The whole result as plain text, for a clinician reading a terminal (`precheck check`) and for
//! the reviewed snapshots of the case corpus.

use std::fmt::Write as _;

use criteria::{Evaluation, LoadedPolicy, Outcome, Status};

use crate::trail::{numbering, steps, Printed, Step, Trail};

fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "[met]     ",
        Status::NotMet => "[NOT MET] ",
        Status::Unknown => "[unknown] ",
        Status::NotApplicable => "[n/a]     ",
    }
}

/// The whole result as text: verdict first, then what to do, then the criteria trail.
pub fn plain(policy: &LoadedPolicy, r: &Evaluation<'_>) -> String {
    let mut s = String::new();
    let p = &r.policy;
    let _ = writeln!(s, "{} ({})", p.title, p.id);
    let _ = writeln!(s, "{}; {}. {}.", p.issuer, p.plan, capitalized(&crate::policy_dates(p)));
    if let Some(warning) = crate::stale_warning(&r.notes) {
        let _ = writeln!(s, "WARNING: {warning}");
    }
    let _ = writeln!(
        s,
        "As of {}; line of business: {}.",
        r.as_of,
        crate::line_of_business(r.line_of_business)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "RESULT: {}", crate::outcome(r.outcome).to_uppercase());
    if !r.failed.is_empty() {
        let _ = writeln!(s, "\nCriteria not met:");
        for id in &r.failed {
            let label = policy.criterion_label(id).unwrap_or("");
            let _ = writeln!(s, "  - {}: {label}", numbering(id).cited());
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
        let _ = writeln!(s, "\nIf approved: {}", crate::approval_duration(a));
        if let Some(q) = crate::approval_quantity(a) {
            let _ = writeln!(s, "  Quantity: {q}");
        }
    }
    if !r.dose_checks.is_empty() {
        let _ = writeln!(s, "\nDose checks:");
        for d in &r.dose_checks {
            let values: Vec<String> = d
                .used
                .iter()
                .filter(|u| !u.value.is_blank())
                .map(|u| crate::used(policy, u))
                .collect();
            let _ = writeln!(
                s,
                "  {}{}: {} ({})",
                mark(d.status),
                numbering(d.criterion).cited(),
                d.label,
                values.join("; ")
            );
        }
    }
    if r.outcome == Outcome::Refer && !r.refer_to.is_empty() {
        let _ = writeln!(s, "\nRefer to:");
        for t in &r.refer_to {
            let _ = writeln!(s, "  - {}", crate::referral(t));
        }
    }
    if !r.values.is_empty() {
        let _ = writeln!(s, "\nCalculated:");
        for v in &r.values {
            let (label, value) = crate::value(v);
            let _ = writeln!(s, "  {label}: {value}");
        }
    }
    let notes: Vec<String> = crate::listed_notes(&r.notes).map(crate::note).collect();
    if !notes.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for n in &notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    if !r.documentation_gaps.is_empty() {
        let _ = writeln!(s, "\nDocumentation missing (the plan asks for it with the request):");
        for g in &r.documentation_gaps {
            let _ = writeln!(s, "  - {}", crate::documentation_gap(g));
        }
    }
    if !r.documentation.is_empty() {
        let _ = writeln!(s, "\nSend with the request:");
        for d in &r.documentation {
            let _ = writeln!(s, "  - {d}");
        }
    }
    let _ = writeln!(s, "\nCriteria trail:");
    // A list of answers prints in full once in the text; later uses point back to it.
    let mut printed = Printed::once();
    for sec in &r.sections {
        if sec.applies == Status::NotMet {
            continue;
        }
        let _ = writeln!(s, "  {}{} {}", mark(sec.status), sec.id, sec.title);
        for step in steps(policy, sec, Trail::Settled, &mut printed) {
            node(&mut s, &step, 2);
        }
    }
    let _ = writeln!(s, "\n{}", r.caveat);
    s
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn node(s: &mut String, n: &Step<'_>, depth: usize) {
    let indent = "  ".repeat(depth);
    match n.number {
        Some(number) => {
            let _ = writeln!(s, "{indent}{}{number} {}", mark(n.status), n.label);
        }
        None => {
            let _ = writeln!(s, "{indent}{}{}", mark(n.status), n.label);
        }
    }
    if let Some(reading) = n.reading {
        let _ = writeln!(s, "{indent}            Reading: {reading}");
    }
    for line in &n.answers {
        let _ = writeln!(s, "{indent}            {line}");
    }
    for c in &n.children {
        node(s, c, depth + 1);
    }
}
