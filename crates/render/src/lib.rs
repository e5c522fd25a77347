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
mod trail;

pub use plain::plain;
pub use prefill::{inference, patient, prefill, reason as set_aside_reason, source};
pub use trail::{cited, decided, numbering, steps, Numbering, Printed, Step, Trail};

/// A count with its noun, singular for one: "1 line", "7 answers".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number with its unit, the unit's noun singular when the number reads "1": "1 line",
/// "1 syringe/day", "2 lines", "1 million cells". Units are the policy's, in English: a unit
/// whose first word (before any "/") is a plain plural drops its "s" for one.
pub fn quantity(value: f64, unit: &str) -> String {
    let mut text = format_number(value);
    if unit.is_empty() {
        return text;
    }
    let (noun, rest) = unit.split_at(unit.find('/').unwrap_or(unit.len()));
    let plural = noun.len() > 3
        && noun.bytes().all(|b| b.is_ascii_lowercase())
        && noun.ends_with('s')
        // Not a plural an "s" alone undoes ("inches", "therapies"), nor a singular ("status").
        && !["ss", "us", "is", "ies", "xes", "ches", "shes"].iter().any(|e| noun.ends_with(e));
    text.push(' ');
    if text == "1 " && plural {
        text.push_str(&noun[..noun.len() - 1]);
        text.push_str(rest);
    } else {
        text.push_str(unit);
    }
    text
}

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

/// The outcome and, while it is incomplete, how many answers are still needed: what the
/// verdict's live region announces on each change ("Incomplete: 7 answers still needed"), and
/// nothing more, so that a screen reader is not read the whole list on every keystroke.
pub fn announcement(o: Outcome, needed: usize) -> String {
    match o {
        Outcome::Incomplete if needed > 0 => {
            format!("Incomplete: {} still needed", count(needed as i64, "answer", "answers"))
        }
        _ => outcome(o).to_owned(),
    }
}

/// How many of the answers needed have been given ("3 of 7 needed answers given").
pub fn progress(answered: usize, needed: usize) -> String {
    format!(
        "{answered} of {} given",
        count(needed as i64, "needed answer", "needed answers")
    )
}

/// How many answers are still needed, for a compact bar ("1 answer needed").
pub fn needed(n: usize) -> String {
    format!("{} needed", count(n as i64, "answer", "answers"))
}

/// The outcome while it rests on inferred answers the user has not confirmed: "Meets, if the
/// 2 inferred answers are right: confirm them". `None` when it rests on none.
pub fn unconfirmed(o: Outcome, rests_on: usize) -> Option<String> {
    if rests_on == 0 {
        return None;
    }
    let (answers, them) = if rests_on == 1 {
        ("inferred answer is".to_owned(), "it")
    } else {
        (format!("{rests_on} inferred answers are"), "them")
    };
    Some(format!("{}, if the {answers} right: confirm {them}", outcome_short(o)))
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
        Answer::Number(n) => quantity(*n, q.and_then(|q| q.unit.as_deref()).unwrap_or_default()),
        Answer::Date(d) => d.to_string(),
        Answer::Choice(c) => option(c),
        // An empty list is an answer: none of the drugs or options offered.
        Answer::Many(items) if items.is_empty() => "none of these".into(),
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
    let unit = u.unit.unwrap_or_default();
    match &u.value {
        Shown::Blank => "not answered".into(),
        // The answer carries its question's unit.
        Shown::Answer { answer: a } => self::answer(policy, u.id, a),
        Shown::Number { value } => quantity(*value, unit),
        Shown::AtLeast { value } => format!("at least {}", quantity(*value, unit)),
        Shown::Absent => "not available (not done)".into(),
        Shown::DaysBefore { days } => format!("{} before the as-of date", count(*days, "day", "days")),
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
    let text = v.value.map_or("needs more answers".to_owned(), |x| quantity(x, unit));
    (label, text)
}

/// The approval's duration ("12 months (section II.A)").
pub fn approval_duration(a: &ApprovalResult<'_>) -> String {
    format!("{} ({})", a.duration, a.section)
}

/// The approved quantity: the policy's statement, the one computed from the answers, or both.
pub fn approval_quantity(a: &ApprovalResult<'_>) -> Option<String> {
    let computed = a.computed.map(|q| quantity(q.value, q.unit));
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
            "{policy} was last reviewed {last_review}, {} before the as-of date: check that the plan has not revised it.",
            count(*months, "month", "months")
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

#[cfg(test)]
mod tests {
    use criteria::Outcome;

    #[test]
    fn issue_21_counts_are_worded_in_the_singular_for_one() {
        assert_eq!(super::count(1, "line", "lines"), "1 line");
        assert_eq!(super::count(0, "day", "days"), "0 days");
        assert_eq!(super::quantity(1.0, "lines"), "1 line");
        assert_eq!(super::quantity(2.0, "lines"), "2 lines");
        assert_eq!(super::quantity(1.0, "syringes/day"), "1 syringe/day");
        // Plurals an "s" alone does not undo are left as they are.
        assert_eq!(super::quantity(1.0, "therapies"), "1 therapies");
        assert_eq!(super::quantity(1.0, "inches"), "1 inches");
        assert_eq!(super::quantity(1.5, "lines"), "1.5 lines");
        // Symbols, abbreviations and several words are left as they are.
        for unit in ["million cells", "mg/dL", "%", "kg", "g/dL", "mg/24 h", "category"] {
            assert_eq!(super::quantity(1.0, unit), format!("1 {unit}"));
        }
        assert_eq!(super::quantity(1.0, ""), "1");
        assert_eq!(super::needed(1), "1 answer needed");
        assert_eq!(super::progress(0, 1), "0 of 1 needed answer given");
        assert_eq!(super::progress(3, 7), "3 of 7 needed answers given");
    }

    #[test]
    fn issue_21_the_live_announcement_is_the_outcome_and_a_count() {
        assert_eq!(
            super::announcement(Outcome::Incomplete, 7),
            "Incomplete: 7 answers still needed"
        );
        assert_eq!(
            super::announcement(Outcome::Incomplete, 1),
            "Incomplete: 1 answer still needed"
        );
        assert_eq!(super::announcement(Outcome::Meets, 0), "Meets the criteria");
        assert_eq!(
            super::announcement(Outcome::DoesNotMeet, 3),
            "Does not meet the criteria"
        );
    }
}
