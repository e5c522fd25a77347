//! The words of a result. The engine explains a verdict as data (statuses, criterion ids,
//! answers used, notes as kinds); this crate turns that data into the sentences a clinician
//! reads, once, for every front end: the CLI's text, the app's verdict and trail, and the
//! printed summary. Pure, no I/O; builds for `wasm32-unknown-unknown`.
//!
//! Labels, prompts and notes written in a policy file are the policy's own paraphrases and are
//! shown as they are; everything else a result says is phrased here.

use criteria::model::{LineOfBusiness, Referral};
use criteria::{
    format_number, Answer, ApprovalResult, LoadedPolicy, Note, Outcome, PolicyInfo, Shown, Status, Used, ValueKind,
    ValueResult,
};

mod plain;
mod prefill;

pub use plain::plain;
pub use prefill::{prefill, reason as set_aside_reason, source};

/// The outcome as a heading.
pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Meets => "Meets the criteria",
        Outcome::DocumentationIncomplete => "Meets the criteria; documentation incomplete",
        Outcome::DoesNotMeet => "Does not meet the criteria",
        Outcome::Incomplete => "Incomplete: answers still needed",
        Outcome::Refer => "Refer: handled under another policy or review",
    }
}

/// The outcome in a word or two, for a compact bar.
pub fn outcome_short(o: Outcome) -> &'static str {
    match o {
        Outcome::Meets => "Meets",
        Outcome::DocumentationIncomplete => "Meets; documents missing",
        Outcome::DoesNotMeet => "Does not meet",
        Outcome::Incomplete => "Incomplete",
        Outcome::Refer => "Refer",
    }
}

/// Documentation the answers show missing, as a line of the verdict: the policy's words, and
/// how many lines lack their date where that is the gap.
pub fn documentation_gap(g: &criteria::DocumentationGap<'_>) -> String {
    match g.undated_lines {
        Some(1) => format!("{} (1 prior line has no start date)", g.text),
        Some(n) => format!("{} ({n} prior lines have no start date)", g.text),
        None => g.text.to_owned(),
    }
}

/// Ids a revision adds to a list and removes from it, as `+id` and `-id` (added first), one
/// space apart; empty when the list did not change.
pub fn list_change(c: &criteria::diff::ListChange) -> String {
    let added = c.added.iter().map(|id| format!("+{id}"));
    let removed = c.removed.iter().map(|id| format!("-{id}"));
    added.chain(removed).collect::<Vec<_>>().join(" ")
}

/// A criterion's status in words, or `absent` for a criterion a version of the policy lacks.
pub fn status_in(s: Option<Status>) -> &'static str {
    s.map_or("absent", status)
}

/// A criterion's status in words.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::NotMet => "not met",
        Status::Unknown => "unknown",
        Status::NotApplicable => "not applicable",
    }
}

/// The line of business, or that none was given.
pub fn line_of_business(lob: Option<LineOfBusiness>) -> &'static str {
    lob.map_or("not given", LineOfBusiness::label)
}

/// The policy's dates: "effective 2025-05-01, last reviewed 2025-04".
pub fn policy_dates(p: &PolicyInfo<'_>) -> String {
    format!(
        "effective {}, last reviewed {}",
        p.effective.unwrap_or("not stated"),
        p.last_review
    )
}

