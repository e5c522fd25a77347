//! Issue 22's readings of a chart: a result with the lab's limit, tests flagged together, the
//! highest result of a day, a drug's courses, a history's drugs, and lines of therapy by the
//! policy's definition.

use serde_json::{json, Value};

use super::*;

/// A policy that reads the chart as issue 22 asks: a result with the lab's upper limit, two
/// tests flagged together, the highest of a day's results, a drug's courses and a history's
/// drugs.
fn chart_policy() -> LoadedPolicy {
    let loinc = |code: &str| json!({"system": "http://loinc.org", "code": code, "display": code});
    let rx = |code: &str, display: &str| json!({"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": code, "display": display});
    let text = json!({
        "id": "PF.3", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "classes": [{"id": "bio", "label": "Biologics"}],
        "drugs": [
            {"id": "adalimumab", "label": "adalimumab (Humira)", "classes": ["bio"], "names": ["adalimumab", "Humira"]},
            {"id": "etanercept", "label": "etanercept (Enbrel)", "classes": ["bio"], "names": ["etanercept", "Enbrel"]},
            {"id": "prednisone", "label": "prednisone", "names": ["prednisone"]}
        ],
        "questions": [
            {"id": "rf", "prompt": "RF", "type": "number", "unit": "IU/mL", "min": 0,
             "fhir": {"resource": "Observation", "element": "value", "codes": [loinc("RF")]}},
            {"id": "rf_uln", "prompt": "RF ULN", "type": "number", "unit": "IU/mL", "min": 0,
             "fhir": {"resource": "Observation", "element": "reference_high", "codes": [loinc("RF")]}},
            {"id": "acute", "prompt": "CRP or ESR", "type": "choice",
             "options": [{"value": "normal", "label": "Normal"}, {"value": "abnormal", "label": "Abnormal"}, {"value": "not_tested", "label": "Not tested"}],
             "fhir": {"resource": "Observation", "element": "abnormal", "codes": [loinc("CRP"), loinc("ESR")],
                      "abnormal_option": "abnormal", "normal_option": "normal", "within_days": 365}},
            {"id": "flc", "prompt": "Involved FLC", "type": "number", "unit": "mg/dL", "accepts_units": ["mg/L"], "min": 0,
             "fhir": {"resource": "Observation", "element": "highest", "codes": [loinc("KAPPA"), loinc("LAMBDA")]}},
            {"id": "mtx_first", "prompt": "MTX first dose", "type": "date",
             "fhir": {"resource": "Medication", "element": "first_dose", "codes": [rx("6851", "methotrexate")], "names": ["methotrexate", "Otrexup"]}},
            {"id": "mtx_stopped", "prompt": "MTX stopped", "type": "date",
             "fhir": {"resource": "Medication", "element": "stopped", "codes": [rx("6851", "methotrexate")], "names": ["methotrexate", "Otrexup"]}},
            {"id": "mtx_ongoing", "prompt": "MTX ongoing", "type": "yes_no",
             "fhir": {"resource": "Medication", "element": "ongoing", "codes": [rx("6851", "methotrexate")], "names": ["methotrexate", "Otrexup"]}},
            {"id": "ada_ongoing", "prompt": "Adalimumab ongoing", "type": "yes_no",
             "fhir": {"resource": "Medication", "element": "ongoing", "drugs": ["adalimumab"]}},
            {"id": "biologics", "prompt": "Biologics ever", "type": "drug_list", "classes": ["bio"], "partial": true,
             "fhir": {"resource": "Medication", "element": "drugs"}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "a", "label": "a", "check": {"ge": [{"q": "rf"}, {"q": "rf_uln"}]}},
                {"id": "b", "label": "b", "check": {"choice_in": {"question": "acute", "values": ["abnormal"]}}},
                {"id": "c", "label": "c", "check": {"ge": [{"q": "flc"}, {"qty": [10, "mg/dL"]}]}},
                {"id": "d", "label": "d", "check": {"within_days": {"question": "mtx_first", "days": 5000}}}, {"id": "d2", "label": "d2", "check": {"within_days": {"question": "mtx_stopped", "days": 5000}}},
                {"id": "e", "label": "e", "check": {"yes": "mtx_ongoing"}},
                {"id": "f", "label": "f", "check": {"yes": "ada_ongoing"}},
                {"id": "g", "label": "g", "check": {"includes_any": {"question": "biologics", "values": ["adalimumab"]}}}
            ]}}]
    });
    match LoadedPolicy::from_json("pf3.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn lab(
    id: &str,
    code: &str,
    date: &str,
    value: f64,
    unit: &str,
    range: Option<(f64, f64)>,
    flag: Option<&str>,
) -> Value {
    let mut r = json!({"resourceType": "Observation", "id": id, "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": date, "valueQuantity": {"value": value, "unit": unit}});
    if let Some((low, high)) = range {
        r["referenceRange"] = json!([{"low": {"value": low, "unit": unit}, "high": {"value": high, "unit": unit}}]);
    }
    if let Some(flag) = flag {
        r["interpretation"] = json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": flag}]}]);
    }
    json!({ "resource": r })
}

