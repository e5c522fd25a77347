//! Errors of loading and validating a policy file, each with the file, the JSON path and a
//! kind that code may branch on (the message is for people).

use serde::Serialize;

/// What kind of rule of the format a problem breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// An id, option, code or companion given twice.
    Duplicate,
    /// A reference to a question, option, drug, class, derived value or criterion that does not
    /// exist.
    UnknownReference,
    /// A reference to a question of a type the rule cannot read.
    WrongType,
    /// Units that do not agree or cannot be converted.
    Unit,
    /// A field on an object that does not take it (options on a number question).
    Misplaced,
    /// Something the rule needs is absent or empty.
    Missing,
    /// A value out of its allowed form or range (a date, a bound, a count).
    BadValue,
    /// Derived values or `use` references that depend on themselves.
    Cycle,
    /// Past one of the loader's limits (classes, nesting, `use` depth).
    Limit,
    /// A question or derived value that no criterion reads.
    Unused,
}

/// One problem in a policy file, located by JSON path (`sections[0].criteria.all[3].check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Problem {
    pub kind: ProblemKind,
    pub path: String,
    pub message: String,
}

/// Why a policy file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The text is not JSON of the policy's shape (bad syntax, an unknown field, a wrong type).
    #[error("{file}: {path}: {message}")]
    Parse {
        file: String,
        path: String,
        message: String,
    },
    /// The JSON has the right shape but breaks a rule of the format.
    #[error("{file}: {} problem(s): {}", problems.len(), problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid { file: String, problems: Vec<Problem> },
}

impl PolicyError {
    /// Each problem on its own line, as `file: path: message`.
    pub fn lines(&self) -> Vec<String> {
        match self {
            PolicyError::Parse { .. } => vec![self.to_string()],
            PolicyError::Invalid { file, problems } => problems.iter().map(|p| format!("{file}: {p}")).collect(),
        }
    }
}
