//! The policy format's JSON Schema: the committed `docs/policy.schema.json` is exactly what
//! `precheck schema` generates from the model, and every shipped policy file validates against it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed() -> Value {
    let text = std::fs::read_to_string(root().join("docs/policy.schema.json")).expect("docs/policy.schema.json");
    serde_json::from_str(&text).expect("the committed schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed()).expect("the committed schema is a valid JSON Schema")
}

/// Every schema error for one document, as `path: message` lines.
fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let o = Command::new(env!("CARGO_BIN_EXE_precheck"))
        .arg("schema")
        .output()
        .expect("precheck runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let generated = String::from_utf8(o.stdout).expect("utf-8");
    let on_disk = std::fs::read_to_string(root().join("docs/policy.schema.json")).expect("schema file");
    // Byte for byte, so that the file is never hand-edited; line endings aside.
    assert!(
        generated == on_disk.replace("\r\n", "\n"),
        "docs/policy.schema.json is out of date: run `cargo run -p precheck -- schema > docs/policy.schema.json`"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&generated).unwrap(),
        criteria::model::json_schema()
    );
}

#[test]
fn every_shipped_policy_validates_against_the_schema() {
    let validator = validator();
    let dir = root().join("crates/policies/data");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("policy data folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let found = errors(&validator, &doc);
        assert!(found.is_empty(), "{}:\n{}", path.display(), found.join("\n"));
        checked += 1;
    }
    assert_eq!(checked, policies::all().len(), "one data file per shipped policy");
}

/// A way to break a good policy file.
type Breaker = fn(&mut Value);

/// The schema must reject what the parser rejects, or an editor would call a broken file fine.
#[test]
fn the_schema_rejects_what_the_parser_rejects() {
    let validator = validator();
    let text = std::fs::read_to_string(root().join("crates/policies/data/carvykti.json")).unwrap();
    let good: Value = serde_json::from_str(&text).unwrap();
    assert!(errors(&validator, &good).is_empty());
    let cases: [(&str, Breaker); 7] = [
        ("an unknown top-level field", |p| {
            p["$schema"] = "policy.schema.json".into();
        }),
        ("a misspelt question field", |p| {
            p["questions"][0]["promt"] = "x".into();
        }),
        ("an unknown question type", |p| {
            p["questions"][0]["type"] = "text".into();
        }),
        ("a node with two rules", |p| {
            let criteria = &mut p["sections"][0]["criteria"];
            criteria["use"] = "I.A.1".into();
        }),
        ("a node with no rule", |p| {
            let criteria = p["sections"][0]["criteria"].as_object_mut().unwrap();
            criteria.retain(|k, _| k == "id" || k == "label");
        }),
        ("a month that is not YYYY-MM", |p| {
            p["last_review"] = "May 2026".into();
        }),
        ("a unit constant that is not a pair", |p| {
            p["derived"][0]["expr"] = serde_json::json!({"qty": [1]});
        }),
    ];
    for (what, break_it) in cases {
        let mut bad = good.clone();
        break_it(&mut bad);
        assert!(!errors(&validator, &bad).is_empty(), "the schema accepts {what}");
        assert!(
            criteria::LoadedPolicy::from_json("bad.json", &bad.to_string()).is_err(),
            "the engine accepts {what}"
        );
    }
}
