//! Tidy checks of the code base itself, in the style of rust-analyzer's `tidy.rs`: every Rust
//! file opens with a `//!` comment saying what it is; no file grows past 800 lines without a
//! written reason; no test is skipped, expected to panic or timed by sleeping; no policy, drug,
//! class or policy-declared unit is named in the engine, the renderer, the interop crate or the
//! app (adding a policy is a data file); and ARCHITECTURE.md's code map names every module and
//! nothing that is gone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Files allowed past 800 lines, each with the reason.
const LONG_FILES: &[(&str, &str)] = &[(
    "crates/cli/tests/it/bad_inputs.rs",
    "one catalogue replayed through the engine, the CLI, the batch reader and the form's import; \
     the four replays share the catalogue's types and helpers",
)];

const MAX_LINES: usize = 800;

/// The crates whose code must not know any policy.
const POLICY_FREE: &[&str] = &[
    "crates/criteria/src",
    "crates/authoring/src",
    "crates/render/src",
    "crates/interop/src",
    "crates/app/src",
];

fn rust_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "target" | "node_modules" | ".git" | "corpus" | "artifacts"
                ) {
                    walk(&path, out);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["crates", "tests", "fuzz/fuzz_targets"] {
        walk(&Path::new(ROOT).join(dir), &mut out);
    }
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .to_string_lossy()
        .trim_start_matches('/')
        .to_owned()
}

#[test]
fn every_rust_file_says_what_it_is_and_stays_short() {
    let mut bad = Vec::new();
    let files = rust_files();
    assert!(files.len() > 40, "found only {} Rust files under {ROOT}", files.len());
    for path in &files {
        let rel = relative(path);
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if !text.starts_with("//!") {
            bad.push(format!("{rel}: does not open with a `//!` comment"));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| *f == rel) {
            bad.push(format!(
                "{rel}: {lines} lines; split it, or add it to LONG_FILES with the reason"
            ));
        }
    }
    for (f, _) in LONG_FILES {
        let lines = std::fs::read_to_string(Path::new(ROOT).join(f)).map_or(0, |t| t.lines().count());
        if lines <= MAX_LINES {
            bad.push(format!("{f}: {lines} lines, no longer needs its LONG_FILES entry"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_test_is_skipped_expected_to_panic_or_timed_by_sleeping() {
    // Spelled in pieces, so that this file does not match itself.
    let banned = [
        ["#[", "ignore"].concat(),
        ["should", "_panic"].concat(),
        ["sleep", "("].concat(),
    ];
    let mut bad = Vec::new();
    for path in rust_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for b in &banned {
                if line.contains(b.as_str()) {
                    bad.push(format!("{}:{}: `{b}`", relative(&path), n + 1));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Policy ids (matched anywhere), and drug ids, class ids and declared units (matched as string
/// literals), from every policy of the library.
fn policy_names() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut literals = BTreeSet::new();
    for lp in policies::all() {
        let p = &lp.policy;
        ids.insert(p.id.clone());
        literals.extend(p.drugs.iter().map(|d| d.id.clone()));
        literals.extend(p.classes.iter().map(|c| c.id.clone()));
        literals.extend(p.units.iter().map(|u| u.unit.clone()));
    }
    (ids, literals)
}

#[test]
fn no_policy_is_named_in_the_engine_the_renderer_interop_or_the_app() {
    let (ids, literals) = policy_names();
    assert!(!ids.is_empty() && !literals.is_empty());
    let mut bad = Vec::new();
    for path in rust_files() {
        let rel = relative(&path);
        if !POLICY_FREE.iter().any(|dir| rel.starts_with(dir)) || rel.ends_with("/tests.rs") || rel.contains("/tests/")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Unit tests at the end of a file may use fixtures of their own.
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            for id in &ids {
                if line.contains(id.as_str()) {
                    bad.push(format!("{rel}:{}: policy id `{id}`", n + 1));
                }
            }
            for name in &literals {
                if line.contains(&format!("\"{name}\"")) {
                    bad.push(format!("{rel}:{}: `\"{name}\"` belongs to a policy file", n + 1));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Backticked words of a Markdown text.
fn backticked(text: &str) -> BTreeSet<String> {
    text.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn the_code_map_names_every_module_and_nothing_that_is_gone() {
    let map = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap_or_default();
    let named = backticked(&map);
    let mut bad = Vec::new();
    let crates: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("crates"))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    for krate in &crates {
        let rel = relative(krate);
        if !named.iter().any(|n| n.starts_with(&rel)) {
            bad.push(format!("{rel}: no section of the code map"));
        }
        let src = krate.join("src");
        for path in rust_files().into_iter().filter(|p| p.starts_with(&src)) {
            let module = relative(&path)
                .trim_start_matches(&format!("{}/", relative(&src)))
                .to_owned();
            if matches!(module.as_str(), "lib.rs" | "main.rs") {
                continue;
            }
            let file = module.rsplit('/').next().unwrap_or(&module).to_owned();
            let dir = module.rsplit_once('/').map(|(d, _)| format!("{d}/"));
            let listed = named.contains(&module)
                || named.contains(&file) && file != "mod.rs"
                || dir.as_ref().is_some_and(|d| named.contains(d));
            if !listed {
                bad.push(format!("{}: not in ARCHITECTURE.md's code map", relative(&path)));
            }
        }
    }
    // And every Rust file the map names exists.
    let all: Vec<String> = rust_files().iter().map(|p| relative(p)).collect();
    for n in named.iter().filter(|n| n.ends_with(".rs") && !n.contains(' ')) {
        if !all.iter().any(|f| f.ends_with(&format!("/{n}")) || f == n) {
            bad.push(format!("ARCHITECTURE.md names `{n}`, which does not exist"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
