//! Tests of the FHIR export and read-back on a small policy.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use super::*;
use criteria::parse_answers;
use criteria::Date;

const POLICY: &str = r#"{
  "id": "DEMO 1", "title": "Demo", "subject": "Demo drug", "issuer": "Demo plan",
  "plan": "All plans", "lines_of_business": ["commercial"], "effective": "2025-01-01", "last_review": "2026-01",
  "classes": [{"id": "pi", "label": "Proteasome inhibitor"}],
  "drugs": [{"id": "bortezomib", "label": "Bortezomib", "classes": ["pi"]},
            {"id": "lenalidomide", "label": "Lenalidomide"}],
  "questions": [
    {"id": "request", "prompt": "Request", "type": "choice",
     "options": [{"value": "initial", "label": "Initial"}, {"value": "renewal", "label": "Renewal"}, {"value": "other", "label": "Other"}]},
    {"id": "adult", "prompt": "Adult", "type": "yes_no", "help": "Eighteen or older."},
    {"id": "weight", "prompt": "Weight", "type": "number", "unit": "kg", "min": 1, "max": 300},
    {"id": "dose", "prompt": "Dose", "type": "number", "unit": "mg", "integer": true, "min": 0},
    {"id": "lab_date", "prompt": "Lab date", "type": "date"},
    {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines"},
    {"id": "current", "prompt": "Current drugs", "type": "drug_list"}
  ],
  "sections": [
    {"id": "I", "title": "Initial", "kind": "initial", "effect": "criteria",
     "applies_when": [{"choice_in": {"question": "request", "values": ["initial"]}}, {"yes": "adult"}],
     "criteria": {"id": "I.1", "label": "All", "all": [
       {"id": "I.1.a", "label": "Weight", "check": {"ge": [{"q": "weight"}, {"qty": [40, "kg"]}]}},
       {"id": "I.1.b", "label": "Dose", "when": [{"lt": [{"qty": [100, "kg"]}, {"q": "weight"}]}],
        "check": {"le": [{"q": "dose"}, {"qty": [10, "mg"]}]}},
       {"id": "I.1.c", "label": "Recent lab", "when": [{"within_days": {"question": "lab_date", "days": 400}}],
        "check": {"includes_any": {"question": "lines", "class": "pi"}}}
     ]}},
    {"id": "II", "title": "Renewal", "kind": "continued", "effect": "criteria",
     "applies_when": [{"choice_in": {"question": "request", "values": ["renewal", "other"]}}],
     "criteria": {"id": "II.1", "label": "Not on a PI", "not":
       {"id": "II.1.a", "label": "PI", "check": {"includes_any": {"question": "current", "class": "pi"}}}}},
    {"id": "III", "title": "Weight again", "kind": "continued", "effect": "criteria",
     "applies_when": [{"choice_in": {"question": "request", "values": ["renewal"]}}, {"no": "adult"}],
     "criteria": {"id": "III.1", "label": "Weight", "check": {"ge": [{"q": "weight"}, {"qty": [20, "kg"]}]}}}
  ]
}"#;

fn policy() -> LoadedPolicy {
    LoadedPolicy::from_json("demo.json", POLICY).unwrap()
}

fn item<'v>(q: &'v Value, id: &str) -> &'v Value {
    q["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == id)
        .unwrap()
}

#[test]
fn metadata_and_types() {
    let q = questionnaire(&policy());
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["id"], "DEMO-1");
    assert_eq!(q["url"], "urn:precheck:policy:DEMO-1");
    assert_eq!(q["version"], "2026-01");
    assert_eq!(q["publisher"], "Demo plan");
    let ids: Vec<&str> = q["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "request",
            "adult",
            "weight",
            "dose",
            "lab_date",
            "lines",
            "lines.none",
            "current"
        ]
    );
    assert_eq!(item(&q, "adult")["type"], "boolean");
    assert_eq!(item(&q, "adult")["item"][0]["type"], "display");
    assert_eq!(item(&q, "weight")["type"], "decimal");
    assert_eq!(item(&q, "weight")["extension"][0]["valueCoding"]["code"], "kg");
    assert_eq!(item(&q, "weight")["extension"][2]["url"], MAX_EXT);
    assert_eq!(item(&q, "dose")["type"], "integer");
    assert_eq!(item(&q, "dose")["extension"][1]["valueInteger"], 0);
    assert_eq!(item(&q, "lab_date")["type"], "date");
    assert_eq!(item(&q, "request")["answerOption"].as_array().unwrap().len(), 3);
    let lines = item(&q, "lines");
    assert_eq!(lines["type"], "group");
    assert_eq!(lines["repeats"], true);
    assert_eq!(lines["item"][0]["linkId"], "lines.drugs");
    assert_eq!(lines["item"][0]["answerOption"].as_array().unwrap().len(), 2);
    assert_eq!(item(&q, "current")["repeats"], true);
}

