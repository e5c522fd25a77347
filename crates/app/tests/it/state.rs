//! The app's state and reducer as plain Rust (natively, no browser): every action, the
//! derived assessment, inputs read into answers, and what is kept or dropped when the policy,
//! the line of business or the as-of date changes.

use app::state::*;
use criteria::model::QuestionType;
use criteria::Answer;
use criteria::Date;
use criteria::LineOfBusiness;
use criteria::Outcome;
use serde_json::json;

fn today() -> Date {
    Date::parse("2026-11-22").unwrap()
}

/// A state with the library at hand, as the app has it once the manifest and the policy
/// files have arrived.
fn fresh(today: Date) -> State {
    State::new(today).with_library(policies::library().manifest.clone(), shared())
}

thread_local! {
    /// The embedded library as the app shares its policies.
    static SHARED: Vec<std::rc::Rc<criteria::LoadedPolicy>> =
        policies::all().iter().cloned().map(std::rc::Rc::new).collect();
}

fn shared() -> Vec<std::rc::Rc<criteria::LoadedPolicy>> {
    SHARED.with(Clone::clone)
}

fn text(t: &str) -> Input {
    Input::Text {
        text: t.into(),
        unit: None,
    }
}

fn abecma() -> State {
    apply(fresh(today()), Action::Pick("CPCT.MNG.ABECMA".into()))
}

#[test]
fn picking_a_single_line_policy_sets_its_line_of_business() {
    let s = abecma();
    assert_eq!(s.policy.as_deref(), Some("CPCT.MNG.ABECMA"));
    assert_eq!(s.line_of_business, Some(LineOfBusiness::Medicare));
    let s = apply(fresh(today()), Action::Pick("CP.PHAR.533".into()));
    assert_eq!(
        s.line_of_business, None,
        "Carvykti has several lines of business: the user chooses"
    );
    let s = apply(fresh(today()), Action::Pick("nope".into()));
    assert_eq!(s.policy, None);
}

#[test]
fn a_bad_value_keeps_every_other_answer() {
    let mut s = abecma();
    s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    s = apply(s, Action::Set("birth_date".into(), text("1960-02-30")));
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(a
        .errors
        .get("birth_date")
        .is_some_and(|e| e.contains("not a real date")));
    assert!(a.answers.get("diagnosis").is_some());
    assert_eq!(a.evaluation().outcome, Outcome::Incomplete);
    // The raw text stays, so the user can correct it.
    assert_eq!(s.inputs.get("birth_date"), Some(&text("1960-02-30")));
}

#[test]
fn hidden_answers_are_left_out_of_the_verdict_and_export() {
    let mut s = apply(fresh(today()), Action::Pick("CP.MP.173".into()));
    s = apply(s, Action::Set("pump_drug".into(), Input::Choice("opioid".into())));
    s = apply(s, Action::Set("pump_indication".into(), Input::Choice("pain".into())));
    s = apply(s, Action::Set("request_type".into(), Input::Choice("trial".into())));
    s = apply(s, Action::Set("pain_origin".into(), Input::Choice("malignant".into())));
    s = apply(
        s,
        Action::Set("life_expectancy".into(), Input::Choice("limited".into())),
    );
    s = apply(s, Action::Set("life_expectancy_months".into(), text("12")));
    let p = s.policy().unwrap();
    assert!(assess(&p, &s).0.answers.get("life_expectancy_months").is_some());
    // Clearing the origin hides the branch's questions; their answers stay in the inputs
    // (so they come back) but leave the verdict and the export.
    s = apply(s, Action::Clear("pain_origin".into()));
    let (a, _) = assess(&p, &s);
    assert!(a.answers.get("life_expectancy_months").is_none());
    assert!(s.inputs.contains_key("life_expectancy_months"));
    let saved = saved_json(&s, Some(&a)).unwrap();
    assert!(saved["answers"].get("life_expectancy_months").is_none());
}

