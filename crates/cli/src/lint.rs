//! `precheck lint`: a policy file checked as its author needs it, on the authoring core
//! (`authoring::lint`): every problem at its line and column, the texts that repeat the source
//! document's words, each case of a case file run with its differences, and the criteria the
//! cases leave unexercised, and, against an earlier version, every case whose result the
//! revision changes, with the criteria where the change starts. Problems and failing cases fail
//! the command; copies and coverage are warnings; the revision's changes are reported.

use std::io::Write;

use authoring::lint::Cases;

use crate::CliError;

/// What `lint` found, for the exit code.
pub struct Linted {
    pub errors: usize,
    pub warnings: usize,
}

pub fn lint(
    out: &mut dyn Write,
    file: &str,
    text: &str,
    source: Option<(&str, &str)>,
    cases: Option<(&str, &str)>,
    earlier: Option<(&str, &str)>,
) -> Result<Linted, CliError> {
    let io = |e| CliError::io("cannot write")(e);
    let earlier_name = earlier.map(|(n, _)| n);
    let earlier = match (earlier, cases) {
        (Some(_), None) => {
            return Err(CliError::Input(
                "--earlier compares the cases under both versions: give --cases too".into(),
            ))
        }
        (Some((name, text)), Some(_)) => Some(
            criteria::LoadedPolicy::from_json(name, text)
                .map_err(|e| CliError::Input(format!("the earlier version: {e}")))?,
        ),
        (None, _) => None,
    };
    let (policy, found) = authoring::lint::lint(
        file,
        text,
        cases.map(|(_, t)| t),
        source.map(|(_, t)| t),
        earlier.as_ref(),
    );
    let mut warnings = 0;
    for p in &found.problems {
        writeln!(out, "{file}:{}:{}: error: {}: {}", p.line, p.column, p.path, p.message).map_err(io)?;
    }
    let Some(policy) = policy else {
        return Ok(Linted {
            errors: found.errors(),
            warnings,
        });
    };
    if let Some((name, _)) = source {
        for c in &found.copies {
            writeln!(
                out,
                "{file}:{}:{}: warning: {}: repeats {} words of {name} (paraphrase it and cite the criterion): \"{}\"",
                c.line, c.column, c.path, c.count, c.words
            )
            .map_err(io)?;
            warnings += 1;
        }
    }
    if let (Some((name, _)), Some(report)) = (cases, &found.cases) {
        let report = match report {
            Cases::Refused { message } => return Err(CliError::Input(format!("{name}: {message}"))),
            Cases::Ran(r) => r,
        };
        for c in &report.results {
            for d in &c.differences {
                writeln!(out, "{name}: error: {}: {d}", c.name).map_err(io)?;
            }
        }
        let coverage = &report.coverage;
        let lines = [
            (&coverage.never_failed, "no case fails it"),
            (&coverage.alternatives_never_met, "an alternative no case meets"),
            (&coverage.never_met, "no case meets it"),
        ];
        for (ids, what) in lines {
            for id in ids {
                writeln!(out, "{name}: warning: {id}: {what}").map_err(io)?;
                warnings += 1;
            }
        }
        writeln!(
            out,
            "{name}: {} of {} cases pass; {} of {} criteria seen failing",
            report.passed,
            report.results.len(),
            coverage.criteria - coverage.never_failed.len(),
            coverage.criteria
        )
        .map_err(io)?;
        if let (Some(r), Some(old)) = (&report.revision, earlier_name) {
            revision(out, name, old, r)?;
        }
    }
    writeln!(
        out,
        "{file}: {} ({} questions, {} criteria): {} error(s), {warnings} warning(s)",
        policy.policy.id,
        policy.policy.questions.len(),
        policy.criterion_ids().len(),
        found.errors(),
    )
    .map_err(io)?;
    Ok(Linted {
        errors: found.errors(),
        warnings,
    })
}

/// Each case the revision changes, on one line, then the count.
fn revision(out: &mut dyn Write, name: &str, old: &str, r: &authoring::revision::Revision) -> Result<(), CliError> {
    use authoring::revision::Change;
    for c in &r.changes {
        let line = match &c.change {
            Change::Unreadable { message } => format!("{name}: changed: {}: {message}", c.name),
            Change::Compared(cmp) => {
                let mut line = format!(
                    "{name}: changed: {}: {} -> {}",
                    c.name,
                    cmp.old_outcome.as_str(),
                    cmp.new_outcome.as_str()
                );
                for k in &cmp.criteria {
                    let (old, new) = (render::status_in(k.old), render::status_in(k.new));
                    line.push_str(&format!("; {} {old} -> {new}", k.id));
                }
                for (what, list) in [("failed", &cmp.failed), ("missing", &cmp.missing)] {
                    if !list.is_empty() {
                        line.push_str(&format!("; {what} {}", render::list_change(list)));
                    }
                }
                line
            }
        };
        writeln!(out, "{line}").map_err(CliError::io("cannot write"))?;
    }
    writeln!(
        out,
        "{name}: against {old}: {} cases, {} with another outcome, {} with other failed criteria or missing answers",
        r.cases,
        r.outcomes_changed,
        r.changes.len() - r.outcomes_changed
    )
    .map_err(CliError::io("cannot write"))
}