fn run_chart(entries: Vec<Value>) -> Prefill {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": of_a_patient(entries)});
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    match prefill(&chart_policy(), &bundle.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn proposal<'p>(p: &'p Prefill, q: &str) -> Option<&'p Proposal> {
    p.proposals.iter().find(|x| x.question == q)
}

#[test]
fn issue_22_a_limit_is_the_latest_result_s_own_and_never_an_older_one_s() {
    let p = run_chart(vec![
        lab("rf-old", "RF", "2025-01-10", 40.0, "IU/mL", Some((0.0, 14.0)), None),
        lab(
            "rf-new",
            "RF",
            "2026-10-01",
            52.0,
            "IU/mL",
            Some((0.0, 20.0)),
            Some("H"),
        ),
    ]);
    assert_eq!(p.answers().get("rf"), Some(&json!(52.0)));
    assert_eq!(p.answers().get("rf_uln"), Some(&json!(20.0)));
    assert!(
        proposal(&p, "rf_uln").is_some_and(|x| x.inferred.is_none()),
        "a limit the lab reports is read"
    );
    // The latest result without a range: no limit, rather than the older result's.
    let p = run_chart(vec![
        lab("rf-old", "RF", "2025-01-10", 40.0, "IU/mL", Some((0.0, 14.0)), None),
        lab("rf-new", "RF", "2026-10-01", 52.0, "IU/mL", None, None),
    ]);
    assert_eq!(p.answers().get("rf"), Some(&json!(52.0)));
    assert_eq!(p.answers().get("rf_uln"), None);
    assert!(p
        .ignored
        .iter()
        .any(|i| i.question == "rf_uln" && i.source.id == "rf-new" && i.reason == Reason::NoRange));
}

#[test]
fn issue_22_two_tests_flag_together_each_by_its_latest_result() {
    // CRP normal now (it was high before), ESR high by its value against its range.
    let p = run_chart(vec![
        lab(
            "crp-old",
            "CRP",
            "2026-01-05",
            25.0,
            "mg/L",
            Some((0.0, 10.0)),
            Some("H"),
        ),
        lab(
            "crp-new",
            "CRP",
            "2026-09-05",
            4.0,
            "mg/L",
            Some((0.0, 10.0)),
            Some("N"),
        ),
        lab("esr", "ESR", "2026-09-05", 48.0, "mm/h", Some((0.0, 20.0)), None),
        {
            let mut v = lab("esr-prelim", "ESR", "2026-11-01", 5.0, "mm/h", Some((0.0, 20.0)), None);
            v["resource"]["status"] = json!("preliminary");
            v
        },
    ]);
    let acute = proposal(&p, "acute");
    assert_eq!(acute.map(|x| &x.answer), Some(&json!("abnormal")));
    assert_eq!(
        acute.and_then(|x| x.inferred.clone()),
        Some(Inference::Combined { results: 2 })
    );
    assert!(p
        .ignored
        .iter()
        .any(|i| i.source.id == "crp-old" && matches!(i.reason, Reason::Superseded { .. })));
    // Both normal: normal. One without a range or flag: set aside, the other decides alone.
    let p = run_chart(vec![
        lab("crp", "CRP", "2026-09-05", 4.0, "mg/L", Some((0.0, 10.0)), None),
        lab("esr", "ESR", "2026-09-05", 48.0, "mm/h", None, None),
    ]);
    assert_eq!(p.answers().get("acute"), Some(&json!("normal")));
    assert!(proposal(&p, "acute").is_some_and(|x| x.inferred.is_none()));
    assert!(p
        .ignored
        .iter()
        .any(|i| i.source.id == "esr" && i.reason == Reason::NoRange));
}

