//! The words of a prefill: where each proposed answer came from, and why a resource was set
//! aside ("Observation o-12, 2026-11-12: 12 g/L").

use std::fmt::Write as _;

use criteria::LoadedPolicy;
use interop::prefill::{Prefill, Reason, Source};

/// A resource as a source line: "Observation o-12, 2026-11-12: 12 g/L".
pub fn source(s: &Source) -> String {
    let mut out = s.resource_type.clone();
    if !s.id.is_empty() {
        out.push(' ');
        out.push_str(&s.id);
    }
    if let Some(d) = &s.date {
        out.push_str(", ");
        out.push_str(d);
    }
    if let Some(v) = &s.value {
        out.push_str(": ");
        out.push_str(v);
        if let Some(u) = &s.unit {
            out.push(' ');
            out.push_str(u);
        }
    }
    out
}

/// Why a resource was set aside.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::EnteredInError => "entered in error".into(),
        Reason::NotFinal { status } if status == "inactive" => "an inactive role".into(),
        Reason::NotFinal { status } if status == "not-done" => "recorded as not done".into(),
        Reason::NotFinal { status } => format!("not a final result ({status})"),
        Reason::OutsideWindow { days, within_days } => {
            format!(
                "{} old; the policy counts results from the last {}",
                crate::count(*days, "day", "days"),
                crate::count(i64::from(*within_days), "day", "days")
            )
        }
        Reason::AfterAsOf => "dated after the as-of date".into(),
        Reason::NoDate => "has no date".into(),
        Reason::NoValue => "has no value in a unit".into(),
        Reason::Unit { unit } => format!("`{unit}` does not convert to the question's unit"),
        Reason::Superseded { by } => format!("a more recent result ({by}) is used"),
        Reason::Refused { message } => format!("not a valid answer: {message}"),
    }
}

/// A prefill as text: each proposal with its source, then what was set aside.
pub fn prefill(policy: &LoadedPolicy, p: &Prefill) -> String {
    let mut s = String::new();
    let prompt = |id: &str| policy.question(id).map_or(id.to_owned(), |q| q.prompt.clone());
    if p.proposals.is_empty() {
        let _ = writeln!(s, "The record answers none of this policy's questions.");
    } else {
        let _ = writeln!(s, "Proposed from the record (confirm each before you rely on it):");
    }
    for x in &p.proposals {
        // The prefill checked the answer against the as-of date already; read it back to say it.
        let latest = criteria::Date::parse("9999-12-31").unwrap_or(criteria::Date::UNIX_EPOCH);
        let answer = criteria::check_answer(policy, &x.question, &x.answer, latest)
            .map_or_else(|_| x.answer.to_string(), |a| crate::answer(policy, &x.question, &a));
        let from: Vec<String> = x.sources.iter().map(source).collect();
        let _ = writeln!(s, "  - {}: {answer} ({})", prompt(&x.question), from.join("; "));
    }
    if p.unreadable > 0 {
        let _ = writeln!(
            s,
            "\n{} record entries could not be read and were skipped.",
            p.unreadable
        );
    }
    if !p.ignored.is_empty() {
        let _ = writeln!(s, "\nSet aside:");
        for i in &p.ignored {
            let _ = writeln!(
                s,
                "  - {} for {}: {}",
                source(&i.source),
                prompt(&i.question),
                reason(&i.reason)
            );
        }
    }
    s
}