#[test]
fn enable_when_follows_the_gates() {
    let q = questionnaire(&policy());
    // The first condition of every section: always shown.
    assert!(item(&q, "request").get("enableWhen").is_none());
    // `adult` is the second condition of sections I and III: the union of `request` values.
    let adult = item(&q, "adult");
    assert_eq!(adult["enableBehavior"], "any");
    let codes: Vec<&str> = adult["enableWhen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["answerCoding"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["initial", "renewal"]);
    // `weight`: section I (initial, adult) and section III (renewal, not adult) share nothing,
    // so only the union of their first conditions remains.
    let weight = item(&q, "weight");
    assert_eq!(weight["enableBehavior"], "any");
    assert_eq!(weight["enableWhen"].as_array().unwrap().len(), 2);
    // `dose`: two single conditions plus a flipped numeric comparison, all required.
    let dose = item(&q, "dose");
    assert_eq!(dose["enableBehavior"], "all");
    let when = dose["enableWhen"].as_array().unwrap();
    assert_eq!(when.len(), 3);
    assert_eq!(
        when[1],
        json!({"question": "adult", "operator": "=", "answerBoolean": true})
    );
    assert_eq!(
        when[2],
        json!({"question": "weight", "operator": ">", "answerDecimal": 100.0})
    );
    // `lines` sits behind `within_days`, which is dropped; the section's gates remain.
    assert_eq!(item(&q, "lines")["enableWhen"].as_array().unwrap().len(), 2);
    // `current`: one condition with two values, alone, so "any".
    let current = item(&q, "current");
    assert_eq!(current["enableBehavior"], "any");
    assert_eq!(current["enableWhen"].as_array().unwrap().len(), 2);
}

#[test]
fn response_keeps_only_shown_answers() {
    let lp = policy();
    let as_of = Date::parse("2026-11-22").unwrap();
    let ctx = Context {
        as_of,
        line_of_business: None,
    };
    let text = r#"{"request": "initial", "adult": true, "weight": 80, "lab_date": "2026-10-01",
        "lines": [["bortezomib", "lenalidomide"], ["lenalidomide"]], "current": ["bortezomib"], "dose": 5}"#;
    let (answers, errors) = parse_answers(&lp, text, as_of).unwrap();
    assert_eq!(errors, []);
    let r = response(&lp, &answers, &ctx);
    assert_eq!(r["resourceType"], "QuestionnaireResponse");
    assert_eq!(r["questionnaire"], "urn:precheck:policy:DEMO-1|2026-01");
    assert_eq!(r["authored"], "2026-11-22");
    assert_eq!(r["status"], "completed");
    let ids: Vec<&str> = r["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    // `dose` is hidden (weight not above 100) and `current` belongs to section II.
    assert_eq!(ids, ["request", "adult", "weight", "lab_date", "lines", "lines"]);
    assert_eq!(item(&r, "request")["answer"][0]["valueCoding"]["code"], "initial");
    assert_eq!(item(&r, "adult")["answer"][0]["valueBoolean"], true);
    assert_eq!(item(&r, "weight")["answer"][0]["valueDecimal"], 80.0);
    assert_eq!(item(&r, "lab_date")["answer"][0]["valueDate"], "2026-10-01");
    let first_line = item(&r, "lines");
    assert_eq!(
        first_line["item"][0]["answer"][1]["valueCoding"]["code"],
        "lenalidomide"
    );

    let (answers, _) = parse_answers(&lp, r#"{"request": "renewal", "dose": 5}"#, as_of).unwrap();
    let r = response(&lp, &answers, &ctx);
    assert_eq!(r["status"], "in-progress");
    let ids: Vec<&str> = r["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["request"]);
}

#[test]
fn integer_items_get_integer_answers() {
    let lp = policy();
    let as_of = Date::parse("2026-11-22").unwrap();
    let ctx = Context {
        as_of,
        line_of_business: None,
    };
    let (answers, _) = parse_answers(
        &lp,
        r#"{"request": "initial", "adult": true, "weight": 120, "dose": 5}"#,
        as_of,
    )
    .unwrap();
    let r = response(&lp, &answers, &ctx);
    assert_eq!(item(&r, "dose")["answer"][0]["valueInteger"], 5);
}

const CHART: &str = r#"{
  "id": "DEMO.9", "title": "Chart", "subject": "Demo", "issuer": "Demo plan", "plan": "All",
  "lines_of_business": ["commercial"], "last_review": "2026-01",
  "classes": [{"id": "pi", "label": "PI"}],
  "drugs": [{"id": "bortezomib", "label": "Bortezomib", "classes": ["pi"]}, {"id": "other", "label": "Other"}],
  "questions": [
    {"id": "lab", "prompt": "Lab", "type": "number", "unit": "mg/dL", "accepts_units": ["mg/L"], "min": 0, "max": 100,
     "not_done": true, "companions": ["lab_date"]},
    {"id": "lab_date", "prompt": "Lab date", "type": "date"},
    {"id": "history", "prompt": "History", "type": "drug_list", "partial": true},
    {"id": "lines", "prompt": "Lines", "type": "therapy_lines", "line_dates": true}
  ],
  "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
    "criteria": {"id": "I", "label": "All", "all": [
      {"id": "I.1", "label": "Lab", "check": {"ge": [{"q": "lab"}, {"qty": [10, "mg/dL"]}]}},
      {"id": "I.2", "label": "Recent", "check": {"within_days": {"question": "lab_date", "days": 30}}},
      {"id": "I.3", "label": "No PI", "not": {"id": "I.3-pi", "label": "PI", "check": {"includes_any": {"question": "history", "class": "pi"}}}},
      {"id": "I.4", "label": "Lines", "check": {"includes_any": {"question": "lines", "class": "pi"}}}
    ]}}]
}"#;