#[test]
fn issue_22_the_highest_result_of_the_latest_day_converted() {
    let p = run_chart(vec![
        lab("k-old", "KAPPA", "2026-05-01", 900.0, "mg/L", None, None),
        lab("k", "KAPPA", "2026-11-01", 312.0, "mg/L", None, None),
        lab("l", "LAMBDA", "2026-11-01", 8.1, "mg/L", None, None),
    ]);
    let flc = proposal(&p, "flc");
    assert_eq!(flc.map(|x| &x.answer), Some(&json!(31.2)));
    assert_eq!(
        flc.map(|x| x.sources.len()),
        Some(2),
        "the day's results are both shown"
    );
    assert_eq!(
        flc.and_then(|x| x.inferred.clone()),
        Some(Inference::Highest { results: 2 })
    );
    assert!(p.ignored.iter().any(|i| i.source.id == "k-old"));
}

fn rx_med(kind: &str, id: &str, coded: bool, name: &str, start: &str, end: Option<&str>, status: &str) -> Value {
    let mut v = med(kind, id, name, start, end, status);
    if coded {
        v["resource"]["medicationCodeableConcept"]["coding"] = json!([{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6851", "display": "methotrexate"}]);
        v["resource"]["medicationCodeableConcept"]["text"] = json!("MTX 15 mg weekly");
    }
    v
}

#[test]
fn issue_22_a_drug_s_latest_course_gives_its_first_and_last_dose_and_whether_it_goes_on() {
    // Two courses (a year apart): the latest one's dates, inferred; it ended, so not ongoing.
    let p = run_chart(vec![
        rx_med(
            "MedicationStatement",
            "mtx1",
            true,
            "",
            "2022-01-10",
            Some("2022-09-30"),
            "completed",
        ),
        rx_med(
            "MedicationStatement",
            "mtx2",
            false,
            "Otrexup 15 mg/0.4 mL",
            "2024-02-01",
            Some("2024-06-30"),
            "stopped",
        ),
        rx_med(
            "MedicationStatement",
            "mtx3",
            false,
            "methotrexate 20 mg weekly",
            "2024-07-15",
            Some("2025-03-01"),
            "completed",
        ),
        rx_med(
            "MedicationStatement",
            "mtx-err",
            false,
            "methotrexate",
            "2025-06-01",
            Some("2025-09-01"),
            "entered-in-error",
        ),
    ]);
    assert_eq!(p.answers().get("mtx_first"), Some(&json!("2024-02-01")));
    assert_eq!(p.answers().get("mtx_stopped"), Some(&json!("2025-03-01")));
    assert_eq!(p.answers().get("mtx_ongoing"), Some(&json!(false)));
    assert_eq!(
        proposal(&p, "mtx_first").and_then(|x| x.inferred.clone()),
        Some(Inference::LatestCourse { courses: 2 })
    );
    assert!(p
        .ignored
        .iter()
        .any(|i| i.source.id == "mtx-err" && i.reason == Reason::EnteredInError));
    // One course still active: a first dose, no last dose, ongoing; read, not inferred.
    let p = run_chart(vec![rx_med(
        "MedicationRequest",
        "mtx",
        true,
        "",
        "2026-03-01",
        None,
        "active",
    )]);
    assert_eq!(p.answers().get("mtx_first"), Some(&json!("2026-03-01")));
    assert_eq!(p.answers().get("mtx_stopped"), None);
    assert_eq!(p.answers().get("mtx_ongoing"), Some(&json!(true)));
    // An order alone does not show the drug was taken: inferred.
    assert_eq!(
        proposal(&p, "mtx_first").and_then(|x| x.inferred.clone()),
        Some(Inference::Orders)
    );
    // A completed order whose end the record does not give: no last dose, not guessed, and
    // not "stopped" either (an order filled says nothing of the next).
    let p = run_chart(vec![rx_med(
        "MedicationRequest",
        "mtx",
        true,
        "",
        "2026-03-01",
        None,
        "completed",
    )]);
    assert_eq!(p.answers().get("mtx_stopped"), None);
    // Nothing since March: taken as no longer given, and said to be inferred.
    assert_eq!(p.answers().get("mtx_ongoing"), Some(&json!(false)));
    assert_eq!(
        proposal(&p, "mtx_ongoing").and_then(|x| x.inferred.clone()),
        Some(Inference::NotSince {
            last: "2026-03-01".into()
        })
    );
    // Filled three weeks ago: whether it goes on is not said.
    let p = run_chart(vec![rx_med(
        "MedicationRequest",
        "mtx",
        true,
        "",
        "2026-11-01",
        None,
        "completed",
    )]);
    assert_eq!(p.answers().get("mtx_ongoing"), None);
}

#[test]
fn issue_22_a_switch_to_another_drug_is_another_trial_not_one_long_course() {
    // Hydroxychloroquine then leflunomide, two weeks apart: two trials of six weeks, never one
    // of three months.
    let lp = match policies::get("CP.PHAR.244") {
        Some(p) => p,
        None => panic!("Kineret is in the library"),
    };
    let record = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}},
        med("MedicationStatement", "h", "Plaquenil 200 mg", "2023-01-01", Some("2023-02-15"), "stopped"),
        med("MedicationStatement", "l", "leflunomide 20 mg", "2023-03-01", Some("2023-04-15"), "stopped"),
    ]});
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let p = match prefill(lp, &record.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(p.answers().get("csdmard_first_dose"), Some(&json!("2023-03-01")));
    assert_eq!(p.answers().get("csdmard_stopped"), Some(&json!("2023-04-15")));
    assert_eq!(
        proposal(&p, "csdmard_first_dose").and_then(|x| x.inferred.clone()),
        Some(Inference::LatestCourse { courses: 2 })
    );
}

