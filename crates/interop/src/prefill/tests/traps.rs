//! Every trap of a real chart, for every kind of mapping: a resource entered in error, refuted
//! or not final, dated after the as-of date or outside the policy's window, superseded by a
//! later one or duplicated, in another unit, or named only by text. Each is set aside with its
//! reason (or, named by text, matched by name where the mapping lists names), and the answer
//! comes from the good resource beside it.

use serde_json::{json, Value};

use super::*;

const AS_OF: &str = "2026-11-22";

/// One question per kind of mapping, results within a year.
fn policy() -> LoadedPolicy {
    let loinc = json!([{"system": "http://loinc.org", "code": "T-1", "display": "test"}]);
    let obs =
        |element: &str| json!({"resource": "Observation", "element": element, "within_days": 365, "codes": loinc});
    let rx = json!([{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "RX-1", "display": "drugone"}]);
    let med = |element: &str| json!({"resource": "Medication", "element": element, "codes": rx, "names": ["drugone", "Brandone"]});
    let text = json!({
        "id": "TRAP.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "classes": [{"id": "c", "label": "C"}],
        "drugs": [{"id": "drugone", "label": "drugone (Brandone)", "classes": ["c"], "names": ["drugone", "Brandone"], "codes": rx}],
        "questions": [
            {"id": "value", "prompt": "v", "type": "number", "unit": "g/dL", "accepts_units": ["g/L"], "min": 0, "fhir": obs("value")},
            {"id": "effective", "prompt": "e", "type": "date", "fhir": obs("effective")},
            {"id": "limit", "prompt": "l", "type": "number", "unit": "g/dL", "accepts_units": ["g/L"], "min": 0, "fhir": obs("reference_high")},
            {"id": "flag", "prompt": "f", "type": "yes_no", "fhir": obs("abnormal")},
            {"id": "highest", "prompt": "h", "type": "number", "unit": "g/dL", "accepts_units": ["g/L"], "min": 0, "fhir": obs("highest")},
            {"id": "dx", "prompt": "d", "type": "yes_no",
             "fhir": {"resource": "Condition", "element": "code", "codes": [{"system": "http://snomed.info/sct", "code": "D-1", "display": "dx"}]}},
            {"id": "first", "prompt": "f", "type": "date", "fhir": med("first_dose")},
            {"id": "stopped", "prompt": "s", "type": "date", "fhir": med("stopped")},
            {"id": "ongoing", "prompt": "o", "type": "yes_no", "fhir": med("ongoing")},
            {"id": "ever", "prompt": "e", "type": "drug_list", "classes": ["c"], "partial": true, "fhir": {"resource": "Medication", "element": "drugs"}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "a", "label": "a", "check": {"ge": [{"q": "value"}, {"q": "limit"}]}},
                {"id": "b", "label": "b", "check": {"ge": [{"q": "highest"}, {"qty": [1, "g/dL"]}]}},
                {"id": "c", "label": "c", "check": {"within_days": {"question": "effective", "days": 30}}},
                {"id": "d", "label": "d", "check": {"yes": "flag"}},
                {"id": "e", "label": "e", "check": {"yes": "dx"}},
                {"id": "f", "label": "f", "check": {"within_days": {"question": "first", "days": 3000}}},
                {"id": "g", "label": "g", "check": {"within_days": {"question": "stopped", "days": 3000}}},
                {"id": "h", "label": "h", "check": {"no": "ongoing"}},
                {"id": "i", "label": "i", "check": {"includes_any": {"question": "ever", "values": ["drugone"]}}}
            ]}}]
    });
    match LoadedPolicy::from_json("trap.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn result(id: &str, date: &str, value: f64, unit: &str, status: &str) -> Value {
    json!({"resource": {"resourceType": "Observation", "id": id, "status": status,
        "code": {"coding": [{"system": "http://loinc.org", "code": "T-1"}]},
        "effectiveDateTime": date, "valueQuantity": {"value": value, "unit": unit},
        "referenceRange": [{"high": {"value": 1.5, "unit": "g/dL"}}]}})
}