#[test]
fn numbers_accept_other_units_and_reject_text() {
    assert_eq!(input_to_json(QuestionType::Number, &text(" 1200 ")), Ok(json!(1200.0)));
    assert!(input_to_json(QuestionType::Number, &text("0,5")).is_err_and(|e| e.contains("use a dot")));
    let mg_l = Input::Text {
        text: "100".into(),
        unit: Some("mg/L".into()),
    };
    assert_eq!(
        input_to_json(QuestionType::Number, &mg_l),
        Ok(json!({"value": 100.0, "unit": "mg/L"}))
    );
    assert!(input_to_json(QuestionType::Number, &text("ten")).is_err());
    assert!(input_to_json(QuestionType::Number, &text("NaN")).is_err());
    assert!(input_to_json(QuestionType::Number, &text("inf")).is_err());
}

#[test]
fn therapy_lines_are_built_drug_by_drug() {
    let q = "therapy_lines".to_owned();
    let mut s = abecma();
    s = apply(
        s,
        Action::AddDrug {
            question: q.clone(),
            line: 0,
            drug: "bortezomib".into(),
        },
    );
    s = apply(
        s,
        Action::AddDrug {
            question: q.clone(),
            line: 0,
            drug: "lenalidomide".into(),
        },
    );
    s = apply(
        s,
        Action::AddDrug {
            question: q.clone(),
            line: 0,
            drug: "lenalidomide".into(),
        },
    );
    s = apply(
        s,
        Action::AddDrug {
            question: q.clone(),
            line: 1,
            drug: "daratumumab".into(),
        },
    );
    assert_eq!(
        s.inputs.get(&q),
        Some(&Input::Lines(vec![
            LineInput::of(vec!["bortezomib".into(), "lenalidomide".into()]),
            LineInput::of(vec!["daratumumab".into()])
        ]))
    );
    s = apply(
        s,
        Action::RemoveLine {
            question: q.clone(),
            line: 0,
        },
    );
    s = apply(
        s,
        Action::RemoveDrug {
            question: q.clone(),
            line: 0,
            drug: "daratumumab".into(),
        },
    );
    assert_eq!(s.inputs.get(&q), Some(&Input::Lines(vec![LineInput::default()])));
}

#[test]
fn issue_9_not_done_partial_lists_and_line_dates_reach_the_engine_and_the_export() {
    let mut s = apply(
        fresh(Date::parse("2026-11-22").unwrap()),
        Action::Pick("CP.PHAR.533".into()),
    );
    for (q, v) in [("request_type", "initial"), ("diagnosis", "multiple_myeloma")] {
        s = apply(s, Action::Set(q.into(), Input::Choice(v.into())));
    }
    s = apply(s, Action::Set("upep_m_protein".into(), Input::NotDone));
    s = apply(
        s,
        Action::Set(
            "prior_car_t".into(),
            Input::Many(["axicabtagene_ciloleucel".to_owned()].into()),
        ),
    );
    s = apply(
        s,
        Action::SetPartial {
            question: "prior_car_t".into(),
            partial: true,
        },
    );
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    assert_eq!(a.answers.get("upep_m_protein"), Some(&Answer::NotDone));
    assert!(a.answers.get("prior_car_t").is_some_and(Answer::is_partial));
    assert!(
        !a.evaluation().relevant.contains(&"upep_date"),
        "the urine date is not asked"
    );
    assert!(a.evaluation().failed.contains(&"I.A.8"), "{:?}", a.evaluation().failed);
    // Export and import keep both.
    let saved = saved_json(&s, Some(&a)).unwrap();
    let back = apply(s.clone(), Action::Load(parse_saved(&saved.to_string()).unwrap()));
    assert_eq!(back.inputs.get("upep_m_protein"), Some(&Input::NotDone));
    assert!(matches!(back.inputs.get("prior_car_t"), Some(Input::Partial(_))));
    // Abecma's dated lines.
    let mut s = apply(
        fresh(Date::parse("2026-11-22").unwrap()),
        Action::Pick("CPCT.MNG.ABECMA".into()),
    );
    s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    s = apply(
        s,
        Action::AddDrug {
            question: "prior_lines".into(),
            line: 0,
            drug: "bortezomib".into(),
        },
    );
    s = apply(
        s,
        Action::SetLineStart {
            question: "prior_lines".into(),
            line: 0,
            text: "2022-01-10".into(),
        },
    );
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let Some(Answer::Lines(lines)) = a.answers.get("prior_lines") else {
        panic!("lines")
    };
    assert_eq!(lines[0].start, Date::parse("2022-01-10"));
    // A line dated before the date of birth is refused on its own field, as by the parser.
    s = apply(
        s,
        Action::Set(
            "birth_date".into(),
            Input::Text {
                text: "2023-05-01".into(),
                unit: None,
            },
        ),
    );
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(
        a.errors.get("prior_lines").is_some_and(|e| e.contains("date of birth")),
        "{:?}",
        a.errors
    );
    assert!(a.answers.get("prior_lines").is_none());
}

