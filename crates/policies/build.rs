//! Embeds every `data/*.json` policy file, so that adding a policy is adding a data file.
//!
//! Each file is validated here with the engine itself: a policy with a problem fails the build
//! with the file and JSON path of every problem. The embedded copy is minified JSON.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json") && n != "manifest.json")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut failed = false;
    let mut out = String::from(
        "/// Every policy file in `data/`, as (file name, minified text).\npub static SOURCES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if let Err(err) = criteria::LoadedPolicy::from_json(name, &text) {
            for line in err.lines() {
                println!("cargo:warning={line}");
            }
            failed = true;
            continue;
        }
        let minified = serde_json::from_str::<serde_json::Value>(&text)
            .map(|v| v.to_string())
            .unwrap_or(text);
        let target = Path::new(&out_dir).join(name);
        if let Err(err) = std::fs::write(&target, minified) {
            println!("cargo:warning=cannot write {}: {err}", target.display());
            failed = true;
        }
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),"
        );
    }
    out.push_str("];\n");
    let target = Path::new(&out_dir).join("sources.rs");
    if let Err(err) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {err}", target.display());
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}
