//! The library's manifest (`manifest.json` beside the policy files): what the app needs to list
//! and search the policies before it fetches any of them (id, title, plan, lines of business,
//! dates, keywords, codes), and each file's name and SHA-256, which the app checks before it
//! uses a file. Built from a folder's files by [`build`] (`precheck library build`, and the
//! npm package's `precheck-library`), which validates every policy with the engine first.
//! Pure: the callers read and write the files.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use criteria::model::Code;
use criteria::{LineOfBusiness, LoadedPolicy};

/// The manifest's file name, in the library's folder.
pub const MANIFEST: &str = "manifest.json";
/// The manifest format this build reads and writes.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub policies: Vec<Entry>,
}

/// One policy of the library, as the start screen lists and searches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub subject: String,
    pub issuer: String,
    pub plan: String,
    pub lines_of_business: Vec<LineOfBusiness>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    pub last_review: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub codes: Vec<Code>,
    /// The policy file's name in the same folder.
    pub file: String,
    /// The SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// A HCPCS or CPT code and the policy that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeHit<'m> {
    pub code: &'m str,
    pub system: &'m str,
    pub label: &'m str,
    pub policy: &'m str,
}

impl Entry {
    /// The entry of a loaded policy read from `file` with these bytes.
    pub fn of(policy: &LoadedPolicy, file: &str, bytes: &[u8]) -> Entry {
        let p = &policy.policy;
        Entry {
            id: p.id.clone(),
            title: p.title.clone(),
            subject: p.subject.clone(),
            issuer: p.issuer.clone(),
            plan: p.plan.clone(),
            lines_of_business: p.lines_of_business.clone(),
            effective: p.effective.clone(),
            last_review: p.last_review.clone(),
            keywords: p.keywords.clone(),
            codes: p.codes.clone(),
            file: file.to_owned(),
            sha256: sha256_hex(bytes),
        }
    }

    /// Whether every word of the query matches the id, title, subject, a keyword or a code.
    fn matches(&self, words: &[String]) -> bool {
        let mut haystack = format!("{} {} {}", self.id, self.title, self.subject).to_lowercase();
        for k in &self.keywords {
            haystack.push(' ');
            haystack.push_str(&k.to_lowercase());
        }
        for c in &self.codes {
            haystack.push(' ');
            haystack.push_str(&c.code.to_lowercase());
        }
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

impl Manifest {
    /// Reads a manifest; the error names what is wrong.
    pub fn from_json(text: &str) -> Result<Manifest, String> {
        let m: Manifest =
            serde_json::from_str(text).map_err(|e| format!("the library's manifest is not valid: {e}"))?;
        if m.format != FORMAT {
            return Err(format!(
                "the library's manifest is format {}, this app reads format {FORMAT}; rebuild it with `precheck library build`",
                m.format
            ));
        }
        Ok(m)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The entry with this id (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.policies.iter().find(|e| e.id.eq_ignore_ascii_case(id.trim()))
    }

    /// Policies matching a search: every word of the query must match somewhere; an empty
    /// query matches all.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.policies.iter().filter(|e| e.matches(&words)).collect()
    }

    /// The policies whose coding tables list `code` (case-insensitive, surrounding space
    /// ignored).
    pub fn lookup(&self, code: &str) -> Vec<CodeHit<'_>> {
        let code = code.trim();
        self.codes()
            .into_iter()
            .filter(|c| c.code.eq_ignore_ascii_case(code))
            .collect()
    }

    /// Every code of every policy, in policy then table order.
    pub fn codes(&self) -> Vec<CodeHit<'_>> {
        self.policies
            .iter()
            .flat_map(|e| {
                e.codes.iter().map(move |c| CodeHit {
                    code: &c.code,
                    system: &c.system,
                    label: &c.label,
                    policy: &e.id,
                })
            })
            .collect()
    }
}

