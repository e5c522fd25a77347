//! The words of a prefill: where each proposed answer came from, and why a resource was set
//! aside ("Observation o-12, 2026-11-12: 12 g/L").

use std::fmt::Write as _;

use criteria::LoadedPolicy;
use interop::prefill::{Inference, Patient, Prefill, Reason, Source};

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

/// The patient a record is of, as the screen names them: "Ana Ruiz, born 1958-04-12, MRN
/// 12345", or the record's id when it names nobody.
pub fn patient(p: &Patient) -> String {
    let mut out = p.name.clone().unwrap_or_else(|| format!("Patient {}", p.id));
    if let Some(b) = &p.birth_date {
        out.push_str(", born ");
        out.push_str(b);
    }
    if let Some(i) = &p.identifier {
        out.push_str(", identifier ");
        out.push_str(i);
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
        Reason::NoRange => "has no reference range to read it against".into(),
        Reason::NotActive { status } => format!("no longer active ({status})"),
        Reason::Unit { unit } => format!("`{unit}` does not convert to the question's unit"),
        Reason::Superseded { by } => format!("a more recent result ({by}) is used"),
        Reason::Refused { message } => format!("not a valid answer: {message}"),
    }
}

/// How an inferred answer was worked out, for the user who confirms it.
pub fn inference(policy: &LoadedPolicy, i: &Inference) -> String {
    let drug = |id: &String| {
        policy
            .policy
            .drugs
            .iter()
            .find(|d| &d.id == id)
            .map_or(id.clone(), |d| d.label.clone())
    };
    match i {
        Inference::Lines {
            progressions,
            unsettled,
        } => {
            let mut s = if progressions.is_empty() {
                "Grouped into lines from the medication history: no progression is recorded, so every regimen is counted in one line".to_owned()
            } else {
                format!(
                    "Grouped into lines from the medication history: a new line begins after each progression the record documents ({})",
                    progressions.join(", ")
                )
            };
            if !unsettled.is_empty() {
                let regimens: Vec<String> = unsettled
                    .iter()
                    .map(|r| {
                        let drugs: Vec<String> = r.drugs.iter().map(drug).collect();
                        format!("{} begun {}", drugs.join(" and "), r.start)
                    })
                    .collect();
                let _ = write!(
                    s,
                    ". With no progression recorded before them, these are counted in the line they follow: {}. If one began a new line (after progression, or for toxicity or lack of response), add that line",
                    regimens.join("; ")
                );
            }
            s.push('.');
            s
        }
        Inference::LatestCourse { courses } => {
            format!("The latest of {courses} courses in the record; answer for another trial if that is the one the policy asks about.")
        }
        Inference::Combined { results } => {
            format!("Read from {results} results together: abnormal if any is outside its reference range.")
        }
        Inference::Highest { results } => format!("The highest of {results} results of the same day."),
        Inference::NotSince { last } => {
            format!("No record of the drug since {last}: taken as no longer given. Check it was stopped.")
        }
        Inference::Since { date } => format!("Diagnosed by {date}: at least that long, counting from the diagnosis."),
        Inference::Context => {
            "The record holds it, but cannot say it is this request's: check it is.".to_owned()
        }
        Inference::Orders => {
            "Read from prescriptions alone: check the drug was taken, and when.".to_owned()
        }
        Inference::Relapse => {
            "Dated by a relapse diagnosis's onset, not by an assessment: check it is the date progression was documented.".to_owned()
        }
        Inference::AfterCourse { began } => format!(
            "The first progression the record documents after the course that began {began}: check it came during that course or after it."
        ),
        Inference::AtProgression { date } => {
            format!("The result of {date}, the day the record documents progression; check it is the progression assessment's.")
        }
        Inference::Nadir { from, to, results } => format!(
            "The lowest of {} from {from}, when the line began, to the progression documented {to}.",
            crate::count(*results as i64, "result", "results")
        ),
    }
}

/// A prefill as text: each proposal with its source, then what was set aside.
pub fn prefill(policy: &LoadedPolicy, p: &Prefill) -> String {
    let mut s = String::new();
    let prompt = |id: &str| policy.question(id).map_or(id.to_owned(), |q| q.prompt.clone());
    let _ = writeln!(s, "Record of {}\n", patient(&p.patient));
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
        if let Some(i) = &x.inferred {
            let _ = writeln!(s, "    Inferred, confirm it: {}", inference(policy, i));
        }
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