/// An answer as a clinician reads it: option and drug labels, not ids.
pub fn answer(policy: &LoadedPolicy, question: &str, answer: &Answer) -> String {
    let q = policy.question(question);
    let option = |v: &str| -> String {
        q.and_then(|q| q.options.iter().find(|o| o.value == v))
            .map_or(v, |o| o.label.as_str())
            .to_owned()
    };
    let has_options = q.is_some_and(|q| !q.options.is_empty());
    match answer {
        Answer::Bool(true) => "yes".into(),
        Answer::Bool(false) => "no".into(),
        Answer::Number(n) => match q.and_then(|q| q.unit.as_deref()) {
            Some(unit) => format!("{} {unit}", format_number(*n)),
            None => format_number(*n),
        },
        Answer::Date(d) => d.to_string(),
        Answer::Choice(c) => option(c),
        Answer::Many(items) if items.is_empty() => "none".into(),
        Answer::Many(items) if has_options => items.iter().map(|v| option(v)).collect::<Vec<_>>().join(", "),
        Answer::Many(items) => items
            .iter()
            .map(|d| policy.drug_label(d))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Lines(lines) if lines.is_empty() => "no prior lines".into(),
        Answer::Lines(lines) => lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut drugs: Vec<&str> = line.drugs.iter().map(|d| policy.drug_label(d)).collect();
                if line.unknown_drugs {
                    drugs.push(if line.drugs.is_empty() {
                        "drugs not documented"
                    } else {
                        "other drugs not documented"
                    });
                }
                match line.start {
                    Some(d) => format!("line {} (from {d}): {}", i + 1, drugs.join(" + ")),
                    None => format!("line {}: {}", i + 1, drugs.join(" + ")),
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        Answer::NotDone => "not done".into(),
        Answer::Partial(inner) => match inner.as_ref() {
            Answer::Many(items) if items.is_empty() => "none known so far".into(),
            Answer::Lines(lines) if lines.is_empty() => "no lines known so far".into(),
            other => format!("{}, and possibly more", self::answer(policy, question, other)),
        },
    }
}

/// What a criterion used, as its value reads ("1.2 g/dL", "not answered").
pub fn shown(policy: &LoadedPolicy, u: &Used<'_>) -> String {
    let unit = |text: String| match u.unit {
        Some(unit) => format!("{text} {unit}"),
        None => text,
    };
    match &u.value {
        Shown::Blank => "not answered".into(),
        // The answer carries its question's unit.
        Shown::Answer { answer: a } => self::answer(policy, u.id, a),
        Shown::Number { value } => unit(format_number(*value)),
        Shown::AtLeast { value } => unit(format!("at least {}", format_number(*value))),
        Shown::Absent => "not available (not done)".into(),
        Shown::DaysBefore { days } => format!("{days} days before the as-of date"),
    }
}

/// What a criterion used, with its label: "Serum M-protein: 1.2 g/dL".
pub fn used(policy: &LoadedPolicy, u: &Used<'_>) -> String {
    format!("{}: {}", u.label, shown(policy, u))
}

/// A computed value's label and its value ("needs more answers" until it can be computed).
pub fn value(v: &ValueResult<'_>) -> (String, String) {
    let label = match v.kind {
        ValueKind::DaysSince => format!("Days since: {}", v.label),
        ValueKind::Derived => v.label.to_owned(),
    };
    let unit = match v.kind {
        ValueKind::DaysSince => "days",
        ValueKind::Derived => v.unit,
    };
    let text = v.value.map_or("needs more answers".to_owned(), |x| {
        if unit.is_empty() {
            format_number(x)
        } else {
            format!("{} {unit}", format_number(x))
        }
    });
    (label, text)
}

/// The approval's duration ("12 months (section II.A)").
pub fn approval_duration(a: &ApprovalResult<'_>) -> String {
    format!("{} ({})", a.duration, a.section)
}

/// The approved quantity: the policy's statement, the one computed from the answers, or both.
pub fn approval_quantity(a: &ApprovalResult<'_>) -> Option<String> {
    let computed = a.computed.map(|q| format!("{} {}", format_number(q.value), q.unit));
    match (a.quantity, computed) {
        (Some(text), Some(c)) => Some(format!("{text}: {c}")),
        (Some(text), None) => Some(text.to_owned()),
        (None, c) => c,
    }
}

/// Where a request goes instead: "Medicaid: CP.PMN.53 the plan's policy for ...".
pub fn referral(r: &Referral) -> String {
    let lob = r
        .line_of_business
        .map(|l| format!("{}: ", l.label()))
        .unwrap_or_default();
    let policy = r.policy.as_deref().map(|p| format!("{p} ")).unwrap_or_default();
    format!("{lob}{policy}{}", r.label)
}

/// The other policies a policy's answers may send a request to, for a code's look-up.
pub fn routes(targets: &[&Referral]) -> String {
    let list: Vec<String> = targets.iter().map(|r| referral(r)).collect();
    format!("depending on the answers, may be referred to: {}", list.join("; "))
}

/// A note on a result.
pub fn note(n: &Note<'_>) -> String {
    match n {
        Note::StaleReview {
            policy,
            last_review,
            months,
        } => format!(
            "{policy} was last reviewed {last_review}, {months} months before the as-of date: check that the plan has not revised it."
        ),
        Note::Policy { text } | Note::Section { text, .. } => (*text).to_owned(),
        Note::NoSection => "No section of this policy covers the request as answered.".into(),
        Note::UnlistedLineOfBusiness { line_of_business } => format!(
            "This policy does not list the {} line of business; check the plan's policy for it.",
            line_of_business.label()
        ),
        Note::NotComputable => "A value could not be computed from the answers given (for example a division by zero); check the numbers entered.".into(),
    }
}

/// The notes a result lists under "Notes": all but the stale-review warning, which every front
/// end shows once, at the top, with the policy's dates.
pub fn listed_notes<'a, 'p>(notes: &'a [Note<'p>]) -> impl Iterator<Item = &'a Note<'p>> {
    notes.iter().filter(|n| !matches!(n, Note::StaleReview { .. }))
}

/// The stale-review warning, where the result carries one.
pub fn stale_warning(notes: &[Note<'_>]) -> Option<String> {
    notes.iter().find(|n| matches!(n, Note::StaleReview { .. })).map(note)
}