fn drug(id: &str, kind: &str, coded: bool, start: &str, end: &str, status: &str) -> Value {
    let concept = if coded {
        json!({"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "RX-1"}]})
    } else {
        json!({"text": "Brandone 10 mg"})
    };
    json!({"resource": {"resourceType": kind, "id": id, "status": status, "medicationCodeableConcept": concept,
        "effectivePeriod": {"start": start, "end": end}}})
}

fn run(entries: Vec<Value>) -> Prefill {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": super::of_a_patient(entries)});
    let as_of = Date::parse(AS_OF).unwrap_or(Date::UNIX_EPOCH);
    match prefill(&policy(), &bundle.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

/// The reason each of the record's resources was set aside for `question`.
fn set_aside(p: &Prefill, question: &str) -> Vec<(String, Reason)> {
    p.ignored
        .iter()
        .filter(|i| i.question == question)
        .map(|i| (i.source.id.clone(), i.reason.clone()))
        .collect()
}

#[test]
fn every_result_trap_is_set_aside_for_every_kind_of_result_mapping() {
    let good = result("good", "2026-11-01", 20.0, "g/L", "final");
    let traps = [
        (
            result("error", "2026-11-10", 9.0, "g/dL", "entered-in-error"),
            Reason::EnteredInError,
        ),
        (
            result("prelim", "2026-11-12", 9.0, "g/dL", "preliminary"),
            Reason::NotFinal {
                status: "preliminary".into(),
            },
        ),
        (result("later", "2026-12-01", 9.0, "g/dL", "final"), Reason::AfterAsOf),
        (
            result("old", "2024-01-01", 9.0, "g/dL", "final"),
            Reason::OutsideWindow {
                days: 1056,
                within_days: 365,
            },
        ),
        (
            result("unit", "2026-11-15", 9.0, "mmol/L", "final"),
            Reason::Unit { unit: "mmol/L".into() },
        ),
        (
            result("older", "2026-10-01", 9.0, "g/dL", "final"),
            Reason::Superseded { by: "good".into() },
        ),
    ];
    for (trap, reason) in traps {
        let id = trap["resource"]["id"].as_str().unwrap_or_default().to_owned();
        let p = run(vec![good.clone(), trap]);
        // 20 g/L is 2 g/dL: converted, from the good result, whatever the trap.
        assert_eq!(p.answers().get("value"), Some(&json!(2.0)), "{id}");
        assert_eq!(p.answers().get("effective"), Some(&json!("2026-11-01")), "{id}");
        assert_eq!(p.answers().get("limit"), Some(&json!(1.5)), "{id}");
        assert_eq!(p.answers().get("flag"), Some(&json!(true)), "{id}");
        assert_eq!(p.answers().get("highest"), Some(&json!(2.0)), "{id}");
        // Each kind sets the trap aside with the same reason. A unit that does not convert
        // spoils the value; the date and the limit are the value's own result's, so that
        // result is not theirs either; a flag is read against the lab's range as reported,
        // whatever its unit, so the latest result flags.
        for q in ["value", "highest", "effective", "limit", "flag"] {
            let found = set_aside(&p, q);
            match (&reason, q) {
                (Reason::Unit { .. }, "effective" | "limit") => {
                    assert!(
                        found.contains(&(id.clone(), Reason::Superseded { by: "good".into() })),
                        "{q} {id}: {found:?}"
                    );
                }
                (Reason::Unit { .. }, "flag") => {
                    assert!(
                        found.contains(&("good".to_owned(), Reason::Superseded { by: id.clone() })),
                        "{q} {id}: {found:?}"
                    );
                }
                _ => assert!(found.contains(&(id.clone(), reason.clone())), "{q} {id}: {found:?}"),
            }
        }
    }
    // Duplicated: the same result twice, one used and the other listed beside it.
    let p = run(vec![good.clone(), good.clone()]);
    assert_eq!(p.answers().get("value"), Some(&json!(2.0)));
    assert_eq!(
        set_aside(&p, "value"),
        vec![("good".to_owned(), Reason::Superseded { by: "good".into() })]
    );
    // Named only by text: no code, so never taken for the test.
    let mut text_only = good.clone();
    text_only["resource"]["code"] = json!({"text": "M-protein"});
    assert!(run(vec![text_only]).proposals.is_empty());
}

#[test]
fn every_condition_trap_is_set_aside() {
    let condition = |id: &str, verification: &str, clinical: &str| {
        json!({"resource": {"resourceType": "Condition", "id": id, "recordedDate": "2025-01-01",
            "verificationStatus": {"coding": [{"code": verification}]},
            "clinicalStatus": {"coding": [{"code": clinical}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "D-1"}]}}})
    };
    for (c, reason) in [
        (condition("e", "entered-in-error", "active"), Reason::EnteredInError),
        (
            condition("r", "refuted", "active"),
            Reason::NotFinal {
                status: "refuted".into(),
            },
        ),
        (
            condition("x", "confirmed", "resolved"),
            Reason::NotActive {
                status: "resolved".into(),
            },
        ),
    ] {
        let p = run(vec![c]);
        assert_eq!(p.answers().get("dx"), None, "absence is never a no: {reason:?}");
        assert_eq!(set_aside(&p, "dx").len(), 1);
        assert_eq!(set_aside(&p, "dx")[0].1, reason);
    }
    // Named only by text: not matched.
    let text_only = json!({"resource": {"resourceType": "Condition", "id": "t", "code": {"text": "dx"}}});
    assert!(run(vec![text_only]).proposals.is_empty());
}

#[test]
fn every_medication_trap_is_set_aside_and_a_drug_named_only_by_text_is_matched_by_name() {
    let good = drug(
        "good",
        "MedicationStatement",
        false,
        "2025-01-01",
        "2025-06-01",
        "completed",
    );
    let traps = [
        (
            drug(
                "error",
                "MedicationStatement",
                true,
                "2025-07-01",
                "2025-09-01",
                "entered-in-error",
            ),
            Reason::EnteredInError,
        ),
        (
            drug(
                "declined",
                "MedicationStatement",
                true,
                "2025-07-01",
                "2025-09-01",
                "not-taken",
            ),
            Reason::NotFinal {
                status: "not-taken".into(),
            },
        ),
        (
            drug(
                "later",
                "MedicationStatement",
                true,
                "2026-12-01",
                "2026-12-20",
                "active",
            ),
            Reason::AfterAsOf,
        ),
    ];
    for (trap, reason) in traps {
        let id = trap["resource"]["id"].as_str().unwrap_or_default().to_owned();
        let p = run(vec![good.clone(), trap]);
        // By name: "Brandone 10 mg" is drugone.
        assert_eq!(p.answers().get("first"), Some(&json!("2025-01-01")), "{id}");
        assert_eq!(p.answers().get("stopped"), Some(&json!("2025-06-01")), "{id}");
        assert_eq!(p.answers().get("ongoing"), Some(&json!(false)), "{id}");
        assert_eq!(p.answers().get("ever"), Some(&json!({"partial": ["drugone"]})), "{id}");
        for q in ["first", "stopped", "ongoing", "ever"] {
            assert!(
                set_aside(&p, q).contains(&(id.clone(), reason.clone())),
                "{q} {id}: {:?}",
                set_aside(&p, q)
            );
        }
    }
    // The same course recorded twice (a statement and its duplicate): one course, its dates.
    let p = run(vec![good.clone(), good]);
    assert_eq!(p.answers().get("first"), Some(&json!("2025-01-01")));
    assert!(p.proposals.iter().all(|x| x.inferred.is_none()), "one course, not two");
}

#[test]
fn an_entry_of_another_patient_refuses_the_record() {
    let entries = vec![
        json!({"resource": {"resourceType": "Patient", "id": "a"}}),
        json!({"resource": {"resourceType": "Observation", "id": "o", "status": "final", "subject": {"reference": "Patient/b"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "T-1"}]},
            "effectiveDateTime": "2026-11-01", "valueQuantity": {"value": 2.0, "unit": "g/dL"}}}),
    ];
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let as_of = Date::parse(AS_OF).unwrap_or(Date::UNIX_EPOCH);
    assert_eq!(
        prefill(&policy(), &bundle.to_string(), as_of),
        Err(PrefillError::OtherPatient("Observation o".into(), "b".into()))
    );
    // The same entry of the record's own patient, by a relative or an absolute reference.
    for reference in ["Patient/a", "https://ehr.example/fhir/Patient/a"] {
        let mut mine = bundle.clone();
        mine["entry"][1]["resource"]["subject"]["reference"] = json!(reference);
        let p = match prefill(&policy(), &mine.to_string(), as_of) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(p.answers().get("value"), Some(&json!(2.0)), "{reference}");
    }
}

#[test]
fn an_outcome_resting_on_two_alternatives_together_names_both() {
    // Met when `c` and either `a` or `b` are yes: with all three unconfirmed, `c` matters
    // alone and `a` and `b` together; all three are named.
    let text = json!({
        "id": "REST.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "questions": [
            {"id": "a", "prompt": "a", "type": "yes_no"},
            {"id": "b", "prompt": "b", "type": "yes_no"},
            {"id": "c", "prompt": "c", "type": "yes_no"}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "x", "label": "x", "check": {"yes": "c"}},
                {"id": "y", "label": "y", "any": [
                    {"id": "y1", "label": "y1", "check": {"yes": "a"}},
                    {"id": "y2", "label": "y2", "check": {"yes": "b"}}
                ]}
            ]}}]
    });
    let lp = match LoadedPolicy::from_json("rest.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let as_of = Date::parse(AS_OF).unwrap_or(Date::UNIX_EPOCH);
    let (answers, _) = match criteria::answers_from_json(&lp, &json!({"a": true, "b": true, "c": true}), as_of) {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let ctx = criteria::Context {
        as_of,
        line_of_business: None,
    };
    let all = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
    assert_eq!(criteria::rests_on(&lp, &answers, &ctx, &all), ["c", "a", "b"]);
    // Confirmed `a`: `b` alone no longer matters.
    assert_eq!(criteria::rests_on(&lp, &answers, &ctx, &all[1..]), ["c"]);
}
