//! A policy file loaded as its author sees it: every problem with its JSON path and the line
//! and column it points at, whether the text is not JSON of the policy's shape (serde's own
//! position) or breaks a rule of the format (the validator's path, located in the text).

use criteria::{LoadedPolicy, PolicyError, ProblemKind};
use serde::Serialize;

use crate::locate::{locate, place};

/// One problem of a policy file, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Located {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The rule broken; none when the text is not JSON of the policy's shape.
    pub kind: Option<ProblemKind>,
    pub message: String,
}

/// Loads a policy file, or says every problem and where it is.
pub fn load(file: &str, text: &str) -> Result<LoadedPolicy, Vec<Located>> {
    match LoadedPolicy::from_json(file, text) {
        Ok(p) => Ok(p),
        Err(PolicyError::Parse { path, message, .. }) => {
            let (line, column) = serde_position(&message)
                .or_else(|| locate(text, &path).map(|p| (p.line, p.column)))
                .unwrap_or((1, 1));
            Err(vec![Located {
                path,
                line,
                column,
                kind: None,
                message: strip_position(&message).to_owned(),
            }])
        }
        Err(PolicyError::Invalid { problems, .. }) => Err(problems
            .into_iter()
            .map(|p| {
                let at = locate(text, &p.path).unwrap_or_else(|| place(text, 0, false));
                Located {
                    path: p.path,
                    line: at.line,
                    column: at.column,
                    kind: Some(p.kind),
                    message: p.message,
                }
            })
            .collect()),
    }
}

/// serde_json's "... at line L column C" as (L, C); column 0 (the end of a line) reads as 1.
fn serde_position(message: &str) -> Option<(usize, usize)> {
    let at = message.rfind(" at line ")?;
    let mut parts = message[at + " at line ".len()..].split(" column ");
    let line = parts.next()?.trim().parse().ok()?;
    let column: usize = parts.next()?.trim().parse().ok()?;
    Some((line, column.max(1)))
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if serde_position(message).is_some() => &message[..at],
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const GOOD: &str = r#"{"id": "T.1", "title": "T", "subject": "s", "issuer": "i", "plan": "p",
  "lines_of_business": ["commercial"], "last_review": "2026-01",
  "questions": [{"id": "a", "prompt": "A?", "type": "yes_no"}],
  "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
    "criteria": {"id": "I.1", "label": "A",
      "check": {"yes": "a"}}}]}"#;

    #[test]
    fn each_problem_has_its_line_whether_of_shape_or_of_rule() {
        assert!(load("t.json", GOOD).is_ok());
        let unknown = GOOD.replace("{\"yes\": \"a\"}", "{\"yes\": \"b\"}");
        let p = load("t.json", &unknown).unwrap_err();
        assert!(
            p.iter().any(|p| p.path == "sections[0].criteria.check" && p.line == 6),
            "{p:?}"
        );
        assert!(p.iter().all(|p| p.kind.is_some()));
        let shape = GOOD.replace("\"yes_no\"", "\"yes_or_no\"");
        let p = load("t.json", &shape).unwrap_err();
        assert_eq!((p.len(), p[0].line, p[0].kind), (1, 3, None), "{p:?}");
        assert!(!p[0].message.contains(" at line "), "{}", p[0].message);
        let p = load("t.json", "{\n \"id\": ").unwrap_err();
        assert_eq!(p[0].line, 2);
    }
}