/// A problem with one file of the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// The manifest of a folder's policy files (name, bytes; the manifest itself is left out),
/// in file-name order, after each file is validated by the engine. Every problem of every file
/// is reported, located; one bad file fails the build, as a library with a hole would mislead.
pub fn build(files: &[(String, Vec<u8>)]) -> Result<Manifest, Vec<FileProblem>> {
    let mut files: Vec<&(String, Vec<u8>)> = files.iter().filter(|(n, _)| n != MANIFEST).collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut problems = Vec::new();
    let mut policies: Vec<Entry> = Vec::new();
    for (name, bytes) in files {
        let problem = |message: String| FileProblem {
            file: name.clone(),
            message,
        };
        if !file_name_ok(name) {
            problems.push(problem(
                "a policy file's name is letters, digits, `-`, `_` and `.`, ending in .json".into(),
            ));
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            problems.push(problem("not UTF-8 text".into()));
            continue;
        };
        match LoadedPolicy::from_json(name, text) {
            Ok(policy) => {
                if let Some(other) = policies.iter().find(|e| e.id.eq_ignore_ascii_case(&policy.policy.id)) {
                    problems.push(problem(format!(
                        "policy id `{}` is also the id of {}; each policy has one file",
                        policy.policy.id, other.file
                    )));
                    continue;
                }
                policies.push(Entry::of(&policy, name, bytes));
            }
            Err(e) => problems.extend(e.lines().into_iter().map(|line| FileProblem {
                file: name.clone(),
                message: line.strip_prefix(&format!("{name}: ")).unwrap_or(&line).to_owned(),
            })),
        }
    }
    if policies.is_empty() && problems.is_empty() {
        problems.push(FileProblem {
            file: ".".into(),
            message: "the folder holds no policy file (*.json)".into(),
        });
    }
    if problems.is_empty() {
        Ok(Manifest {
            format: FORMAT,
            policies,
        })
    } else {
        Err(problems)
    }
}

/// A name the app can fetch as it is and a portal's server serves: no folders, no escapes.
fn file_name_ok(name: &str) -> bool {
    name.ends_with(".json")
        && name.len() <= 120
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether `bytes` are the file the manifest lists (the same SHA-256).
pub fn is_intact(entry: &Entry, bytes: &[u8]) -> bool {
    sha256_hex(bytes) == entry.sha256
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_fips_180_2() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_folder_with_bad_files_names_every_problem() {
        let good = r#"{"id": "T.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
            "lines_of_business": ["commercial"], "last_review": "2026-01",
            "questions": [{"id": "a", "prompt": "A", "type": "yes_no"}],
            "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
                "criteria": {"id": "I.1", "label": "l", "check": {"yes": "a"}}}]}"#;
        let files = vec![
            ("b.json".to_owned(), good.as_bytes().to_vec()),
            ("a.json".to_owned(), good.as_bytes().to_vec()),
            ("bad.json".to_owned(), b"{".to_vec()),
            ("../x.json".to_owned(), good.as_bytes().to_vec()),
            (MANIFEST.to_owned(), b"ignored".to_vec()),
        ];
        let Err(problems) = build(&files) else { panic!("built") };
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("../x.json: a policy file's name"), "{said:?}");
        assert!(
            said[1].starts_with("b.json: policy id `T.1` is also the id of a.json"),
            "{said:?}"
        );
        assert!(said[2].starts_with("bad.json: "), "{said:?}");
        let Ok(m) = build(&files[1..2]) else {
            panic!("not built")
        };
        assert_eq!(m.policies[0].file, "a.json");
        assert!(is_intact(&m.policies[0], good.as_bytes()));
        assert!(!is_intact(&m.policies[0], good.replace("t", "T").as_bytes()));
        let back = Manifest::from_json(&m.to_json());
        assert_eq!(back.as_ref().ok(), Some(&m));
        assert_eq!(m.search("t.1").len(), 1);
        assert!(Manifest::from_json(r#"{"format": 2, "policies": []}"#).is_err_and(|e| e.contains("format 2")));
        assert!(matches!(build(&[]), Err(p) if p[0].message.contains("no policy file")));
    }
}
