//! `precheck lint`: a policy file checked as its author needs it, on the authoring core
//! (`crates/authoring`): every problem at its line and column, the texts that repeat the source
//! document's words, each case of a case file run with its differences, and the criteria the
//! cases leave unexercised, and, against an earlier version, every case whose result the
//! revision changes, with the criteria where the change starts. Problems and failing cases fail
//! the command; copies and coverage are warnings; the revision's changes are reported.

use std::io::Write;

use authoring::cases::CaseFile;

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
    if earlier.is_some() && cases.is_none() {
        return Err(CliError::Input(
            "--earlier compares the cases under both versions: give --cases too".into(),
        ));
    }
    let mut found = Linted { errors: 0, warnings: 0 };
    let policy = match authoring::problems::load(file, text) {
        Ok(p) => p,
        Err(problems) => {
            for p in &problems {
                writeln!(out, "{file}:{}:{}: error: {}: {}", p.line, p.column, p.path, p.message)
                    .map_err(CliError::io("cannot write"))?;
            }
            found.errors = problems.len();
            return Ok(found);
        }
    };
    if let Some((name, source)) = source {
        for c in authoring::copies::copied(&policy.policy, source, authoring::copies::MIN_WORDS) {
            let at = authoring::locate::locate(text, &c.path).map_or((1, 1), |p| (p.line, p.column));
            writeln!(
                out,
                "{file}:{}:{}: warning: {}: repeats {} words of {name} (paraphrase it and cite the criterion): \"{}\"",
                at.0, at.1, c.path, c.count, c.words
            )
            .map_err(CliError::io("cannot write"))?;
            found.warnings += 1;
        }
    }
    if let Some((name, cases)) = cases {
        let file_of_cases: CaseFile =
            serde_json::from_str(cases).map_err(|e| CliError::Input(format!("{name}: not a case file: {e}")))?;
        if file_of_cases.policy != policy.policy.id {
            return Err(CliError::Input(format!(
                "{name}: its cases are for {}, not {}",
                file_of_cases.policy, policy.policy.id
            )));
        }
        let (results, coverage) = authoring::coverage::report(&policy, &file_of_cases);
        let mut passed = 0;
        for (name_of_case, diffs) in results {
            if diffs.is_empty() {
                passed += 1;
            }
            for d in diffs {
                writeln!(out, "{name}: error: {name_of_case}: {d}").map_err(CliError::io("cannot write"))?;
                found.errors += 1;
            }
        }
        let lines = [
            (&coverage.never_failed, "no case fails it"),
            (&coverage.alternatives_never_met, "an alternative no case meets"),
            (&coverage.never_met, "no case meets it"),
        ];
        for (ids, what) in lines {
            for id in ids {
                writeln!(out, "{name}: warning: {id}: {what}").map_err(CliError::io("cannot write"))?;
                found.warnings += 1;
            }
        }
        writeln!(
            out,
            "{name}: {passed} of {} cases pass; {} of {} criteria seen failing",
            file_of_cases.cases.len(),
            coverage.criteria - coverage.never_failed.len(),
            coverage.criteria
        )
        .map_err(CliError::io("cannot write"))?;
        if let Some((old_name, old_text)) = earlier {
            let old = criteria::LoadedPolicy::from_json(old_name, old_text)
                .map_err(|e| CliError::Input(format!("the earlier version: {e}")))?;
            revision(
                out,
                name,
                old_name,
                &authoring::revision::revision(&old, &policy, &file_of_cases),
            )?;
        }
    }
    writeln!(
        out,
        "{file}: {} ({} questions, {} criteria): {} error(s), {} warning(s)",
        policy.policy.id,
        policy.policy.questions.len(),
        policy.criterion_ids().len(),
        found.errors,
        found.warnings
    )
    .map_err(CliError::io("cannot write"))?;
    Ok(found)
}

/// Each case the revision changes, on one line, then the count.
fn revision(out: &mut dyn Write, name: &str, old: &str, r: &authoring::revision::Revision) -> Result<(), CliError> {
    use authoring::revision::Change;
    let status = |s: Option<criteria::Status>| s.map_or("absent", render::status);
    for c in &r.changes {
        let line = match &c.change {
            Change::Unreadable(message) => format!("{name}: changed: {}: {message}", c.name),
            Change::Compared(cmp) => {
                let mut line = format!(
                    "{name}: changed: {}: {} -> {}",
                    c.name,
                    cmp.old_outcome.as_str(),
                    cmp.new_outcome.as_str()
                );
                for k in &cmp.criteria {
                    line.push_str(&format!("; {} {} -> {}", k.id, status(k.old), status(k.new)));
                }
                for (what, list) in [("failed", &cmp.failed), ("missing", &cmp.missing)] {
                    let items: Vec<String> = list
                        .added
                        .iter()
                        .map(|id| format!("+{id}"))
                        .chain(list.removed.iter().map(|id| format!("-{id}")))
                        .collect();
                    if !items.is_empty() {
                        line.push_str(&format!("; {what} {}", items.join(" ")));
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