fn read_back(lp: &LoadedPolicy, answers: &str) -> (Value, Vec<criteria::AnswerError>) {
    let as_of = criteria::Date::parse("2026-11-22").unwrap();
    let (a, errors) = parse_answers(lp, answers, as_of).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let ctx = Context {
        as_of,
        line_of_business: None,
    };
    read::answers_from_response(lp, &response(lp, &a, &ctx).to_string()).unwrap()
}

#[test]
fn issue_9_what_fhir_has_no_type_for_gets_an_item_and_survives_the_trip() {
    let lp = LoadedPolicy::from_json("chart.json", CHART).unwrap();
    let q = questionnaire(&lp);
    let lab = item(&q, "lab");
    assert_eq!(lab["type"], "quantity");
    assert_eq!(lab["extension"][1]["valueCoding"]["code"], "mg/L");
    assert_eq!(lab["enableWhen"][0]["question"], "lab.not-done");
    assert_eq!(item(&q, "lab.not-done")["type"], "boolean");
    assert_eq!(item(&q, "history")["answerOption"][0]["valueCoding"]["code"], "none");
    assert_eq!(
        item(&q, "history")["answerOption"][0]["extension"][0]["valueBoolean"],
        true
    );
    assert_eq!(item(&q, "history.incomplete")["type"], "boolean");
    assert_eq!(item(&q, "lines")["item"][1]["linkId"], "lines.start");
    for answers in [
        r#"{"lab": {"not_done": true}, "history": [], "lines": []}"#,
        r#"{"lab": {"value": 120, "unit": "mg/L"}, "lab_date": "2026-11-01", "history": {"partial": ["other"]},
            "lines": [{"drugs": ["bortezomib"], "start": "2024-01-02"}, ["other"]]}"#,
    ] {
        let (read, errors) = read_back(&lp, answers);
        assert!(errors.is_empty(), "{errors:?}");
        let as_of = criteria::Date::parse("2026-11-22").unwrap();
        let (expected, _) = parse_answers(&lp, answers, as_of).unwrap();
        let (got, more) = criteria::answers_from_json(&lp, &read, as_of).unwrap();
        assert!(more.is_empty(), "{more:?}");
        // 120 mg/L is stored as 12 mg/dL either way.
        assert_eq!(got, expected, "{read}");
    }
}

