//! What the authoring page shows for the texts it holds, computed in plain Rust on the
//! authoring core: the policy file's problems at their lines, its criteria in the policy's
//! numbering, its cases run with their differences and coverage (and against an earlier
//! version, what the revision changes), and its copies of the source.

use std::rc::Rc;

use authoring::cases::{Case, CaseFile};
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

/// The case file with `case` added (a new file when none is open): its name, its text, and
/// what to tell the author; or why the case was not added.
pub fn with_case(open: Option<(&str, &str)>, policy: &str, case: Case) -> Result<(String, String, String), String> {
    let (name, mut file) = match open {
        Some((name, text)) => match serde_json::from_str::<CaseFile>(text) {
            Ok(file) => (name.to_owned(), file),
            Err(e) => return Err(format!("The case was not added: {name} cannot be read ({e}).")),
        },
        None => (
            format!("{}.cases.json", policy.to_ascii_lowercase()),
            CaseFile {
                policy: policy.to_owned(),
                cannot_fail: Vec::new(),
                cases: Vec::new(),
            },
        ),
    };
    if file.policy != policy {
        return Err(format!(
            "The case was not added: {name} is for {}, and this policy is {policy}.",
            file.policy
        ));
    }
    if file.cases.iter().any(|c| c.name == case.name) {
        return Err(format!(
            "The case was not added: {name} already has a case named \u{201c}{}\u{201d}.",
            case.name
        ));
    }
    let message = format!(
        "Case \u{201c}{}\u{201d} added to {name} ({}): it expects {}. Download the cases to keep it.",
        case.name,
        match file.cases.len() + 1 {
            1 => "1 case".to_owned(),
            n => format!("{n} cases"),
        },
        {
            use criteria::Outcome::*;
            [Meets, DoesNotMeet, Incomplete, Refer]
                .into_iter()
                .find(|o| o.as_str() == case.outcome)
                .map_or(case.outcome.clone(), |o| render::outcome_short(o).to_owned())
        }
    );
    file.cases.push(case);
    let text = serde_json::to_string_pretty(&file).map_err(|e| format!("The case was not added: {e}."))? + "\n";
    Ok((name, text, message))
}

#[cfg(test)]
mod tests {
    use super::with_case;
    use authoring::cases::Case;

    fn case(name: &str) -> Case {
        Case {
            name: name.into(),
            as_of: "2026-12-01".into(),
            line_of_business: None,
            answers: serde_json::json!({"diagnosis": "other"}),
            outcome: "does_not_meet".into(),
            failed: vec!["L.3".into()],
            missing: Vec::new(),
            refer_to: None,
        }
    }

    #[test]
    fn a_saved_case_starts_a_file_or_joins_the_open_one_once() {
        let (name, text, message) = with_case(None, "NEW.1", case("Other")).unwrap();
        assert_eq!(name, "new.1.cases.json");
        assert!(message.contains("(1 case): it expects Does not meet"), "{message}");
        let (_, text, _) = with_case(Some((&name, &text)), "NEW.1", case("Other again")).unwrap();
        let file: authoring::cases::CaseFile = serde_json::from_str(&text).unwrap();
        assert_eq!(file.cases.len(), 2);
        let again = with_case(Some(("c.json", &text)), "NEW.1", case("Other"));
        assert!(again.unwrap_err().contains("already has a case named"));
        let other = with_case(Some(("c.json", &text)), "OTHER.2", case("New"));
        assert!(other.unwrap_err().contains("is for NEW.1"));
        let broken = with_case(Some(("c.json", "{")), "NEW.1", case("New"));
        assert!(broken.unwrap_err().contains("c.json cannot be read"));
    }
}