#[test]
fn issue_22_a_history_s_drugs_of_the_question_s_classes_as_a_list_known_in_part() {
    let p = run_chart(vec![
        med(
            "MedicationStatement",
            "a",
            "Humira 40 mg pen",
            "2023-01-01",
            Some("2023-08-01"),
            "stopped",
        ),
        med("MedicationRequest", "e", "Enbrel", "2024-01-01", None, "active"),
        med(
            "MedicationStatement",
            "p",
            "prednisone 5 mg",
            "2023-01-01",
            None,
            "active",
        ),
        med(
            "MedicationStatement",
            "n",
            "etanercept",
            "2022-01-01",
            None,
            "not-taken",
        ),
    ]);
    assert_eq!(
        p.answers().get("biologics"),
        Some(&json!({"partial": ["adalimumab", "etanercept"]}))
    );
    assert_eq!(p.answers().get("ada_ongoing"), Some(&json!(false)));
    // No biologic in the chart answers nothing: absence is not "none".
    let p = run_chart(vec![med(
        "MedicationStatement",
        "p",
        "prednisone 5 mg",
        "2023-01-01",
        None,
        "active",
    )]);
    assert_eq!(p.answers().get("biologics"), None);
}

#[test]
fn issue_22_lines_start_only_at_documented_progression_and_unsettled_regimens_are_named() {
    let lp = match policies::get("CPCT.MNG.ABECMA") {
        Some(p) => p,
        None => panic!("Abecma is in the library"),
    };
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    // One planned line: VRd induction, melphalan with the transplant, lenalidomide
    // maintenance; then daratumumab and pomalidomide with no progression recorded.
    let history = vec![
        json!({"resource": {"resourceType": "Patient", "id": "p1"}}),
        med(
            "MedicationStatement",
            "v",
            "bortezomib",
            "2021-01-10",
            Some("2021-05-30"),
            "completed",
        ),
        med(
            "MedicationStatement",
            "r",
            "lenalidomide",
            "2021-01-10",
            Some("2021-05-30"),
            "completed",
        ),
        med(
            "MedicationStatement",
            "d",
            "dexamethasone",
            "2021-01-10",
            Some("2021-05-30"),
            "completed",
        ),
        med(
            "MedicationAdministration",
            "mel",
            "melphalan 200 mg/m2",
            "2021-07-01",
            None,
            "completed",
        ),
        med(
            "MedicationStatement",
            "m",
            "Revlimid 10 mg",
            "2021-09-01",
            Some("2023-02-01"),
            "completed",
        ),
        med(
            "MedicationStatement",
            "dp1",
            "Darzalex Faspro",
            "2023-03-01",
            Some("2024-01-15"),
            "completed",
        ),
        med(
            "MedicationStatement",
            "dp2",
            "pomalidomide",
            "2023-03-01",
            Some("2024-01-15"),
            "completed",
        ),
    ];
    let run_lines = |entries: &Vec<Value>| {
        let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
        match prefill(lp, &bundle.to_string(), as_of) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    };
    let p = run_lines(&history);
    let lines = proposal(&p, "prior_lines");
    assert_eq!(
        lines.map(|x| &x.answer),
        Some(&json!({"partial": [{
            "drugs": ["bortezomib", "lenalidomide", "dexamethasone", "melphalan", "daratumumab_hyaluronidase", "pomalidomide"],
            "start": "2021-01-10"}]})),
        "no progression recorded: one line, never four"
    );
    assert_eq!(
        lines.and_then(|x| x.inferred.clone()),
        Some(Inference::Lines {
            progressions: vec![],
            unsettled: vec![
                Regimen {
                    start: "2021-07-01".into(),
                    drugs: vec!["melphalan".into()]
                },
                Regimen {
                    start: "2023-03-01".into(),
                    drugs: vec!["daratumumab_hyaluronidase".into(), "pomalidomide".into()]
                },
            ]
        })
    );
    // A relapse documented before the second regimen: two lines. A refuted one, and one after
    // the as-of date, count for nothing.
    let relapse = |id: &str, date: &str, verification: &str| {
        json!({"resource": {"resourceType": "Condition", "id": id, "onsetDateTime": date,
            "verificationStatus": {"coding": [{"code": verification}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02"}]}}})
    };
    let mut with_relapse = history.clone();
    with_relapse.push(relapse("rel", "2023-02-10", "confirmed"));
    with_relapse.push(relapse("rel-refuted", "2021-08-15", "refuted"));
    with_relapse.push(relapse("rel-later", "2026-12-01", "confirmed"));
    let p = run_lines(&with_relapse);
    assert_eq!(
        p.answers().get("prior_lines"),
        Some(&json!({"partial": [
            {"drugs": ["bortezomib", "lenalidomide", "dexamethasone", "melphalan"], "start": "2021-01-10"},
            {"drugs": ["daratumumab_hyaluronidase", "pomalidomide"], "start": "2023-03-01"}
        ]}))
    );
    assert!(matches!(
        proposal(&p, "prior_lines").and_then(|x| x.inferred.clone()),
        Some(Inference::Lines { progressions, unsettled }) if progressions == ["2023-02-10"] && unsettled.len() == 1
    ));
}

#[test]
fn issue_22_the_history_dates_progression_and_the_last_dose_of_the_latest_line() {
    let lp = match policies::get("CP.PHAR.533") {
        Some(p) => p,
        None => panic!("Carvykti is in the library"),
    };
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let status = |id: &str, date: &str, worsened: bool| {
        let value = if worsened { "271299001" } else { "268910001" };
        json!({"resource": {"resourceType": "Observation", "id": id, "status": "final", "effectiveDateTime": date,
            "code": {"coding": [{"system": "http://loinc.org", "code": "97509-4"}]},
            "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": value}]}}})
    };
    let spep = |id: &str, date: &str, value: f64| {
        json!({"resource": {"resourceType": "Observation", "id": id, "status": "final", "effectiveDateTime": date,
            "code": {"coding": [{"system": "http://loinc.org", "code": "33358-3"}]},
            "valueQuantity": {"value": value, "unit": "g/dL"}}})
    };
    let car_t = json!({"resource": {"resourceType": "Procedure", "id": "cart", "status": "completed", "performedDateTime": "2024-05-01",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1156961008"}], "text": "CAR-T cell infusion (trial)"}}});
    let record = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}},
        med("MedicationStatement", "v", "Velcade", "2020-01-10", Some("2020-05-30"), "completed"),
        med("MedicationStatement", "r", "Revlimid", "2020-01-10", Some("2023-01-20"), "completed"),
        status("improved", "2021-01-01", false),
        status("pd1", "2023-01-15", true),
        med("MedicationStatement", "cy", "cyclophosphamide", "2024-04-25", Some("2024-04-27"), "completed"),
        car_t,
        status("pd2", "2025-01-10", true),
        med("MedicationStatement", "d", "Darzalex", "2025-02-01", Some("2026-09-29"), "stopped"),
        med("MedicationStatement", "p", "Pomalyst", "2025-02-01", Some("2026-09-20"), "stopped"),
        status("pd3", "2026-10-06", true),
        spep("s0", "2025-01-20", 0.9),
        spep("s1", "2025-06-01", 0.4),
        spep("s2", "2026-01-01", 0.3),
        spep("s3", "2026-10-06", 1.5),
        spep("s4", "2026-11-01", 1.8),
    ]});
    let p = match prefill(lp, &record.to_string(), as_of) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    // The latest progression; the first one since lenalidomide began; the last dose of the
    // latest line (daratumumab, 2026-09-29), inferred from the grouping.
    assert_eq!(p.answers().get("pd_assessment_date"), Some(&json!("2026-10-06")));
    assert_eq!(p.answers().get("len_progression_date"), Some(&json!("2023-01-15")));
    assert_eq!(
        p.answers().get("last_regimen_last_dose_date"),
        Some(&json!("2026-09-29"))
    );
    assert!(proposal(&p, "last_regimen_last_dose_date").is_some_and(|x| x.inferred.is_some()));
    // The serum M-protein the day progression was documented, and its nadir on the line that
    // progressed (from 2025-02-01, before 2026-10-06): both inferred.
    assert_eq!(p.answers().get("pd_spep_now"), Some(&json!(1.5)));
    assert_eq!(p.answers().get("pd_spep_nadir"), Some(&json!(0.3)));
    assert!(matches!(
        proposal(&p, "pd_spep_nadir").and_then(|x| x.inferred.clone()),
        Some(Inference::Nadir { from, to, results: 2 }) if from == "2025-02-01" && to == "2026-10-06"
    ));
    // Three lines: the CAR-T infusion names no product, so its line is not fully documented
    // (no class is concluded absent from it); an improvement is not a progression.
    let lines = p.answers().get("therapy_lines").cloned().unwrap_or_default();
    let list = lines.get("partial").cloned().unwrap_or(lines);
    assert_eq!(list.as_array().map(Vec::len), Some(3), "{list}");
    assert_eq!(list[1]["unknown_drugs"], json!(true), "{list}");
    assert_eq!(list[1]["drugs"], json!(["cyclophosphamide"]), "{list}");
}