#[test]
fn issue_9_a_response_that_cannot_be_read_says_why() {
    let lp = LoadedPolicy::from_json("chart.json", CHART).unwrap();
    let err = read::answers_from_response(&lp, r#"{"resourceType": "Patient"}"#).unwrap_err();
    assert!(err.to_string().contains("`Patient`"), "{err}");
    let err = read::answers_from_response(
        &lp,
        r#"{"resourceType": "QuestionnaireResponse", "questionnaire": "urn:other|1"}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("urn:other"), "{err}");
    let (read, errors) = read::answers_from_response(
        &lp,
        r#"{"resourceType": "QuestionnaireResponse", "item": [
            {"linkId": "nope", "answer": [{"valueBoolean": true}]},
            {"linkId": "lab", "answer": [{"valueString": "high"}]},
            {"linkId": "history", "answer": [{"valueCoding": {"code": "none"}}, {"valueCoding": {"code": "other"}}]},
            {"linkId": "lab_date", "answer": [{"valueDate": "2026-11-01"}]}]}"#,
    )
    .unwrap();
    let fields: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(fields, ["nope", "lab", "history"]);
    assert_eq!(
        read,
        serde_json::json!({"lab_date": "2026-11-01"}),
        "the readable answer is kept"
    );
}

#[test]
fn issue_11_a_response_says_where_each_answer_came_from() {
    let lp = policy();
    let as_of = criteria::Date::parse("2026-11-22").unwrap();
    let (a, _) = parse_answers(&lp, r#"{"request": "initial", "adult": true}"#, as_of).unwrap();
    let ctx = Context {
        as_of,
        line_of_business: None,
    };
    let origin = |q: &str| match q {
        "adult" => Some(Origin::Auto),
        "request" => Some(Origin::Manual),
        _ => None,
    };
    let qr = response_with_origins(&lp, &a, &ctx, origin);
    let source = |link: &str| {
        qr["item"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["linkId"] == link))
            .map(|i| i["answer"][0]["extension"][0]["extension"][0]["valueCode"].clone())
    };
    assert_eq!(source("adult"), Some(json!("auto")));
    assert_eq!(source("request"), Some(json!("manual")));
    assert_eq!(
        qr["item"][0]["answer"][0]["extension"][0]["url"],
        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin"
    );
    // Without origins, the response is as before.
    assert!(response(&lp, &a, &ctx).to_string().find("information-origin").is_none());
}

#[test]
fn issue_11_a_mapped_lab_carries_sdc_prefill_hints() {
    let text = r#"{"id": "LAB.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
      "lines_of_business": ["commercial"], "last_review": "2026-01",
      "questions": [{"id": "lab", "prompt": "Lab", "type": "number", "unit": "g/dL", "min": 0, "max": 20,
        "fhir": {"resource": "Observation", "element": "value", "within_days": 30,
                 "codes": [{"system": "http://loinc.org", "code": "TEST-1", "display": "a test"}]}}],
      "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
        "criteria": {"id": "I.1", "label": "l", "check": {"ge": [{"q": "lab"}, {"qty": [1, "g/dL"]}]}}}]}"#;
    let lp = LoadedPolicy::from_json("lab.json", text).unwrap();
    let q = questionnaire(&lp);
    let item = &q["item"][0];
    assert_eq!(
        item["code"],
        json!([{"system": "http://loinc.org", "code": "TEST-1", "display": "a test"}])
    );
    let link = item["extension"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationLinkPeriod")
        .cloned();
    assert_eq!(
        link.map(|l| l["valueDuration"].clone()),
        Some(json!({"value": 30, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"}))
    );
}

#[test]
fn issue_22_a_mapping_sdc_cannot_state_says_what_precheck_reads() {
    let lp = policies::get("CP.PHAR.533").unwrap();
    let q = questionnaire(lp);
    let find = |id: &str| {
        fn walk<'v>(items: &'v Value, id: &str) -> Option<&'v Value> {
            items.as_array()?.iter().find_map(|i| {
                if i["linkId"] == id {
                    Some(i)
                } else {
                    walk(&i["item"], id)
                }
            })
        }
        walk(&q["item"], id).cloned().unwrap_or_default()
    };
    let population = |id: &str| {
        find(id)["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["url"] == super::sdc::POPULATION_EXT)
            .and_then(|e| e["valueString"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    // Lines: grouped by documented progression, with the rule's codes.
    let lines = population("therapy_lines");
    assert!(
        lines.contains("only after documented progression") && lines.contains("97509-4"),
        "{lines}"
    );
    // A result with no window: its codes on the item, and why SDC's hint is not given.
    assert_eq!(find("spep_m_protein")["code"][0]["code"], "33358-3");
    assert!(population("spep_m_protein").contains("no window"));
    // The birth date is stated in SDC's own terms, and needs no note.
    assert_eq!(population("birth_date"), "");
}
