//! The library embedded at build time (`build.rs` validated every file with the engine):
//! loaded once, listed by id, searched and indexed by code through its manifest.

use std::sync::OnceLock;

use criteria::LoadedPolicy;

use crate::manifest::{CodeHit, Entry, Manifest, FORMAT};

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// The embedded policies and their manifest.
pub struct Library {
    pub policies: Vec<LoadedPolicy>,
    pub manifest: Manifest,
}

/// A HCPCS or CPT code and the policy that lists it.
pub type CodeEntry = CodeHit<'static>;

/// The embedded library, loaded once.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        // A file that does not load cannot reach here (the build refuses it); were the
        // browser's parser ever to differ, it would be missing, which `every_embedded_policy_loads`
        // (natively and in Chromium) reports.
        let loaded: Vec<(&str, &str, LoadedPolicy)> = SOURCES
            .iter()
            .filter_map(|(name, text)| LoadedPolicy::from_json(name, text).ok().map(|p| (*name, *text, p)))
            .collect();
        let manifest = Manifest {
            format: FORMAT,
            policies: loaded
                .iter()
                .map(|(name, text, p)| Entry::of(p, name, text.as_bytes()))
                .collect(),
        };
        Library {
            policies: loaded.into_iter().map(|(_, _, p)| p).collect(),
            manifest,
        }
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

/// The policies whose coding tables list `code` (case-insensitive, surrounding space ignored).
pub fn lookup(code: &str) -> Vec<CodeEntry> {
    library().manifest.lookup(code)
}

/// Every code of every policy, in policy then table order.
pub fn code_index() -> Vec<CodeEntry> {
    library().manifest.codes()
}

/// Policies matching a search: by id, title, subject, keyword or code. Every word of the query
/// must match somewhere; an empty query matches all.
pub fn search(query: &str) -> Vec<&'static LoadedPolicy> {
    library()
        .manifest
        .search(query)
        .into_iter()
        .filter_map(|e| get(&e.id))
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
