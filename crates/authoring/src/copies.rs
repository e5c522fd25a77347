//! The house rule is to paraphrase a policy's document and cite the criterion number, never to
//! copy its sentences: this finds the texts of a policy file (labels, prompts, notes, every
//! string) that repeat a run of the source document's words, and the source passage a
//! criterion most likely comes from, to show beside it.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use criteria::Policy;

/// So many words in a row, the same in the source, make a copy (ids and short phrases such as
/// "prescribed by or in consultation with" are shorter).
pub const MIN_WORDS: usize = 8;

/// A text of the policy file that repeats the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copied {
    /// The JSON path of the text (`sections[0].criteria.all[1].label`).
    pub path: String,
    /// The longest run of words it shares with the source, as the policy file writes them.
    pub words: String,
    pub count: usize,
}

/// A text's words, lower-case, letters and digits only, each with where it is in the text.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((text[s..i].to_lowercase(), s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Every run of `n` words of the source, joined by spaces.
fn shingles(source: &str, n: usize) -> HashSet<String> {
    let w: Vec<String> = words(source).into_iter().map(|(w, _, _)| w).collect();
    w.windows(n).map(|win| win.join(" ")).collect()
}

/// Every string of the policy file that shares at least `min_words` words in a row with the
/// source, in file order.
pub fn copied(policy: &Policy, source: &str, min_words: usize) -> Vec<Copied> {
    let n = min_words.max(2);
    let grams = shingles(source, n);
    let mut out = Vec::new();
    let Ok(tree) = serde_json::to_value(policy) else {
        return out;
    };
    // Iterative walk with each value's path, in document order.
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), &tree)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::String(text) => {
                if let Some((count, words)) = longest_copy(text, &grams, n) {
                    out.push(Copied { path, words, count });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), item));
                }
            }
            Value::Object(map) => {
                let entries: Vec<_> = map.iter().collect();
                for (k, item) in entries.into_iter().rev() {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    stack.push((p, item));
                }
            }
            _ => {}
        }
    }
    out
}

/// The longest run of the text's words found in the source (at least `n`), as written.
fn longest_copy(text: &str, grams: &HashSet<String>, n: usize) -> Option<(usize, String)> {
    let w = words(text);
    if w.len() < n {
        return None;
    }
    let hit: Vec<bool> = w
        .windows(n)
        .map(|win| grams.contains(&win.iter().map(|(s, _, _)| s.as_str()).collect::<Vec<_>>().join(" ")))
        .collect();
    // Consecutive windows that hit make one longer run.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < hit.len() {
        if !hit[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < hit.len() && hit[i] {
            i += 1;
        }
        let len = i - start + n - 1;
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((start, len));
        }
    }
    let (start, len) = best?;
    let from = w[start].1;
    let to = w[start + len - 1].2;
    Some((len, text[from..to].to_owned()))
}

/// The paragraph of the source that shares the most words of four letters or more with
/// `text` (at least two), with its first line (1-based): where a criterion comes from.
pub fn passage<'s>(source: &'s str, text: &str) -> Option<(usize, &'s str)> {
    let wanted: HashSet<String> = words(text)
        .into_iter()
        .map(|(w, _, _)| w)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let mut best: Option<(usize, usize, &str)> = None;
    let mut offset = 0;
    for para in source.split("\n\n") {
        let here = offset;
        offset += para.len() + 2;
        let trimmed = para.trim();
        if trimmed.is_empty() {
            continue;
        }
        let seen: HashSet<String> = words(trimmed).into_iter().map(|(w, _, _)| w).collect();
        let score = wanted.iter().filter(|w| seen.contains(*w)).count();
        if score >= 2 && best.is_none_or(|(s, _, _)| score > s) {
            let start = (here + para.len() - para.trim_start().len()).min(source.len());
            let line = source[..start].matches('\n').count() + 1;
            best = Some((score, line, trimmed));
        }
    }
    best.map(|(_, line, p)| (line, p))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const SOURCE: &str = "I. Initial Approval Criteria\n\nA. Rheumatoid Arthritis (must meet all):\n1. Diagnosis of moderate to severe rheumatoid arthritis as evidenced by the treating physician;\n2. Age at least 18 years.\n\nB. Other uses are not covered.";

    fn policy(label: &str) -> Policy {
        let text = format!(
            r#"{{"id": "T.1", "title": "T", "subject": "s", "issuer": "i", "plan": "p",
            "lines_of_business": ["commercial"], "last_review": "2026-01",
            "questions": [{{"id": "a", "prompt": "Has the patient got the diagnosis?", "type": "yes_no"}}],
            "sections": [{{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
              "criteria": {{"id": "I.A.1", "label": "{label}", "check": {{"yes": "a"}}}}}}]}}"#
        );
        serde_json::from_str(&text).expect("a policy")
    }

    #[test]
    fn a_copied_sentence_is_found_with_its_path_and_a_paraphrase_is_not() {
        let copied_label =
            "Diagnosis of moderate to severe rheumatoid arthritis, as evidenced by the treating physician";
        let found = copied(&policy(copied_label), SOURCE, MIN_WORDS);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "sections[0].criteria.label");
        // Punctuation and case do not hide a copy; the run is given as the file writes it.
        assert_eq!(found[0].words, copied_label);
        assert_eq!(found[0].count, 13);
        assert!(copied(
            &policy("Moderate or severe RA, confirmed by the doctor treating it"),
            SOURCE,
            MIN_WORDS
        )
        .is_empty());
    }

    #[test]
    fn the_passage_a_criterion_comes_from() {
        let (line, p) = passage(SOURCE, "Moderate or severe rheumatoid arthritis diagnosed").unwrap();
        assert!(p.starts_with("A. Rheumatoid Arthritis"), "{p}");
        assert_eq!(line, 3);
        assert!(passage(SOURCE, "unrelated words here").is_none());
    }
}
