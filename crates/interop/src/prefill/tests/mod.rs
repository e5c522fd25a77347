//! The prefill on small records: every resource kind it reads, and every reason it sets a
//! resource aside.

use serde_json::{json, Value};

use super::*;

fn policy() -> LoadedPolicy {
    let text = json!({
        "id": "PF.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "birth_date_question": "birth_date",
        "questions": [
            {"id": "birth_date", "prompt": "Born", "type": "date",
             "fhir": {"resource": "Patient", "element": "birth_date"}},
            {"id": "dx", "prompt": "Diagnosis", "type": "choice",
             "options": [{"value": "mm", "label": "Myeloma"}, {"value": "other", "label": "Other"}],
             "fhir": {"resource": "Condition", "element": "code", "options": {"mm": [
                 {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00", "display": "Multiple myeloma not having achieved remission"}]}}},
            {"id": "lab", "prompt": "Lab", "type": "number", "unit": "g/dL", "accepts_units": ["g/L"], "min": 0, "max": 20,
             "fhir": {"resource": "Observation", "element": "value", "within_days": 30,
                      "codes": [{"system": "http://loinc.org", "code": "TEST-1", "display": "test"}]}},
            {"id": "lab_date", "prompt": "Lab date", "type": "date",
             "fhir": {"resource": "Observation", "element": "effective", "within_days": 30,
                      "codes": [{"system": "http://loinc.org", "code": "TEST-1", "display": "test"}]}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "a", "label": "a", "check": {"choice_in": {"question": "dx", "values": ["mm"]}}},
                {"id": "b", "label": "b", "check": {"ge": [{"q": "lab"}, {"qty": [1, "g/dL"]}]}},
                {"id": "c", "label": "c", "check": {"within_days": {"question": "lab_date", "days": 30}}},
                {"id": "d", "label": "d", "check": {"ge": [{"years_since": "birth_date"}, {"qty": [18, "years"]}]}}
            ]}}]
    });
    match LoadedPolicy::from_json("pf.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn obs(id: &str, date: &str, value: f64, unit: &str, status: &str) -> Value {
    json!({"resource": {"resourceType": "Observation", "id": id, "status": status,
        "code": {"coding": [{"system": "http://loinc.org", "code": "TEST-1"}]},
        "effectiveDateTime": date, "valueQuantity": {"value": value, "unit": unit}}})
}

/// The entries with a Patient first, unless they hold one: a record names its patient.
fn of_a_patient(mut entries: Vec<Value>) -> Vec<Value> {
    if !entries.iter().any(|e| e["resource"]["resourceType"] == "Patient") {
        entries.insert(0, json!({"resource": {"resourceType": "Patient", "id": "p0"}}));
    }
    entries
}

fn run(entries: Vec<Value>) -> Prefill {
    let entries = of_a_patient(entries);
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    match prefill(&policy(), &bundle.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn reasons(p: &Prefill) -> Vec<(String, String, Reason)> {
    p.ignored
        .iter()
        .map(|i| (i.question.clone(), i.source.id.clone(), i.reason.clone()))
        .collect()
}

#[test]
fn reads_birth_date_condition_and_the_most_recent_lab_in_its_window() {
    let p = run(vec![
        json!({"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1958-04-12"}}),
        json!({"resource": {"resourceType": "Condition", "id": "c1", "recordedDate": "2024-02-01",
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00", "display": "MM"}]}}}),
        obs("o-old", "2026-09-01", 1.1, "g/dL", "final"),
        obs("o-new", "2026-11-12", 12.0, "g/L", "final"),
        obs("o-mid", "2026-11-01", 1.3, "g/dL", "final"),
    ]);
    let answers = p.answers();
    assert_eq!(answers.get("birth_date"), Some(&json!("1958-04-12")));
    assert_eq!(answers.get("dx"), Some(&json!("mm")));
    // 12 g/L is 1.2 g/dL: converted with the engine's units, the original kept in the source.
    let lab = p
        .proposals
        .iter()
        .find(|x| x.question == "lab")
        .map(|x| x.answer.as_f64());
    assert!(lab.flatten().is_some_and(|v| (v - 1.2).abs() < 1e-9), "{lab:?}");
    let source = &p
        .proposals
        .iter()
        .find(|x| x.question == "lab")
        .map(|x| x.sources[0].clone());
    assert_eq!(
        source.as_ref().map(|s| (s.id.as_str(), s.unit.as_deref())),
        Some(("o-new", Some("g/L")))
    );
    assert_eq!(answers.get("lab_date"), Some(&json!("2026-11-12")));
    let r = reasons(&p);
    assert!(
        r.contains(&(
            "lab".into(),
            "o-old".into(),
            Reason::OutsideWindow {
                days: 82,
                within_days: 30
            }
        )),
        "{r:?}"
    );
    assert!(
        r.contains(&("lab".into(), "o-mid".into(), Reason::Superseded { by: "o-new".into() })),
        "{r:?}"
    );
}

#[test]
fn sets_aside_errors_preliminary_results_odd_units_and_values_the_engine_refuses() {
    let p = run(vec![
        obs("o-err", "2026-11-20", 1.0, "g/dL", "entered-in-error"),
        obs("o-pre", "2026-11-19", 1.0, "g/dL", "preliminary"),
        obs("o-unit", "2026-11-18", 1.0, "mmol/L", "final"),
        obs("o-future", "2026-12-01", 1.0, "g/dL", "final"),
        json!({"resource": {"resourceType": "Condition", "id": "c-err", "verificationStatus": {"coding": [{"code": "entered-in-error"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}}),
    ]);
    let r = reasons(&p);
    assert!(
        r.contains(&("lab".into(), "o-err".into(), Reason::EnteredInError)),
        "{r:?}"
    );
    assert!(
        r.contains(&(
            "lab".into(),
            "o-pre".into(),
            Reason::NotFinal {
                status: "preliminary".into()
            }
        )),
        "{r:?}"
    );
    assert!(
        r.contains(&("lab".into(), "o-unit".into(), Reason::Unit { unit: "mmol/L".into() })),
        "{r:?}"
    );
    assert!(
        r.contains(&("lab".into(), "o-future".into(), Reason::AfterAsOf)),
        "{r:?}"
    );
    assert!(
        r.contains(&("dx".into(), "c-err".into(), Reason::EnteredInError)),
        "{r:?}"
    );
    assert!(p.answers().get("lab").is_none() && p.answers().get("dx").is_none());
    // Out of the question's range: the engine refuses it, and the prefill says so.
    let high = run(vec![obs("o-high", "2026-11-20", 25.0, "g/dL", "final")]);
    assert!(
        matches!(high.ignored.first().map(|i| &i.reason), Some(Reason::Refused { .. })),
        "{:?}",
        high.ignored
    );
    // A condition absent from the record answers nothing, never "other".
    assert!(high.answers().get("dx").is_none());
}

#[test]
fn reads_a_single_resource_and_refuses_what_is_not_fhir() {
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let patient = json!({"resourceType": "Patient", "id": "p", "birthDate": "1990-01-01"}).to_string();
    let p = prefill(&policy(), &patient, as_of).ok();
    assert_eq!(
        p.map(|p| p.answers().get("birth_date").cloned()),
        Some(Some(json!("1990-01-01")))
    );
    assert!(matches!(
        prefill(&policy(), "not json", as_of),
        Err(PrefillError::Json(_))
    ));
    assert!(matches!(
        prefill(&policy(), "[1, 2]", as_of),
        Err(PrefillError::NotFhir(_))
    ));
    assert!(matches!(
        prefill(&policy(), "{\"a\": 1}", as_of),
        Err(PrefillError::NotFhir(_))
    ));
    // A birth date the engine cannot take (a year only) is set aside, named.
    let partial = json!({"resourceType": "Patient", "id": "p", "birthDate": "1990"}).to_string();
    let p = prefill(&policy(), &partial, as_of).ok();
    assert!(p.is_some_and(|p| matches!(p.ignored.first().map(|i| &i.reason), Some(Reason::Refused { .. }))));
}

#[test]
fn a_malformed_resource_spoils_only_itself() {
    let p = run(vec![
        json!({"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1958-04-12"}}),
        json!({"resource": {"resourceType": "Condition", "id": "c1",
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}}),
        json!({"resource": {"resourceType": "Observation", "id": "o1", "status": "final", "effectiveDateTime": 20261101,
            "code": {"coding": [{"system": "http://loinc.org", "code": "TEST-1"}]}}}),
        json!({"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "AMB"}}}),
    ]);
    assert_eq!(p.unreadable, 1, "the result with a number for a date");
    assert_eq!(p.answers().get("dx"), Some(&json!("mm")));
    assert!(p.answers().get("lab").is_none());
}

#[test]
fn issue_22_a_record_that_names_no_patient_is_refused() {
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let condition = json!({"resourceType": "Condition", "id": "c1",
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}});
    // A resource alone, and a Bundle whose only Patient cannot be read.
    let unreadable_patient = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": 19580412}},
        {"resource": condition.clone()}]});
    for record in [condition, unreadable_patient] {
        assert_eq!(
            prefill(&policy(), &record.to_string(), as_of),
            Err(PrefillError::NoPatient)
        );
    }
}

fn med(kind: &str, id: &str, name: &str, start: &str, end: Option<&str>, status: &str) -> Value {
    let mut r = json!({"resourceType": kind, "id": id, "status": status,
        "medicationCodeableConcept": {"text": name}});
    match (kind, end) {
        ("MedicationRequest", _) => r["authoredOn"] = json!(start),
        (_, Some(end)) => r["effectivePeriod"] = json!({"start": start, "end": end}),
        (_, None) => r["effectiveDateTime"] = json!(start),
    }
    json!({ "resource": r })
}

#[test]
fn proposes_prior_lines_from_the_medication_history_by_name() {
    let lp = match policies::get("CPCT.MNG.ABECMA") {
        Some(p) => p,
        None => panic!("Abecma is in the library"),
    };
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}},
        // Relapse documented between the two lines.
        {"resource": {"resourceType": "Condition", "id": "relapse", "onsetDateTime": "2023-02-10",
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02", "display": "Multiple myeloma in relapse"}]}}},
        // Line 1: VRd induction, then lenalidomide maintenance after a short break.
        med("MedicationStatement", "m1", "Velcade 1.3 mg/m2 subcutaneous", "2021-01-10", Some("2021-05-30"), "completed"),
        med("MedicationStatement", "m2", "lenalidomide 25 MG Oral Capsule", "2021-01-10", Some("2021-05-30"), "completed"),
        med("MedicationAdministration", "m3", "dexamethasone", "2021-01-10", None, "completed"),
        med("MedicationStatement", "m4", "Revlimid 10 mg", "2021-06-20", Some("2023-02-01"), "completed"),
        // Line 2: a new drug after the first line ended.
        med("MedicationRequest", "m5", "daratumumab and hyaluronidase-fihj", "2023-03-01", None, "active"),
        med("MedicationStatement", "m6", "pomalidomide", "2023-03-01", Some("2024-01-15"), "completed"),
        // Set aside or not a catalogue drug.
        med("MedicationStatement", "m7", "carfilzomib", "2024-02-01", Some("2024-06-01"), "entered-in-error"),
        med("MedicationStatement", "m8", "acyclovir 400 mg", "2021-01-10", None, "completed"),
    ]});
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let p = match prefill(lp, &bundle.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        p.answers().get("prior_lines"),
        Some(&json!({"partial": [
            {"drugs": ["bortezomib", "lenalidomide", "dexamethasone"], "start": "2021-01-10"},
            {"drugs": ["daratumumab_hyaluronidase", "pomalidomide"], "start": "2023-03-01"}
        ]})),
        "{:?}",
        p.proposals
    );
    let lines = p
        .proposals
        .iter()
        .find(|x| x.question == "prior_lines")
        .map(|x| x.sources.len());
    assert_eq!(lines, Some(7), "every record used is a source, the relapse too");
    assert!(p
        .ignored
        .iter()
        .any(|i| i.source.id == "m7" && i.reason == Reason::EnteredInError));
    assert!(
        !p.ignored.iter().any(|i| i.source.id == "m8"),
        "a drug the policy does not list is not a candidate"
    );
}

/// A policy that reads a Procedure (done, within a window) and the prescriber's specialty.
fn procedure_policy() -> LoadedPolicy {
    let sct = |code: &str, display: &str| json!({"system": "http://snomed.info/sct", "code": code, "display": display});
    let text = json!({
        "id": "PF.2", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "questions": [
            {"id": "trial", "prompt": "Trial done", "type": "yes_no",
             "fhir": {"resource": "Procedure", "element": "code", "within_days": 180, "codes": [sct("TEST-P", "test procedure")]}},
            {"id": "prescriber", "prompt": "Prescriber", "type": "choice",
             "options": [{"value": "onc", "label": "Oncologist"}, {"value": "other", "label": "Other"}],
             "fhir": {"resource": "PractitionerRole", "element": "code", "options": {"onc": [sct("TEST-S", "test specialty")]}}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "a", "label": "a", "check": {"yes": "trial"}},
                {"id": "b", "label": "b", "check": {"choice_in": {"question": "prescriber", "values": ["onc"]}}}
            ]}}]
    });
    match LoadedPolicy::from_json("pf2.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn procedure(id: &str, status: &str, date: &str) -> Value {
    json!({"resource": {"resourceType": "Procedure", "id": id, "status": status, "performedDateTime": date,
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "TEST-P", "display": "Trial"}]}}})
}

