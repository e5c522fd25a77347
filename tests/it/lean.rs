//! The lean path agrees with the full one: for every corpus case, every case cut to half its
//! answers, every case mixed with another's answers, and every answers entry of the bad-input
//! catalogue, `Prepared::parse` reads the same answers with the same errors as
//! `parse_answers`, and the lean verdict gives the same outcome, failed criteria, missing and
//! relevant questions and referrals as `evaluate`; the full result from prepared answers is the
//! full result.

use criteria::{evaluate, parse_answers, verdict, Context, Date, LineOfBusiness, LoadedPolicy, Prepared};
use serde_json::Value;

fn compare(policy: &LoadedPolicy, text: &str, ctx: &Context, what: &str) -> bool {
    let general = parse_answers(policy, text, ctx.as_of);
    let prepared = Prepared::parse(policy, text, ctx.as_of);
    let (answers, errors) = match (general, prepared) {
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{what}: the document is refused differently");
            return false;
        }
        (Ok((answers, errors)), Ok((prepared, prepared_errors))) => {
            assert_eq!(prepared.to_answers(), answers, "{what}: other answers");
            assert_eq!(prepared_errors, errors, "{what}: other errors");
            let full = evaluate(policy, &answers, ctx);
            assert_eq!(
                serde_json::to_value(prepared.evaluate(ctx, true)).unwrap(),
                serde_json::to_value(&full).unwrap(),
                "{what}: another full result"
            );
            let lean = prepared.verdict(ctx);
            assert_eq!(
                lean,
                verdict(policy, &answers, ctx),
                "{what}: the two lean paths differ"
            );
            assert_eq!(lean.outcome, full.outcome, "{what}: outcome");
            assert_eq!(lean.failed().collect::<Vec<_>>(), full.failed, "{what}: failed");
            assert_eq!(lean.missing().collect::<Vec<_>>(), full.missing, "{what}: missing");
            assert_eq!(lean.relevant().collect::<Vec<_>>(), full.relevant, "{what}: relevant");
            assert_eq!(lean.refer_to, full.refer_to, "{what}: referrals");
            (answers, errors)
        }
        (a, b) => panic!("{what}: one reader refuses, the other reads: {a:?} / {b:?}"),
    };
    !answers.is_empty() || !errors.is_empty()
}

#[test]
fn the_lean_verdict_and_the_one_pass_reader_agree_with_the_full_path() {
    let mut compared = 0;
    for (_, file) in precheck_tests::case_files() {
        let policy = policies::get(&file.policy).unwrap();
        for (n, a) in file.cases.iter().enumerate() {
            let ctx = Context {
                as_of: Date::parse(&a.as_of).unwrap(),
                line_of_business: a.line_of_business.as_deref().and_then(LineOfBusiness::parse),
            };
            let map = a.answers.as_object().unwrap();
            let half: serde_json::Map<String, Value> =
                map.iter().step_by(2).map(|(k, v)| (k.clone(), v.clone())).collect();
            let mut mixed = map.clone();
            if let Some(b) = file.cases.get((n + 1) % file.cases.len()) {
                for (k, v) in b.answers.as_object().unwrap() {
                    mixed.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            for (cut, answers) in [("all", map.clone()), ("half", half), ("mixed", mixed)] {
                let text = Value::Object(answers).to_string();
                compare(policy, &text, &ctx, &format!("{}: {} ({cut})", file.policy, a.name));
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "{compared} compared");
}

#[test]
fn the_one_pass_reader_refuses_and_reports_bad_answers_as_the_general_one() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/bad-inputs/catalogue.json")).unwrap();
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut compared = 0;
    for e in entries.iter().filter(|e| e["kind"] == "answers") {
        let policy = policies::get(e["policy"].as_str().unwrap()).unwrap();
        let as_of = Date::parse(e["as_of"].as_str().unwrap_or("2026-11-22")).unwrap();
        let ctx = Context {
            as_of,
            line_of_business: None,
        };
        let text = match (&e["text"], &e["answers"]) {
            (Value::String(t), _) => t.clone(),
            (_, answers) => answers.to_string(),
        };
        compare(policy, &text, &ctx, e["name"].as_str().unwrap());
        compared += 1;
    }
    // Duplicated keys cannot be written as a JSON value: the reader must see them as text.
    let policy = policies::get("CP.PHAR.533").unwrap();
    let ctx = Context {
        as_of: Date::parse("2026-11-22").unwrap(),
        line_of_business: None,
    };
    for text in [
        r#"{"diagnosis": "multiple_myeloma", "diagnosis": "other", "diagnosis": "multiple_myeloma"}"#,
        r#"{"nope": 1, "nope": 2, "spep_m_protein": 1e999, "spep_m_protein": 2}"#,
        r#"{"birth_date": "1990-01-01", "spep_date": "1980-01-01", "spep_m_protein": {"not_done": true}}"#,
        r#"{"di\u0061gnosis": "multiple_myeloma", "spep_m_protein": null}"#,
    ] {
        assert!(compare(policy, text, &ctx, text), "{text}: nothing read");
        compared += 1;
    }
    assert!(compared > 70, "{compared} compared");
}
