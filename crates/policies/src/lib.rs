//! The policy library: every policy file in `data/`, embedded at build time and validated on
//! first use, with look-ups by id, by search text and by HCPCS/CPT code.

use std::sync::OnceLock;

use criteria::LoadedPolicy;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// The embedded policies. `build.rs` validated every file with the engine, so each loads.
pub struct Library {
    pub policies: Vec<LoadedPolicy>,
}

/// The embedded library, loaded once.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        // A file that does not load cannot reach here (the build refuses it); were the
        // browser's parser ever to differ, it would be missing, which `every_embedded_policy_loads`
        // (natively and in Chromium) reports.
        let policies = SOURCES
            .iter()
            .filter_map(|(name, text)| LoadedPolicy::from_json(name, text).ok())
            .collect();
        Library { policies }
    })
}

/// All loaded policies, in file-name order.
pub fn all() -> &'static [LoadedPolicy] {
    &library().policies
}

/// The policy with this id (case-insensitive).
pub fn get(id: &str) -> Option<&'static LoadedPolicy> {
    all().iter().find(|p| p.policy.id.eq_ignore_ascii_case(id.trim()))
}

/// A HCPCS or CPT code and the policy that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeEntry {
    pub code: &'static str,
    pub system: &'static str,
    pub label: &'static str,
    pub policy: &'static str,
}

/// The policies whose coding tables list `code` (case-insensitive, surrounding space ignored).
pub fn lookup(code: &str) -> Vec<CodeEntry> {
    let code = code.trim();
    all()
        .iter()
        .flat_map(|p| p.policy.codes.iter().map(move |c| (p, c)))
        .filter(|(_, c)| c.code.eq_ignore_ascii_case(code))
        .map(|(p, c)| CodeEntry {
            code: &c.code,
            system: &c.system,
            label: &c.label,
            policy: &p.policy.id,
        })
        .collect()
}

/// Every code of every policy, in policy then table order.
pub fn code_index() -> Vec<CodeEntry> {
    all()
        .iter()
        .flat_map(|p| {
            p.policy.codes.iter().map(move |c| CodeEntry {
                code: &c.code,
                system: &c.system,
                label: &c.label,
                policy: &p.policy.id,
            })
        })
        .collect()
}

/// Policies matching a search: by id, title, subject, keyword or code. Every word of the query
/// must match somewhere; an empty query matches all.
pub fn search(query: &str) -> Vec<&'static LoadedPolicy> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    all()
        .iter()
        .filter(|p| {
            let policy = &p.policy;
            let mut haystack = format!("{} {} {}", policy.id, policy.title, policy.subject).to_lowercase();
            for k in &policy.keywords {
                haystack.push(' ');
                haystack.push_str(&k.to_lowercase());
            }
            for c in &policy.codes {
                haystack.push(' ');
                haystack.push_str(&c.code.to_lowercase());
            }
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_ids_are_unique() {
        let mut ids: Vec<&str> = all().iter().map(|p| p.policy.id.as_str()).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }

    #[test]
    fn every_code_maps_to_its_policy() {
        for entry in code_index() {
            let found = lookup(entry.code);
            assert!(found.iter().any(|e| e.policy == entry.policy), "{}", entry.code);
            assert!(
                search(entry.code).iter().any(|p| p.policy.id == entry.policy),
                "{}",
                entry.code
            );
        }
    }
}
