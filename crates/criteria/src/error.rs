//! Errors of loading and validating a policy file, each with the file and the JSON path.

use std::fmt;

/// One problem in a policy file, located by JSON path (`sections[0].criteria.all[3].check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
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