fn run_procedures(entries: Vec<Value>) -> Prefill {
    let entries = of_a_patient(entries);
    let bundle = json!({"resourceType": "Bundle", "type": "searchset", "entry": entries});
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    match prefill(&procedure_policy(), &bundle.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_procedure_done_in_the_window_answers_yes_and_one_not_done_answers_no() {
    let role = json!({"resource": {"resourceType": "PractitionerRole", "id": "r1", "active": true, "period": {"start": "2019-05-01"},
        "specialty": [{"coding": [{"system": "http://snomed.info/sct", "code": "TEST-S", "display": "Oncology"}]}]}});
    let p = run_procedures(vec![procedure("pr-1", "completed", "2026-10-01"), role]);
    let answers = p.answers();
    assert_eq!(answers.get("trial"), Some(&json!(true)));
    assert_eq!(answers.get("prescriber"), Some(&json!("onc")));
    let source = p
        .proposals
        .iter()
        .find(|x| x.question == "prescriber")
        .map(|x| x.sources[0].clone());
    assert_eq!(
        source.map(|s| (s.resource_type, s.date, s.value)),
        Some((
            "PractitionerRole".into(),
            Some("2019-05-01".into()),
            Some("Oncology".into())
        ))
    );

    // Recorded as not done, and more recent than nothing else: a known "no".
    let p = run_procedures(vec![procedure("pr-2", "not-done", "2026-11-01")]);
    assert_eq!(p.answers().get("trial"), Some(&json!(false)));
    // Both: the most recent wins, the other is shown beside it.
    let p = run_procedures(vec![
        procedure("pr-1", "completed", "2026-10-01"),
        procedure("pr-2", "not-done", "2026-11-01"),
    ]);
    assert_eq!(p.answers().get("trial"), Some(&json!(false)));
    assert!(reasons(&p).contains(&("trial".into(), "pr-1".into(), Reason::Superseded { by: "pr-2".into() })));
}

/// Issue 22: R4 writes PractitionerRole.code as a list; such a role was "an entry that could not
/// be read" and the prescriber's specialty was lost. Its specialty is read, and a specialty
/// written in the role's code is read too.
#[test]
fn issue_22_an_r4_practitioner_role_with_a_list_of_codes_is_read() {
    let role = json!({"resource": {"resourceType": "PractitionerRole", "id": "r1", "active": true,
        "code": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/practitioner-role", "code": "doctor"}]}],
        "specialty": [{"coding": [{"system": "http://snomed.info/sct", "code": "TEST-S", "display": "Oncology"}]}]}});
    let p = run_procedures(vec![role]);
    assert_eq!(p.unreadable, 0, "no entry is unreadable");
    assert_eq!(p.answers().get("prescriber"), Some(&json!("onc")));
    let in_code = json!({"resource": {"resourceType": "PractitionerRole", "id": "r2", "active": true,
        "code": [{"coding": [{"system": "http://snomed.info/sct", "code": "TEST-S", "display": "Oncology"}]}]}});
    let p = run_procedures(vec![in_code]);
    assert_eq!(p.unreadable, 0, "no entry is unreadable");
    assert_eq!(p.answers().get("prescriber"), Some(&json!("onc")));
}

#[test]
fn a_procedure_in_progress_in_error_undated_or_old_and_an_inactive_role_answer_nothing() {
    let mut undated = procedure("pr-5", "completed", "");
    if let Some(r) = undated.get_mut("resource").and_then(Value::as_object_mut) {
        r.remove("performedDateTime");
    }
    let inactive = json!({"resource": {"resourceType": "PractitionerRole", "id": "r2", "active": false,
        "specialty": [{"coding": [{"system": "http://snomed.info/sct", "code": "TEST-S"}]}]}});
    let p = run_procedures(vec![
        procedure("pr-1", "in-progress", "2026-11-01"),
        procedure("pr-2", "entered-in-error", "2026-11-02"),
        procedure("pr-3", "completed", "2025-01-01"),
        procedure("pr-4", "completed", "2026-12-01"),
        undated,
        inactive,
    ]);
    assert!(p.proposals.is_empty(), "{:?}", p.proposals);
    let r = reasons(&p);
    let expected = [
        (
            "trial",
            "pr-1",
            Reason::NotFinal {
                status: "in-progress".into(),
            },
        ),
        ("trial", "pr-2", Reason::EnteredInError),
        (
            "trial",
            "pr-3",
            Reason::OutsideWindow {
                days: 690,
                within_days: 180,
            },
        ),
        ("trial", "pr-4", Reason::AfterAsOf),
        ("trial", "pr-5", Reason::NoDate),
        (
            "prescriber",
            "r2",
            Reason::NotFinal {
                status: "inactive".into(),
            },
        ),
    ];
    for (q, id, reason) in expected {
        assert!(
            r.contains(&(q.into(), id.into(), reason.clone())),
            "{q} {id} {reason:?} not in {r:?}"
        );
    }
}

/// Issue 22 (and 25): a Bundle of two patients was read as one, the second's birth date
/// proposed for the first. A record of several patients is refused; the same patient twice is
/// one.
#[test]
fn issue_22_a_record_of_two_patients_is_refused() {
    let lp = policy();
    let as_of = Date::parse("2026-11-22").unwrap();
    let patient = |id: &str, born: &str| json!({"resource": {"resourceType": "Patient", "id": id, "birthDate": born}});
    let bundle =
        |entries: Vec<Value>| json!({"resourceType": "Bundle", "type": "collection", "entry": entries}).to_string();
    let two = bundle(vec![patient("a", "1960-01-01"), patient("b", "1990-01-01")]);
    match prefill(&lp, &two, as_of) {
        Err(e @ PrefillError::SeveralPatients(2)) => assert!(e.to_string().contains("one patient's record at a time")),
        other => panic!("{other:?}"),
    }
    let same = bundle(vec![patient("a", "1960-01-01"), patient("a", "1960-01-01")]);
    assert!(prefill(&lp, &same, as_of).is_ok());
}

mod chart;
mod traps;
