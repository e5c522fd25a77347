//! Every synthetic patient (`tests/patients/`, written by `scripts/fhir/synthetic-patients.py`
//! from the corpus) screened as a clinician would: the record filled first, the rest typed. It
//! must reach its case's expected outcome, every mapped answer must come from the record with
//! a source, and a messy record's duplicates and errors must be set aside, not used.

use std::path::Path;

use criteria::{answers_from_json, evaluate, Context, Date, LineOfBusiness};
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Patient {
    policy: String,
    case: String,
    as_of: String,
    line_of_business: Option<String>,
    outcome: String,
    typed: Map<String, Value>,
    /// Lists the clinician confirms complete: the record's proposal loses its "may be
    /// incomplete" mark, as unticking the box does in the form.
    #[serde(default)]
    confirm_complete: Vec<String>,
    record: Value,
}

#[test]
fn every_synthetic_patient_fills_the_screen_to_its_expected_outcome() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/patients"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/patients")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "only {} synthetic patients", files.len());
    let mut problems = Vec::new();
    let mut from_record = 0;
    for path in &files {
        let name = path.display().to_string();
        let p: Patient = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default()).expect(&name);
        let policy = policies::get(&p.policy).expect("a policy of the library");
        let as_of = Date::parse(&p.as_of).expect("as_of");
        let found = match interop::prefill::prefill(policy, &p.record.to_string(), as_of) {
            Ok(found) => found,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        if let Some(x) = found.proposals.iter().find(|x| x.sources.is_empty()) {
            problems.push(format!("{name}: {} has no source", x.question));
        }
        if found
            .ignored
            .iter()
            .any(|i| matches!(i.reason, interop::prefill::Reason::Refused { .. }))
        {
            problems.push(format!("{name}: a record value was refused: {:?}", found.ignored));
        }
        if name.ends_with("-messy.json") && found.ignored.is_empty() && found.proposals.len() > 1 {
            problems.push(format!("{name}: a messy record set nothing aside"));
        }
        from_record += found.proposals.len();
        // The record first, then what the clinician types (typed answers win).
        let mut answers = found.answers();
        for q in p.confirm_complete.iter().filter(|q| !answers.contains_key(*q)) {
            problems.push(format!("{name}: {q} was not proposed from the record's medications"));
        }
        for q in &p.confirm_complete {
            if let Some(Value::Object(o)) = answers.get(q).cloned() {
                if let Some(list) = o.get("partial") {
                    answers.insert(q.clone(), list.clone());
                }
            }
        }
        answers.extend(p.typed.clone());
        let (answers, errors) = answers_from_json(policy, &Value::Object(answers), as_of).expect("an object");
        if !errors.is_empty() {
            problems.push(format!("{name}: answer errors {errors:?}"));
        }
        let ctx = Context {
            as_of,
            line_of_business: p.line_of_business.as_deref().and_then(LineOfBusiness::parse),
        };
        let r = evaluate(policy, &answers, &ctx);
        if r.outcome.as_str() != p.outcome {
            problems.push(format!(
                "{name} ({}): expected {}, got {}",
                p.case,
                p.outcome,
                r.outcome.as_str()
            ));
        }
    }
    assert!(from_record > 0, "no answer came from a record");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