/// Issue 21: a line whose drugs are not documented is entered with no drug, counts as a line,
/// and is kept through export and import.
#[test]
fn issue_21_a_line_with_undocumented_drugs_is_entered_and_kept() {
    let mut s = apply(
        fresh(Date::parse("2026-11-22").unwrap()),
        Action::Pick("CPCT.MNG.ABECMA".into()),
    );
    s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    s = apply(s, Action::AddLine("prior_lines".into()));
    s = apply(
        s,
        Action::SetLineUnknownDrugs {
            question: "prior_lines".into(),
            line: 0,
            unknown: true,
        },
    );
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let Some(Answer::Lines(lines)) = a.answers.get("prior_lines") else {
        panic!("lines")
    };
    assert!(lines[0].unknown_drugs && lines[0].drugs.is_empty());
    let saved = saved_json(&s, Some(&a)).unwrap();
    let back = apply(s.clone(), Action::Load(parse_saved(&saved.to_string()).unwrap()));
    let Some(Input::Lines(inputs)) = back.inputs.get("prior_lines") else {
        panic!("lines")
    };
    assert!(inputs[0].unknown_drugs);
    // Unmarked again, the empty line is refused as before.
    s = apply(
        s,
        Action::SetLineUnknownDrugs {
            question: "prior_lines".into(),
            line: 0,
            unknown: false,
        },
    );
    let (a, _) = assess(&p, &s);
    assert!(
        a.errors.get("prior_lines").is_some_and(|e| e.contains("lists no drug")),
        "{:?}",
        a.errors
    );
}

#[test]
fn export_then_import_round_trips() {
    let mut s = abecma();
    s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    s = apply(s, Action::Set("birth_date".into(), text("1955-06-01")));
    let p = s.policy().unwrap();
    let (before, _) = assess(&p, &s);
    let file = saved_json(&s, Some(&before)).unwrap().to_string();
    let loaded = apply(fresh(today()), Action::Load(parse_saved(&file).unwrap()));
    let (after, _) = assess(&p, &loaded);
    assert_eq!(before.answers, after.answers);
    assert_eq!(loaded.line_of_business, Some(LineOfBusiness::Medicare));
    assert!(parse_saved("{}").is_err());
    assert!(parse_saved("not json").is_err());
}

#[test]
fn import_skips_what_it_cannot_read_and_says_so() {
    let saved = parse_saved(
        r#"{"policy": "CPCT.MNG.ABECMA", "answers": {"ghost": 1, "birth_date": 5, "diagnosis": "multiple_myeloma"}}"#,
    )
    .unwrap();
    let s = apply(fresh(today()), Action::Load(saved));
    assert!(s
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("ghost") && n.contains("birth_date")));
    assert_eq!(s.inputs.len(), 1);
    let other = parse_saved(r#"{"policy": "XX.1", "answers": {}}"#).unwrap();
    let s = apply(fresh(today()), Action::Load(other));
    assert!(s.policy.is_none() && s.notice.is_some());
}

#[test]
fn start_over_and_change_policy_clear_answers() {
    let mut s = abecma();
    s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    assert!(apply(s.clone(), Action::StartOver).inputs.is_empty());
    let changed = apply(s, Action::ChangePolicy);
    assert!(changed.inputs.is_empty() && changed.policy.is_none());
}

#[test]
fn as_of_date_keeps_bad_text_without_losing_the_date() {
    let s = apply(abecma(), Action::SetAsOf("2026-02-31".into()));
    assert_eq!(s.as_of, today());
    assert_eq!(s.as_of_text.as_deref(), Some("2026-02-31"));
    let s = apply(s, Action::SetAsOf("2026-01-15".into()));
    assert_eq!(s.as_of.to_string(), "2026-01-15");
    assert_eq!(s.as_of_text, None);
}

