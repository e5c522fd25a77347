//! Where a JSON path points in a file's text: the line and column of the value that
//! `sections[0].criteria.all[2].check` names, as the validator reports paths, so that an editor
//! can put the cursor on each problem.
//!
//! A scanner over the text that builds no value: it descends only along the path and skips
//! everything else, iteratively (a deeply nested file cannot exhaust the stack). A path that
//! goes further than the text (a field that is missing) gets the deepest place that exists.

/// A place in the text: byte offset, 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    /// The whole path was found (not only a part of it).
    pub exact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `a.b[0][1].c` as steps; `?`, `.` or an empty path is the whole document.
fn steps(path: &str) -> Option<Vec<Step>> {
    let path = path.trim();
    let path = path.strip_prefix('$').unwrap_or(path);
    if path.is_empty() || path == "?" || path == "." {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for part in path.trim_start_matches('.').split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].trim().parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// Where `path` points in `text`, or `None` when the path cannot be read or the text is not
/// JSON up to there.
pub fn locate(text: &str, path: &str) -> Option<Place> {
    let steps = steps(path)?;
    let b = text.as_bytes();
    let mut at = skip_ws(b, 0);
    let mut exact = true;
    for step in &steps {
        let found = match (step, b.get(at)) {
            (Step::Key(k), Some(b'{')) => member(b, at, k),
            (Step::Index(n), Some(b'[')) => element(b, at, *n),
            _ => None,
        };
        match found {
            Some(next) => at = next,
            None => {
                exact = false;
                break;
            }
        }
    }
    Some(place(text, at, exact))
}

/// Line and column of a byte offset.
pub fn place(text: &str, offset: usize, exact: bool) -> Place {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Place {
        offset,
        line,
        column,
        exact,
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (just past its closing quote).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the value starting at `i`, nested ones skipped without recursion.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    let mut i = skip_ws(b, i);
    let mut depth = 0usize;
    loop {
        match *b.get(i)? {
            b'"' => i = skip_string(b, i)?,
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b',' | b':' if depth > 0 => i += 1,
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b':') && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
        if depth == 0 {
            return Some(i);
        }
    }
}

/// The start of the value of member `key` of the object at `i`.
fn member(b: &[u8], i: usize, key: &str) -> Option<usize> {
    let mut i = skip_ws(b, i + 1);
    loop {
        match *b.get(i)? {
            b'}' => return None,
            b',' => i = skip_ws(b, i + 1),
            b'"' => {
                let end = skip_string(b, i)?;
                let name: String = serde_json::from_slice(&b[i..end]).ok()?;
                let colon = skip_ws(b, end);
                if b.get(colon) != Some(&b':') {
                    return None;
                }
                let value = skip_ws(b, colon + 1);
                if name == key {
                    return Some(value);
                }
                i = skip_ws(b, skip_value(b, value)?);
            }
            _ => return None,
        }
    }
}

/// The start of element `n` of the array at `i`.
fn element(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut i = skip_ws(b, i + 1);
    let mut k = 0;
    loop {
        match *b.get(i)? {
            b']' => return None,
            b',' => i = skip_ws(b, i + 1),
            _ if k == n => return Some(i),
            _ => {
                i = skip_ws(b, skip_value(b, i)?);
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const TEXT: &str = "{\n  \"id\": \"X\",\n  \"note\": \"a \\\"}] b\",\n  \"sections\": [\n    {\"id\": \"I\", \"criteria\": {\"all\": [\n      {\"id\": \"I.1\"},\n      {\"id\": \"I.2\", \"check\": {\"yes\": \"q\"}}\n    ]}}\n  ]\n}\n";

    #[test]
    fn a_validator_path_lands_on_its_value() {
        let p = locate(TEXT, "sections[0].criteria.all[1].check").unwrap();
        assert_eq!((p.line, p.column, p.exact), (7, 30, true));
        assert_eq!(&TEXT[p.offset..p.offset + 8], "{\"yes\": ");
        let p = locate(TEXT, "sections[0].criteria.all[0]").unwrap();
        assert_eq!((p.line, p.column), (6, 7));
        // Escaped quotes and brackets inside strings do not confuse the scanner.
        assert_eq!(locate(TEXT, "sections").unwrap().line, 4);
        assert_eq!(locate(TEXT, "?").unwrap().line, 1);
    }

    #[test]
    fn a_path_beyond_the_text_gets_the_deepest_place_that_exists() {
        let p = locate(TEXT, "sections[0].criteria.all[5].check").unwrap();
        assert!(!p.exact);
        assert_eq!(p.line, 5, "the `all` list");
        assert!(locate(TEXT, "sections[x]").is_none());
        assert!(locate("{\"a\": [1, 2", "a[5]").is_some_and(|p| !p.exact));
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let deep = format!("{{\"a\": {}1{}, \"b\": 2}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(locate(&deep, "b").map(|p| p.exact), Some(true));
    }
}
