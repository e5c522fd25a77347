//! A policy file checked as its author needs it, in one place for every front end (the
//! authoring page, `precheck lint`, the JS API's `lintPolicy`): every problem at its line and
//! column; with the source document, the texts that repeat its words, each at its line; with a
//! case file, each case run with its differences and the coverage of the criteria; and with an
//! earlier version too, every case whose result the revision changes.

use criteria::LoadedPolicy;
use serde::Serialize;

use crate::cases::{CaseFile, Difference};
use crate::copies::{copied, MIN_WORDS};
use crate::coverage::{report, Coverage};
use crate::locate::locate;
use crate::problems::{load, Located};
use crate::revision::{revision, Revision};

/// What the checks found. The front ends render it; nothing here is a sentence for a reader
/// but the problems' and differences' own messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lint {
    /// The policy's id, when the file is valid.
    pub policy: Option<String>,
    /// Every problem of an invalid file, located; empty when it is valid.
    pub problems: Vec<Located>,
    /// With the source document: each text of the file that repeats a run of its words.
    pub copies: Vec<CopyAt>,
    /// With a case file (and a valid policy): its report, or why it cannot be used.
    pub cases: Option<Cases>,
}

impl Lint {
    /// Problems and failing cases: what makes the file not ready.
    pub fn errors(&self) -> usize {
        let failing = match &self.cases {
            Some(Cases::Ran(r)) => r.results.iter().map(|c| c.differences.len()).sum(),
            Some(Cases::Refused { .. }) => 1,
            None => 0,
        };
        self.problems.len() + failing
    }
}

/// A text that repeats the source document, with where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyAt {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The run of words it shares with the source, as the file writes them, and how many.
    pub words: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cases {
    Ran(CaseReport),
    /// The case file is not one, or is for another policy.
    Refused {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseReport {
    /// Each case in the file's order, with its differences (none when it passes).
    pub results: Vec<CaseResult>,
    pub passed: usize,
    pub coverage: Coverage,
    /// With an earlier version: what this version changes, case by case.
    pub revision: Option<Revision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseResult {
    pub name: String,
    pub differences: Vec<Difference>,
}

/// Checks `text` (the policy file named `file`) with what the author has beside it. Returns the
/// loaded policy too, when it is valid, for a front end that shows more of it.
pub fn lint(
    file: &str,
    text: &str,
    cases: Option<&str>,
    source: Option<&str>,
    earlier: Option<&LoadedPolicy>,
) -> (Option<LoadedPolicy>, Lint) {
    let policy = match load(file, text) {
        Ok(p) => p,
        Err(problems) => {
            let lint = Lint {
                policy: None,
                problems,
                copies: Vec::new(),
                cases: None,
            };
            return (None, lint);
        }
    };
    let copies = source
        .map(|s| {
            copied(&policy.policy, s, MIN_WORDS)
                .into_iter()
                .map(|c| {
                    let (line, column) = locate(text, &c.path).map_or((1, 1), |p| (p.line, p.column));
                    CopyAt {
                        path: c.path,
                        line,
                        column,
                        words: c.words,
                        count: c.count,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let cases = cases.map(|t| match serde_json::from_str::<CaseFile>(t) {
        Err(e) => Cases::Refused {
            message: format!("not a case file: {e}"),
        },
        Ok(f) if f.policy != policy.policy.id => Cases::Refused {
            message: format!(
                "its cases are for {}, and this policy is {}",
                f.policy, policy.policy.id
            ),
        },
        Ok(f) => {
            let (results, coverage) = report(&policy, &f);
            let results: Vec<CaseResult> = results
                .into_iter()
                .map(|(name, differences)| CaseResult { name, differences })
                .collect();
            Cases::Ran(CaseReport {
                passed: results.iter().filter(|r| r.differences.is_empty()).count(),
                results,
                coverage,
                revision: earlier.map(|old| revision(old, &policy, &f)),
            })
        }
    });
    let lint = Lint {
        policy: Some(policy.policy.id.clone()),
        problems: Vec::new(),
        copies,
        cases,
    };
    (Some(policy), lint)
}