/// A record for Abecma: date of birth and multiple myeloma, and an entry entered in error.
const RECORD: &str = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": {"resourceType": "Patient", "id": "pat-1", "birthDate": "1958-04-12"}},
    {"resource": {"resourceType": "Condition", "id": "dx-1", "recordedDate": "2023-05-02",
      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02"}]}}},
    {"resource": {"resourceType": "Condition", "id": "dx-0", "verificationStatus": {"coding": [{"code": "entered-in-error"}]},
      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}}]}"#;

#[test]
fn issue_11_fills_from_a_record_with_sources_never_over_typed_answers_and_undoes_one_by_one() {
    let s = apply(fresh(today()), Action::Pick("CPCT.MNG.ABECMA".into()));
    // The user typed a diagnosis first.
    let s = apply(s, Action::Set("diagnosis".into(), Input::Choice("other".into())));
    let s = apply(s, Action::FillFromRecord(RECORD.into()));
    assert_eq!(
        s.inputs.get("birth_date"),
        Some(&Input::Text {
            text: "1958-04-12".into(),
            unit: None
        })
    );
    assert_eq!(
        s.record.filled.get("birth_date").map(|f| f.source.as_str()),
        Some("Patient pat-1: 1958-04-12")
    );
    // The typed answer stands; the record's is offered beside it.
    assert_eq!(s.inputs.get("diagnosis"), Some(&Input::Choice("other".into())));
    assert!(s.record.offers.get("diagnosis").is_some_and(
        |(i, src, _)| *i == Input::Choice("multiple_myeloma".into()) && src.contains("Condition dx-1, 2023-05-02")
    ));
    assert_eq!(s.record.set_aside.len(), 1);
    assert!(
        s.record.set_aside[0].contains("entered in error"),
        "{:?}",
        s.record.set_aside
    );
    assert!(
        s.notice
            .as_deref()
            .is_some_and(|n| n.contains("Record of Patient pat-1") && n.contains("filled 1 answer")),
        "{:?}",
        s.notice
    );
    // Taking the offer fills it with its source; undoing returns it to blank.
    let s = apply(s, Action::AcceptOffer("diagnosis".into()));
    assert_eq!(
        s.inputs.get("diagnosis"),
        Some(&Input::Choice("multiple_myeloma".into()))
    );
    assert!(s.record.filled.contains_key("diagnosis"));
    let s = apply(s, Action::UndoFill("diagnosis".into()));
    assert!(!s.inputs.contains_key("diagnosis") && !s.record.filled.contains_key("diagnosis"));
    // Editing a filled field makes it typed: it keeps the value, not the source.
    let s = apply(
        s,
        Action::Set(
            "birth_date".into(),
            Input::Text {
                text: "1958-04-13".into(),
                unit: None,
            },
        ),
    );
    assert!(!s.record.filled.contains_key("birth_date"));
    // A record that is not FHIR changes nothing and says why.
    let before = s.inputs.clone();
    let s = apply(s, Action::FillFromRecord("[1, 2]".into()));
    assert_eq!(s.inputs, before);
    assert!(
        s.notice.as_deref().is_some_and(|n| n.contains("unchanged")),
        "{:?}",
        s.notice
    );
    // Starting over forgets the record.
    let s = apply(s, Action::StartOver);
    assert!(s.record.filled.is_empty() && s.record.set_aside.is_empty());
}