#[test]
fn issue_22_a_diagnosis_old_enough_says_symptoms_lasted_six_weeks_and_a_recent_one_says_nothing() {
    let lp = match policies::get("CP.PHAR.244") {
        Some(p) => p,
        None => panic!("Kineret is in the library"),
    };
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let ra = |id: &str, onset: &str, verification: &str| {
        json!({"resource": {"resourceType": "Condition", "id": id, "onsetDateTime": onset,
            "verificationStatus": {"coding": [{"code": verification}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M06.9"}]}}})
    };
    let run = |entries: Vec<Value>| {
        let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": of_a_patient(entries)});
        match prefill(lp, &bundle.to_string(), as_of) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    };
    // Diagnosed in 2019 (a refuted entry from 2010 does not count): six weeks or more, inferred.
    let p = run(vec![
        ra("old", "2019-04-02", "confirmed"),
        ra("refuted", "2010-01-01", "refuted"),
    ]);
    assert_eq!(p.answers().get("acr_duration"), Some(&json!("6_weeks_or_more")));
    assert_eq!(
        proposal(&p, "acr_duration").and_then(|x| x.inferred.clone()),
        Some(Inference::Since {
            date: "2019-04-02".into()
        })
    );
    // Diagnosed a month ago: the record cannot say how long symptoms have lasted.
    let p = run(vec![ra("new", "2026-10-25", "confirmed")]);
    assert_eq!(p.answers().get("acr_duration"), None);
}
