//! The code table (`crates/policies/codes.json`): every code a policy's FHIR mappings and drug
//! catalogues use is in it, with the display the table records, and every entry says where it
//! was taken from (a package and version, a public file at a commit with the line quoted, or a
//! published page), with a note when only one source holds it (unless that source is the code
//! system's own release, shipped as a package). ICD-10-CM entries are also
//! checked against the CDC's table by `scripts/codes/check-codes.py`.

use std::collections::BTreeMap;

use criteria::model::Coding;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[allow(dead_code)]
    about: String,
    codes: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    system: String,
    code: String,
    display: String,
    sources: Vec<Source>,
    #[serde(default)]
    note: Option<String>,
}

/// One of the three kinds of source, each with every field it needs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    repo: Option<String>,
    path: Option<String>,
    commit: Option<String>,
    quote: Option<String>,
    package: Option<String>,
    version: Option<String>,
    file: Option<String>,
    url: Option<String>,
}

impl Source {
    /// Why the source does not say where the code was taken from, if it does not.
    fn problem(&self) -> Option<&'static str> {
        let given = |f: &Option<String>| f.as_deref().is_some_and(|v| !v.trim().is_empty());
        match (given(&self.repo), given(&self.package), given(&self.url)) {
            (true, false, false) => {
                let commit = self.commit.as_deref().unwrap_or_default();
                if !(given(&self.path) && given(&self.quote)) {
                    Some("a file source needs its path and the quoted line")
                } else if commit.len() != 40 || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
                    Some("a file source needs the commit it was read at (40 hex digits)")
                } else {
                    None
                }
            }
            (false, true, false) if given(&self.version) => None,
            (false, true, false) => Some("a package source needs its version"),
            (false, false, true) if given(&self.quote) && !given(&self.file) => None,
            (false, false, true) => Some("a page source needs the quoted line"),
            _ => Some("a source is a file (repo), a package or a page (url): exactly one"),
        }
    }
}

fn table() -> Table {
    let text = include_str!("../../crates/policies/codes.json");
    serde_json::from_str(text).expect("crates/policies/codes.json is a code table")
}

/// Every coding a policy cites, with where.
fn cited() -> Vec<(String, Coding)> {
    let mut out = Vec::new();
    for lp in policies::all() {
        let p = &lp.policy;
        for d in &p.drugs {
            for c in &d.codes {
                out.push((format!("{}: drug {}", p.id, d.id), c.clone()));
            }
        }
        for q in &p.questions {
            let Some(f) = &q.fhir else { continue };
            let at = format!("{}: question {}", p.id, q.id);
            let rule = f
                .lines
                .iter()
                .flat_map(|l| l.progression.iter().chain(&l.progressed).chain(&l.therapies));
            for c in f.codes.iter().chain(f.options.values().flatten()).chain(rule) {
                out.push((at.clone(), c.clone()));
            }
        }
    }
    out
}

#[test]
fn every_code_a_policy_cites_is_in_the_table_with_its_display() {
    let table = table();
    let by_code: BTreeMap<(&str, &str), &Entry> = table
        .codes
        .iter()
        .map(|e| ((e.system.as_str(), e.code.as_str()), e))
        .collect();
    let mut problems = Vec::new();
    let cited = cited();
    assert!(cited.len() > 50, "only {} codings cited", cited.len());
    for (at, c) in &cited {
        match by_code.get(&(c.system.as_str(), c.code.as_str())) {
            None => problems.push(format!(
                "{at}: {} {} is not in crates/policies/codes.json",
                c.system, c.code
            )),
            Some(e) if e.display != c.display => problems.push(format!(
                "{at}: {} reads {:?} in the table, not {:?}",
                c.code, e.display, c.display
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_entry_of_the_table_has_a_source_and_none_is_listed_twice() {
    let table = table();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for e in &table.codes {
        let name = format!("{} {}", e.system, e.code);
        if !seen.insert((e.system.clone(), e.code.clone())) {
            problems.push(format!("{name}: listed twice"));
        }
        if e.display.trim().is_empty() {
            problems.push(format!("{name}: no display"));
        }
        if e.sources.is_empty() {
            problems.push(format!("{name}: no source"));
        }
        // The code system's own release, as a package ships it, is enough alone.
        let own_release = e.sources.iter().any(|s| s.package.is_some());
        if e.sources.len() == 1 && !own_release && e.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            problems.push(format!("{name}: one source and no note saying why it is enough"));
        }
        for s in &e.sources {
            if let Some(p) = s.problem() {
                problems.push(format!("{name}: {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
