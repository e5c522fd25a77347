//! What the authoring page shows for the texts it holds, computed in plain Rust on the
//! authoring core: the policy file's problems at their lines, its criteria in the policy's
//! numbering, its cases run with their differences and coverage (and against an earlier
//! version, what the revision changes), and its copies of the source.

use std::rc::Rc;

use authoring::lint::{lint, Lint};
use authoring::locate::locate;
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

/// What the page shows: the checks (`authoring::lint`), and for a valid file the loaded policy
/// (its form) and its outline.
#[derive(Clone)]
pub struct Checked {
    pub policy: Option<Rc<LoadedPolicy>>,
    pub lint: Lint,
    pub outline: Vec<Row>,
}

/// Everything the page shows for a policy text, a case file, a source document and an
/// earlier version of the policy.
pub fn check(text: &str, cases: Option<&str>, source: Option<&str>, earlier: Option<&LoadedPolicy>) -> Checked {
    let (policy, lint) = if text.trim().is_empty() {
        let empty = Lint {
            policy: None,
            problems: Vec::new(),
            copies: Vec::new(),
            cases: None,
        };
        (None, empty)
    } else {
        lint("policy.json", text, cases, source, earlier)
    };
    let policy = policy.map(Rc::new);
    let outline = policy.as_deref().map(|p| outline(p, text, source)).unwrap_or_default();
    Checked { policy, lint, outline }
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