/// Another patient's record for Abecma, named, with two lines of therapy and the relapse
/// between them: the lines are inferred.
const OTHER_PATIENT: &str = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": {"resourceType": "Patient", "id": "pat-2", "birthDate": "1950-02-03",
      "name": [{"given": ["Ana"], "family": "Ruiz"}], "identifier": [{"value": "MRN-7"}]}},
    {"resource": {"resourceType": "Condition", "id": "dx", "recordedDate": "2020-05-02",
      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]}}},
    {"resource": {"resourceType": "MedicationStatement", "id": "m1", "status": "completed",
      "medicationCodeableConcept": {"text": "Revlimid"}, "effectivePeriod": {"start": "2020-06-01", "end": "2022-01-01"}}},
    {"resource": {"resourceType": "MedicationStatement", "id": "m2", "status": "completed",
      "medicationCodeableConcept": {"text": "Velcade"}, "effectivePeriod": {"start": "2020-06-01", "end": "2020-12-01"}}},
    {"resource": {"resourceType": "Condition", "id": "relapse", "onsetDateTime": "2022-02-01",
      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02"}]}}},
    {"resource": {"resourceType": "MedicationStatement", "id": "m3", "status": "completed",
      "medicationCodeableConcept": {"text": "Darzalex"}, "effectivePeriod": {"start": "2022-03-01", "end": "2023-01-01"}}},
    {"resource": {"resourceType": "MedicationStatement", "id": "m4", "status": "completed",
      "medicationCodeableConcept": {"text": "pomalidomide"}, "effectivePeriod": {"start": "2022-03-01", "end": "2023-01-01"}}}]}"#;

#[test]
fn issue_22_one_patient_per_screen_and_an_inferred_answer_is_confirmed_before_a_verdict_rests_on_it() {
    let s = apply(fresh(today()), Action::Pick("CPCT.MNG.ABECMA".into()));
    let s = apply(s, Action::FillFromRecord(RECORD.into()));
    assert_eq!(s.record.patient.as_ref().map(|p| p.id.as_str()), Some("pat-1"));
    let s = apply(s, Action::Set("setting".into(), Input::Choice("inpatient".into())));
    // Another patient's record fills nothing: it waits, named, for a choice.
    let before = s.inputs.clone();
    let s = apply(s, Action::FillFromRecord(OTHER_PATIENT.into()));
    assert_eq!(s.inputs, before, "nothing of the second patient mixed in");
    assert!(s.record.pending.is_some());
    assert!(
        s.notice
            .as_deref()
            .is_some_and(|n| n.contains("Ana Ruiz, born 1950-02-03, identifier MRN-7")),
        "{:?}",
        s.notice
    );
    // Keeping the screen drops it; replacing clears every answer, the typed ones too.
    let kept = apply(s.clone(), Action::KeepPatient);
    assert!(kept.record.pending.is_none() && kept.inputs == before);
    let s = apply(s, Action::ReplacePatient);
    assert_eq!(
        s.record.patient.as_ref().and_then(|p| p.name.as_deref()),
        Some("Ana Ruiz")
    );
    assert!(
        !s.inputs.contains_key("setting"),
        "the first patient's typed answer is gone"
    );
    assert_eq!(
        s.inputs.get("birth_date"),
        Some(&Input::Text {
            text: "1950-02-03".into(),
            unit: None
        })
    );
    // The lines are inferred: shown with their reasoning, unconfirmed.
    let lines = s.record.filled.get("prior_lines").cloned();
    assert!(
        lines
            .as_ref()
            .is_some_and(|f| f.unconfirmed() && f.inferred.as_deref().is_some_and(|r| r.contains("2022-02-01"))),
        "{lines:?}"
    );
    assert!(s.record.proposed.iter().any(|p| p.question == "prior_lines"));
    // Typed to "meets" with the lines as the record gives them (marked complete by the user
    // would make them typed): the verdict rests on the unconfirmed lines.
    let mut s = s;
    for (q, v) in [("myeloma_status", "progressed"), ("setting", "inpatient")] {
        s = apply(s, Action::Set(q.into(), Input::Choice(v.into())));
    }
    s = apply(
        s,
        Action::Set("prior_car_t_products".into(), Input::Many(Default::default())),
    );
    let policy = s.policy().unwrap();
    let (a, _) = assess(&policy, &s);
    assert_eq!(a.rests_on, vec!["prior_lines".to_owned()], "outcome {:?}", a.outcome);
    assert_eq!(
        a.origins.get("prior_lines"),
        Some(&interop::fhir::Origin::Inferred { confirmed: false })
    );
    // Kept and loaded again (the browser's storage, the reload into a new version, an answers
    // file): the lines are still inferred and unconfirmed, the patient still named.
    let saved = saved_json(&s, Some(&a)).unwrap();
    let back = apply(s.clone(), Action::Load(parse_saved(&saved.to_string()).unwrap()));
    assert_eq!(
        back.record.patient.as_ref().and_then(|p| p.name.as_deref()),
        Some("Ana Ruiz")
    );
    let (again, _) = assess(&policy, &back);
    assert_eq!(again.rests_on, vec!["prior_lines".to_owned()]);
    // Confirmed: the verdict no longer rests on anything unconfirmed.
    let s = apply(s, Action::ConfirmInferred(Some("prior_lines".into())));
    let (a, _) = assess(&policy, &s);
    assert!(a.rests_on.is_empty());
    assert_eq!(
        a.origins.get("prior_lines"),
        Some(&interop::fhir::Origin::Inferred { confirmed: true })
    );
}

