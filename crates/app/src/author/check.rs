//! What the authoring page shows for the texts it holds, computed in plain Rust on the
//! authoring core: the policy file's problems at their lines, its criteria in the policy's
//! numbering, its cases run with their differences and coverage (and against an earlier
//! version, what the revision changes), and its copies of the source.

use std::rc::Rc;

use authoring::cases::CaseFile;
use authoring::copies::{copied, MIN_WORDS};
use authoring::coverage::{report, Coverage};
use authoring::locate::locate;
use authoring::problems::{load, Located};
use authoring::revision::{revision, Revision};
use criteria::model::Node;
use criteria::LoadedPolicy;

/// One criterion of the outline, with where it is in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub id: String,
    pub label: String,
    pub line: usize,
    /// The source document's paragraph it most likely comes from, with its first line.
    pub source: Option<(usize, String)>,
}

/// One case's result.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub name: String,
    pub differences: Vec<String>,
}

/// The cases' report, or why the case file cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum Cases {
    None,
    Refused(String),
    Ran {
        rows: Vec<CaseRow>,
        coverage: Coverage,
        /// With an earlier version open: what this version changes, case by case.
        revision: Option<Revision>,
    },
}

/// A text of the file that repeats the source, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub path: String,
    pub words: String,
    pub count: usize,
    pub line: usize,
}

#[derive(Clone)]
pub struct Checked {
    pub policy: Option<Rc<LoadedPolicy>>,
    pub problems: Vec<Located>,
    pub outline: Vec<Row>,
    pub cases: Cases,
    pub copies: Vec<Copy>,
}

/// Everything the page shows for a policy text, a case file, a source document and an
/// earlier version of the policy.
pub fn check(text: &str, cases: Option<&str>, source: Option<&str>, earlier: Option<&LoadedPolicy>) -> Checked {
    if text.trim().is_empty() {
        return Checked {
            policy: None,
            problems: Vec::new(),
            outline: Vec::new(),
            cases: Cases::None,
            copies: Vec::new(),
        };
    }
    let (policy, problems) = match load("policy.json", text) {
        Ok(p) => (Some(Rc::new(p)), Vec::new()),
        Err(problems) => (None, problems),
    };
    let Some(lp) = policy else {
        return Checked {
            policy: None,
            problems,
            outline: Vec::new(),
            cases: Cases::None,
            copies: Vec::new(),
        };
    };
    let outline = outline(&lp, text, source);
    let cases = match cases {
        None => Cases::None,
        Some(t) => match serde_json::from_str::<CaseFile>(t) {
            Err(e) => Cases::Refused(format!("the case file cannot be read: {e}")),
            Ok(file) if file.policy != lp.policy.id => Cases::Refused(format!(
                "the case file is for {}, and this policy is {}",
                file.policy, lp.policy.id
            )),
            Ok(file) => {
                let (cases, coverage) = report(&lp, &file);
                let revision = earlier.map(|old| revision(old, &lp, &file));
                Cases::Ran {
                    revision,
                    rows: cases
                        .into_iter()
                        .map(|(name, differences)| CaseRow {
                            name,
                            differences: differences.iter().map(ToString::to_string).collect(),
                        })
                        .collect(),
                    coverage,
                }
            }
        },
    };
    let copies = source
        .map(|s| {
            copied(&lp.policy, s, MIN_WORDS)
                .into_iter()
                .map(|c| Copy {
                    line: locate(text, &c.path).map_or(1, |p| p.line),
                    path: c.path,
                    words: c.words,
                    count: c.count,
                })
                .collect()
        })
        .unwrap_or_default();
    Checked {
        policy: Some(lp),
        problems,
        outline,
        cases,
        copies,
    }
}

/// Every criterion in tree order, with its depth, its line and, with the source document, the
/// passage it comes from.
fn outline(lp: &LoadedPolicy, text: &str, source: Option<&str>) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut stack: Vec<(usize, String, &Node)> = lp
        .policy
        .sections
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (0, format!("sections[{i}].criteria"), &s.criteria))
        .collect();
    while let Some((depth, path, n)) = stack.pop() {
        rows.push(Row {
            depth,
            id: n.id.clone(),
            label: n.label.clone(),
            line: locate(text, &path).map_or(1, |p| p.line),
            source: source.and_then(|s| authoring::copies::passage(s, &n.label).map(|(l, p)| (l, p.to_owned()))),
        });
        stack.extend(
            n.children()
                .into_iter()
                .rev()
                .map(|(key, c)| (depth + 1, format!("{path}.{key}"), c)),
        );
    }
    rows
}

/// The byte offset of a 1-based line and column (in characters) of a text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