#[test]
fn a_policy_chosen_before_its_file_arrives_waits_for_it_and_a_refused_file_is_said() {
    let library = policies::library().manifest.clone();
    let abecma = std::rc::Rc::new(policies::get("CPCT.MNG.ABECMA").unwrap().clone());
    // Answers restored before the manifest: they wait for it, then for the policy's file.
    let saved = parse_saved(r#"{"policy": "CPCT.MNG.ABECMA", "answers": {"diagnosis": "multiple_myeloma"}}"#).unwrap();
    let s = apply(State::new(today()), Action::Load(saved));
    assert!(s.pending.is_some() && s.policy.is_none());
    let s = apply(s, Action::LibraryLoaded(Ok(library.clone())));
    assert_eq!(s.policy.as_deref(), Some("CPCT.MNG.ABECMA"));
    assert!(s.policy().is_none(), "the file is not here yet");
    let s = apply(
        s,
        Action::PolicyLoaded {
            id: "CPCT.MNG.ABECMA".into(),
            result: Ok(Loaded(abecma.clone())),
        },
    );
    assert!(s.policy().is_some() && s.pending.is_none());
    assert_eq!(s.inputs.len(), 1, "the waiting answers were applied");

    // A tampered file: refused with its reason; another policy is still chosen and used.
    let s = apply(State::new(today()), Action::LibraryLoaded(Ok(library)));
    let s = apply(s, Action::Pick("cp.phar.533".into()));
    assert_eq!(
        s.policy.as_deref(),
        Some("CP.PHAR.533"),
        "ids are matched case-insensitively"
    );
    let s = apply(
        s,
        Action::PolicyLoaded {
            id: "CP.PHAR.533".into(),
            result: Err("carvykti.json was changed".into()),
        },
    );
    assert_eq!(
        s.refused.get("CP.PHAR.533").map(String::as_str),
        Some("carvykti.json was changed")
    );
    let s = apply(s, Action::ChangePolicy);
    let s = apply(s, Action::Pick("CPCT.MNG.ABECMA".into()));
    let s = apply(
        s,
        Action::PolicyLoaded {
            id: "CPCT.MNG.ABECMA".into(),
            result: Ok(Loaded(abecma.clone())),
        },
    );
    assert!(s.policy().is_some());
}

#[test]
fn an_address_names_a_screen_and_never_its_answers() {
    use app::route::Route;
    let link = Route::parse("#/policy/CP.PHAR.533?lob=medicaid&as_of=2026-10-01", "");
    assert_eq!(
        link,
        Route::Policy {
            id: "CP.PHAR.533".into(),
            line_of_business: Some(LineOfBusiness::Medicaid),
            as_of: Date::parse("2026-10-01"),
            summary: false,
        }
    );
    assert_eq!(link.to_hash(), "#/policy/CP.PHAR.533?lob=medicaid&as_of=2026-10-01");
    assert_eq!(Route::parse("", "?q=Q2056"), Route::List { query: "Q2056".into() });
    assert_eq!(
        Route::parse("#/?q=anakinra%20RA", ""),
        Route::List {
            query: "anakinra RA".into()
        }
    );
    assert_eq!(Route::parse("#/policy/X/summary", "").to_hash(), "#/policy/X/summary");
    for junk in ["#/policy/", "#/nowhere/at/all", "#%%%", "#/policy/a/b/c"] {
        assert!(matches!(Route::parse(junk, ""), Route::List { .. }), "{junk}");
    }

    // Followed before the library arrives, the link waits for it, then opens the policy with
    // its line of business and date; the address of that state is the link again.
    let s = apply(State::new(today()), Action::Route(link.clone()));
    assert!(s.policy.is_none() && s.route_pending.is_some());
    let s = apply(s, Action::LibraryLoaded(Ok(policies::library().manifest.clone())));
    assert_eq!(s.policy.as_deref(), Some("CP.PHAR.533"));
    assert_eq!(s.line_of_business, Some(LineOfBusiness::Medicaid));
    assert_eq!(s.as_of, Date::parse("2026-10-01").unwrap());
    assert_eq!(Route::of(&s), link);
    // Answers change nothing in the address.
    let s = apply(s, Action::Set("request_type".into(), Input::Choice("initial".into())));
    assert_eq!(Route::of(&s).to_hash(), link.to_hash());
    // Back to the list; an unknown id is said, with the search.
    let s = apply(s, Action::Route(Route::List { query: "Q2055".into() }));
    assert!(s.policy.is_none() && s.inputs.is_empty());
    assert_eq!(Route::of(&s).to_hash(), "#/?q=Q2055");
    let s = apply(s, Action::Route(Route::parse("#/policy/CP.GONE.1", "")));
    assert_eq!(s.not_found.as_deref(), Some("CP.GONE.1"));
    assert!(s.policy.is_none());
}

#[test]
fn an_unknown_policy_in_a_link_followed_before_the_library_arrives_is_said() {
    use app::route::Route;
    let s = apply(
        State::new(today()),
        Action::Route(Route::parse("#/policy/CP.PHAR.999", "")),
    );
    let s = apply(s, Action::LibraryLoaded(Ok(policies::library().manifest.clone())));
    assert_eq!(s.not_found.as_deref(), Some("CP.PHAR.999"));
}

#[test]
fn the_authoring_pages_draft_keeps_the_answers_that_still_fit() {
    let abecma = policies::get("CPCT.MNG.ABECMA").unwrap();
    let draft = |mut s: State, p: criteria::LoadedPolicy| {
        app::state::draft(&mut s, Loaded(std::rc::Rc::new(p)));
        s
    };
    let s = draft(State::new(today()), abecma.clone());
    assert_eq!(s.policy.as_deref(), Some("CPCT.MNG.ABECMA"));
    assert_eq!(
        s.line_of_business,
        Some(criteria::LineOfBusiness::Medicare),
        "its only line of business"
    );
    let s = apply(
        s,
        Action::Set("diagnosis".into(), Input::Choice("multiple_myeloma".into())),
    );
    let s = apply(
        s,
        Action::Set("prior_car_t_products".into(), Input::Many(Default::default())),
    );
    // The next version no longer asks about prior CAR-T: that answer is left out, the other kept.
    let mut v = serde_json::to_value(&abecma.policy).unwrap();
    let asked = r#"{"includes_any":{"class":"car_t","question":"prior_car_t_products"}}"#;
    assert!(v.to_string().contains(asked));
    let text = v.to_string().replace(asked, r#"{"yes":"outpatient_attestation"}"#);
    v = serde_json::from_str(&text).unwrap();
    v["questions"]
        .as_array_mut()
        .unwrap()
        .retain(|q| q["id"] != "prior_car_t_products");
    let next = criteria::LoadedPolicy::from_json("next.json", &v.to_string());
    let next = next.unwrap_or_else(|e| panic!("{e}"));
    let s = draft(s, next);
    assert_eq!(s.loaded.len(), 1, "only the version being written is loaded");
    let p = s.policy().unwrap();
    let (a, _) = assess(&p, &s);
    assert!(a.answers.get("diagnosis").is_some());
    assert!(a.answers.get("prior_car_t_products").is_none());
    // Another policy id: a blank form.
    let mut other = abecma.clone();
    other.policy.id = "NEW.1".into();
    let other = criteria::LoadedPolicy::new("new.json", other.policy).unwrap();
    let s = draft(s, other);
    assert_eq!(s.policy.as_deref(), Some("NEW.1"));
    assert!(s.inputs.is_empty());
}
