//! Engine behaviour on a small policy, run natively, under Node and in headless Chromium
//! (`wasm-pack test --node` / `--headless --chrome`).

// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use criteria::{evaluate, parse_answers, Context, Date, LoadedPolicy, Outcome, Status};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const POLICY: &str = r#"{
  "id": "TEST.1", "title": "Test policy", "subject": "Test drug", "issuer": "Test plan",
  "plan": "All plans", "lines_of_business": ["commercial", "medicaid"], "last_review": "2026-01",
  "birth_date_question": "dob",
  "questions": [
    {"id": "dob", "prompt": "Date of birth", "type": "date"},
    {"id": "lab", "prompt": "Serum M-protein", "type": "number", "unit": "g/dL", "accepts_units": ["g/L"], "min": 0, "max": 20},
    {"id": "lab_date", "prompt": "Date of the lab", "type": "date"},
    {"id": "dx", "prompt": "Diagnosis", "type": "choice",
     "options": [{"value": "mm", "label": "Myeloma"}, {"value": "other", "label": "Other"}]}
  ],
  "retired": [{"question": "lab_percent", "note": "now asked as the lab value with its unit"}],
  "derived": [{"id": "age", "label": "Age", "unit": "years", "expr": {"years_since": "dob"}}],
  "sections": [
    {"id": "I.A", "title": "Myeloma", "kind": "initial", "effect": "criteria",
     "applies_when": [{"choice_in": {"question": "dx", "values": ["mm"]}}],
     "criteria": {"id": "I.A", "label": "All of", "all": [
       {"id": "I.A.1", "label": "Adult", "check": {"ge": [{"d": "age"}, {"qty": [18, "years"]}]}},
       {"id": "I.A.2", "label": "Lab at or above threshold, recent", "all": [
         {"id": "I.A.2-value", "label": "Threshold", "check": {"ge": [{"q": "lab"}, {"qty": [0.5, "g/dL"]}]}},
         {"id": "I.A.2-window", "label": "Within 30 days", "check": {"within_days": {"question": "lab_date", "days": 30}}}
       ]}
     ]}},
    {"id": "I.B", "title": "Other", "kind": "initial", "effect": "criteria",
     "applies_when": [{"choice_in": {"question": "dx", "values": ["other"]}}],
     "criteria": {"id": "I.B.1", "label": "Off-label policy", "check": {"choice_in": {"question": "dx", "values": ["other"]}},
       "refer": [{"line_of_business": "commercial", "policy": "CP.CPA.09", "label": "off-label"},
                 {"line_of_business": "medicaid", "policy": "CP.PMN.53", "label": "off-label"}]}}
  ]
}"#;

fn setup() -> (LoadedPolicy, Date) {
    let policy = LoadedPolicy::from_json("test.json", POLICY).expect("test policy loads");
    (policy, Date::parse("2026-11-22").expect("date"))
}

fn run(answers: &str, lob: Option<criteria::LineOfBusiness>) -> (Outcome, Vec<String>, Vec<String>) {
    let (policy, as_of) = setup();
    let (answers, errors) = parse_answers(&policy, answers, as_of).expect("answers parse");
    assert!(errors.is_empty(), "{errors:?}");
    let r = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: lob,
        },
    );
    (
        r.outcome,
        r.failed.iter().map(|s| s.to_string()).collect(),
        r.missing.iter().map(|s| s.to_string()).collect(),
    )
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unanswered_is_never_no() {
    let (outcome, failed, missing) = run(r#"{}"#, None);
    assert_eq!(outcome, Outcome::Incomplete);
    assert!(failed.is_empty());
    assert_eq!(missing, ["dx"]);
    let (outcome, failed, missing) = run(r#"{"dx": "mm"}"#, None);
    assert_eq!(outcome, Outcome::Incomplete);
    assert!(failed.is_empty());
    assert_eq!(missing, ["dob", "lab", "lab_date"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn one_failure_decides_despite_unknowns() {
    let (outcome, failed, missing) = run(r#"{"dx": "mm", "dob": "2010-01-01"}"#, None);
    assert_eq!(outcome, Outcome::DoesNotMeet);
    assert_eq!(failed, ["I.A.1"]);
    assert!(missing.is_empty());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn thresholds_windows_and_units() {
    let ok = r#"{"dx": "mm", "dob": "1960-05-01", "lab": 0.5, "lab_date": "2026-10-23"}"#;
    assert_eq!(run(ok, None).0, Outcome::Meets);
    let converted =
        r#"{"dx": "mm", "dob": "1960-05-01", "lab": {"value": 5, "unit": "g/L"}, "lab_date": "2026-10-23"}"#;
    assert_eq!(run(converted, None).0, Outcome::Meets);
    let stale = r#"{"dx": "mm", "dob": "1960-05-01", "lab": 0.5, "lab_date": "2026-10-22"}"#;
    assert_eq!(run(stale, None).1, ["I.A.2-window"]);
    let low = r#"{"dx": "mm", "dob": "1960-05-01", "lab": 0.49, "lab_date": "2026-11-01"}"#;
    assert_eq!(run(low, None).1, ["I.A.2-value"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn referrals_follow_the_line_of_business() {
    let (policy, as_of) = setup();
    let (answers, _) = parse_answers(&policy, r#"{"dx": "other"}"#, as_of).expect("parse");
    let all = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: None,
        },
    );
    assert_eq!(all.outcome, Outcome::Refer);
    assert_eq!(all.refer_to.len(), 2);
    let medicaid = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: Some(criteria::LineOfBusiness::Medicaid),
        },
    );
    assert_eq!(medicaid.refer_to.len(), 1);
    assert_eq!(medicaid.refer_to[0].policy.as_deref(), Some("CP.PMN.53"));
    let medicare = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: Some(criteria::LineOfBusiness::Medicare),
        },
    );
    assert_eq!(medicare.outcome, Outcome::Refer);
    assert!(medicare.notes.contains(&criteria::Note::UnlistedLineOfBusiness {
        line_of_business: criteria::LineOfBusiness::Medicare
    }));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_answers_name_their_field_and_keep_the_rest() {
    let (policy, as_of) = setup();
    let text = r#"{"dx": "mm", "lab": -1, "lab_date": "2026-02-30", "dob": "1960-01-01", "nope": 1, "dx2": true}"#;
    let (answers, errors) = parse_answers(&policy, text, as_of).expect("parse");
    let fields: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(fields, ["lab", "lab_date", "nope", "dx2"]);
    assert!(answers.get("dx").is_some() && answers.get("dob").is_some());
    let future = parse_answers(&policy, r#"{"lab_date": "2027-01-01"}"#, as_of)
        .expect("parse")
        .1;
    assert!(future[0].message.contains("after the as-of date"));
    let before_birth = parse_answers(&policy, r#"{"dob": "1990-01-01", "lab_date": "1980-01-01"}"#, as_of)
        .expect("parse")
        .1;
    assert_eq!(before_birth[0].question, "lab_date");
    let twice = parse_answers(&policy, r#"{"lab": 1, "lab": 2}"#, as_of).expect("parse");
    assert_eq!(twice.1[0].question, "lab");
    assert!(twice.0.get("lab").is_none());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn explanation_tree_records_answers_used() {
    let (policy, as_of) = setup();
    let (answers, _) = parse_answers(&policy, r#"{"dx": "mm", "lab": 0.7}"#, as_of).expect("parse");
    let r = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: None,
        },
    );
    let tree = r.sections[0].tree.as_ref().expect("tree");
    let lab = &tree.children[1].children[0];
    assert_eq!(lab.id, "I.A.2-value");
    assert_eq!(lab.status, Status::Met);
    assert_eq!(
        lab.used[0].value,
        criteria::Shown::Answer {
            answer: std::rc::Rc::new(criteria::Answer::Number(0.7))
        }
    );
    assert_eq!(r.sections[1].status, Status::NotApplicable);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn invalid_policies_are_rejected_with_paths() {
    let bad = POLICY.replace(r#"{"qty": [0.5, "g/dL"]}"#, r#"{"qty": [0.5, "mg/dL"]}"#);
    let err = LoadedPolicy::from_json("bad.json", &bad).expect_err("unit mismatch");
    assert!(err.to_string().contains("unit mismatch"), "{err}");
    assert!(err.to_string().contains("bad.json"), "{err}");
    let typo = POLICY.replace(r#""kind": "initial""#, r#""kind": "initial", "kidn": 1"#);
    let err = LoadedPolicy::from_json("typo.json", &typo).expect_err("unknown field");
    assert!(err.to_string().contains("kidn"), "{err}");
    let dangling = POLICY.replace(r#"{"q": "lab"}"#, r#"{"q": "lab2"}"#);
    let err = LoadedPolicy::from_json("dangling.json", &dangling).expect_err("dangling");
    assert!(err.to_string().contains("unknown question `lab2`"), "{err}");
    let cycle = POLICY.replace(
        r#""check": {"ge": [{"d": "age"}, {"qty": [18, "years"]}]}"#,
        r#""use": "I.A""#,
    );
    let err = LoadedPolicy::from_json("cycle.json", &cycle).expect_err("cycle");
    assert!(err.to_string().contains("cycle"), "{err}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn warns_when_the_last_review_is_over_a_year_old() {
    let (policy, _) = setup();
    let at = |date: &str| {
        let as_of = Date::parse(date).expect("date");
        let r = evaluate(
            &policy,
            &criteria::Answers::new(),
            &Context {
                as_of,
                line_of_business: None,
            },
        );
        (
            r.freshness.months_since_review,
            r.freshness.stale,
            r.notes.iter().any(|n| matches!(n, criteria::Note::StaleReview { .. })),
        )
    };
    // The test policy was last reviewed in 2026-01 (month only).
    assert_eq!(at("2027-01-31"), (12, false, false));
    assert_eq!(at("2027-02-01"), (13, true, true));
    assert_eq!(at("2026-01-01"), (0, false, false));
}

/// A policy of two yes/no questions and one criteria section, for the regressions below.
fn tiny(criteria: &str) -> LoadedPolicy {
    let text = format!(
        r#"{{"id": "T.2", "title": "t", "subject": "s", "issuer": "i", "plan": "p", "lines_of_business": ["commercial"],
        "last_review": "2026-01",
        "questions": [{{"id": "a", "prompt": "A", "type": "yes_no"}}, {{"id": "b", "prompt": "B", "type": "yes_no"}}],
        "sections": [{{"id": "S", "title": "s", "kind": "initial", "effect": "criteria", "criteria": {criteria}}}]}}"#
    );
    LoadedPolicy::from_json("tiny.json", &text).expect("tiny policy loads")
}

fn outcome_of(policy: &LoadedPolicy, answers: &str) -> Outcome {
    let as_of = Date::parse("2026-11-22").expect("date");
    let (a, _) = parse_answers(policy, answers, as_of).expect("answers");
    evaluate(
        policy,
        &a,
        &Context {
            as_of,
            line_of_business: None,
        },
    )
    .outcome
}

// Regressions found by the soundness property test (issue 5): a decided result must never
// change when more questions are answered.

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_5_not_of_a_gated_child_is_undecided_while_the_gate_is_open() {
    let p = tiny(
        r#"{"id": "N", "label": "not", "not": {"id": "C", "label": "c", "when": [{"yes": "a"}], "check": {"yes": "b"}}}"#,
    );
    assert_eq!(outcome_of(&p, r#"{"b": true}"#), Outcome::Incomplete);
    assert_eq!(outcome_of(&p, r#"{"b": true, "a": true}"#), Outcome::DoesNotMeet);
    assert_eq!(outcome_of(&p, r#"{"b": true, "a": false}"#), Outcome::Meets);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_5_a_referral_under_an_open_gate_is_undecided() {
    let p = tiny(
        r#"{"id": "N", "label": "n", "when": [{"yes": "a"}], "check": {"no": "b"}, "refer": [{"label": "review"}]}"#,
    );
    assert_eq!(outcome_of(&p, r#"{"b": false}"#), Outcome::Incomplete);
    assert_eq!(outcome_of(&p, r#"{"b": false, "a": true}"#), Outcome::Refer);
    assert_eq!(outcome_of(&p, r#"{"b": false, "a": false}"#), Outcome::Meets);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_5_at_least_refers_only_when_the_count_needs_the_referral() {
    let p = tiny(
        r#"{"id": "N", "label": "n", "at_least": 1, "of": [
            {"id": "R", "label": "r", "check": {"yes": "b"}, "refer": [{"label": "review"}]},
            {"id": "P", "label": "p", "check": {"yes": "a"}}]}"#,
    );
    assert_eq!(outcome_of(&p, r#"{"a": true}"#), Outcome::Meets);
    assert_eq!(outcome_of(&p, r#"{"a": true, "b": true}"#), Outcome::Meets);
    assert_eq!(outcome_of(&p, r#"{"b": true}"#), Outcome::Incomplete);
    assert_eq!(outcome_of(&p, r#"{"b": true, "a": false}"#), Outcome::Refer);
}

/// A policy with "not done" labs, a list that may be known in part, a calendar-month window and
/// a referral for the lines of business it does not list (issue 9).
const CHART: &str = r#"{
  "id": "TEST.9", "title": "Chart realism", "subject": "Test drug", "issuer": "Test plan",
  "plan": "All plans", "lines_of_business": ["medicare"], "last_review": "2026-01",
  "other_lines_of_business": [{"policy": "OTHER.31", "label": "the plan's policy for other lines"}],
  "drugs": [{"id": "pi_drug", "label": "A PI", "classes": ["pi"]}, {"id": "plain", "label": "Plain"}],
  "classes": [{"id": "pi", "label": "Proteasome inhibitor"}],
  "questions": [
    {"id": "serum", "prompt": "Serum M-protein", "type": "number", "unit": "g/dL", "min": 0, "max": 20,
     "not_done": true, "companions": ["serum_date"]},
    {"id": "serum_date", "prompt": "Date of the serum test", "type": "date"},
    {"id": "urine", "prompt": "Urine M-protein", "type": "number", "unit": "mg/24 h", "min": 0, "max": 20000,
     "not_done": true, "companions": ["urine_date"]},
    {"id": "urine_date", "prompt": "Date of the urine test", "type": "date"},
    {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines", "partial": true},
    {"id": "change_date", "prompt": "Date of the label change", "type": "date"}
  ],
  "derived": [{"id": "line_count", "label": "Prior lines", "unit": "lines", "expr": {"count_lines": {"question": "lines"}}}],
  "sections": [
    {"id": "I", "title": "Initial", "kind": "initial", "effect": "criteria",
     "criteria": {"id": "I", "label": "All of", "all": [
       {"id": "I.1", "label": "Measurable disease on a recent test", "any": [
         {"id": "I.1.a", "label": "Serum", "all": [
           {"id": "I.1.a-level", "label": "Serum 0.5 or more", "check": {"ge": [{"q": "serum"}, {"qty": [0.5, "g/dL"]}]}},
           {"id": "I.1.a-recent", "label": "Serum in 30 days", "check": {"within_days": {"question": "serum_date", "days": 30}}}]},
         {"id": "I.1.b", "label": "Urine", "all": [
           {"id": "I.1.b-level", "label": "Urine 200 or more", "check": {"ge": [{"q": "urine"}, {"qty": [200, "mg/24 h"]}]}},
           {"id": "I.1.b-recent", "label": "Urine in 30 days", "check": {"within_days": {"question": "urine_date", "days": 30}}}]}]},
       {"id": "I.2", "label": "Three lines or more", "check": {"ge": [{"d": "line_count"}, {"qty": [3, "lines"]}]}},
       {"id": "I.3", "label": "A PI in some line", "check": {"includes_any": {"question": "lines", "class": "pi"}}},
       {"id": "I.4", "label": "Label change within 6 months", "check": {"within_months": {"question": "change_date", "months": 6}}}
     ]}}
  ]
}"#;

fn chart(answers: &str, lob: Option<criteria::LineOfBusiness>) -> criteria::Evaluation<'static> {
    let policy: &'static LoadedPolicy = Box::leak(Box::new(
        LoadedPolicy::from_json("chart.json", CHART).expect("chart policy loads"),
    ));
    let as_of = Date::parse("2026-08-31").expect("date");
    let (answers, errors) = parse_answers(policy, answers, as_of).expect("answers parse");
    assert!(errors.is_empty(), "{errors:?}");
    evaluate(
        policy,
        &answers,
        &Context {
            as_of,
            line_of_business: lob,
        },
    )
}

const COMPLETE: &str = r#""lines": [["pi_drug"], ["plain"], ["plain", "pi_drug"]], "change_date": "2026-03-01""#;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_a_test_not_done_decides_and_hides_its_companions() {
    // Serum never done, urine never done: no measurable disease, decided without invented zeros.
    let r = chart(
        &format!(r#"{{"serum": {{"not_done": true}}, "urine": {{"not_done": true}}, {COMPLETE}}}"#),
        None,
    );
    assert_eq!(r.outcome, Outcome::DoesNotMeet);
    assert_eq!(r.failed, ["I.1"]);
    assert!(r.missing.is_empty());
    assert!(!r.relevant.contains(&"serum_date") && !r.relevant.contains(&"urine_date"));
    assert_eq!(r.progress.answered, r.progress.needed);
    // A recent qualifying serum test beside a urine test never done: meets.
    let r = chart(
        &format!(r#"{{"serum": 1.2, "serum_date": "2026-08-20", "urine": {{"not_done": true}}, {COMPLETE}}}"#),
        None,
    );
    assert_eq!(r.outcome, Outcome::Meets, "{:?}", r.failed);
    // Blank is not "not done": the urine test is still asked for.
    let r = chart(&format!(r#"{{"serum": {{"not_done": true}}, {COMPLETE}}}"#), None);
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert_eq!(r.missing, ["urine", "urine_date"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_not_done_is_refused_where_the_policy_does_not_allow_it() {
    let policy = LoadedPolicy::from_json("chart.json", CHART).expect("loads");
    let as_of = Date::parse("2026-08-31").expect("date");
    let (answers, errors) = parse_answers(
        &policy,
        r#"{"serum_date": {"not_done": true}, "urine": {"not_done": true}, "urine_date": "2026-08-01", "serum": 1}"#,
        as_of,
    )
    .expect("parses");
    let fields: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(fields, ["serum_date", "urine_date"], "{errors:?}");
    assert!(errors[0].message.contains("not done"), "{}", errors[0].message);
    assert!(errors[1].message.contains("`urine`"), "{}", errors[1].message);
    assert_eq!(answers.len(), 2, "serum and urine are kept");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_a_list_known_in_part_decides_only_what_more_cannot_change() {
    let base = r#""serum": 1.2, "serum_date": "2026-08-20", "change_date": "2026-03-01""#;
    // Three lines known, a PI among them: more lines cannot undo either criterion.
    let r = chart(
        &format!(r#"{{{base}, "lines": {{"partial": [["pi_drug"], ["plain"], ["plain"]]}}}}"#),
        None,
    );
    assert_eq!(r.outcome, Outcome::Meets);
    // Two lines known, no PI: both criteria stay open and the list is still asked for.
    let r = chart(
        &format!(r#"{{{base}, "lines": {{"partial": [["plain"], ["plain"]]}}}}"#),
        None,
    );
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert_eq!(r.missing, ["lines"]);
    // The same two lines as the whole history: decided.
    let r = chart(&format!(r#"{{{base}, "lines": [["plain"], ["plain"]]}}"#), None);
    assert_eq!(r.outcome, Outcome::DoesNotMeet);
    assert_eq!(r.failed, ["I.2", "I.3"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_months_are_calendar_months_with_month_ends_clamped() {
    let answers = |date: &str| {
        format!(
            r#"{{"serum": 1.2, "serum_date": "2026-08-20", "lines": [["pi_drug"], ["plain"], ["plain"]], "change_date": "{date}"}}"#
        )
    };
    // As of 2026-08-31, six months back is 2026-02-28 (February has no 31st).
    assert_eq!(chart(&answers("2026-02-28"), None).outcome, Outcome::Meets);
    assert_eq!(chart(&answers("2026-02-27"), None).outcome, Outcome::DoesNotMeet);
    assert_eq!(chart(&answers("2026-08-31"), None).outcome, Outcome::Meets);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_an_unlisted_line_of_business_is_referred_where_the_policy_names_a_target() {
    let r = chart("{}", Some(criteria::LineOfBusiness::Medicaid));
    assert_eq!(r.outcome, Outcome::Refer);
    let targets: Vec<Option<&str>> = r.refer_to.iter().map(|t| t.policy.as_deref()).collect();
    assert_eq!(targets, [Some("OTHER.31")]);
    assert_eq!(
        chart("{}", Some(criteria::LineOfBusiness::Medicare)).outcome,
        Outcome::Incomplete
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_9_policy_rules_for_not_done_companions_and_partial_lists() {
    let bad = CHART
        .replace(
            r#""type": "therapy_lines", "partial": true"#,
            r#""type": "therapy_lines", "not_done": true"#,
        )
        .replace(
            r#""prompt": "Date of the label change", "type": "date""#,
            r#""prompt": "Date", "type": "date", "partial": true, "companions": ["serum_date"]"#,
        );
    let err = LoadedPolicy::from_json("bad.json", &bad)
        .expect_err("rejected")
        .to_string();
    for needle in [
        "questions[4].not_done",
        "questions[5].partial",
        "questions[5].companions",
        "already a companion of `serum`",
    ] {
        assert!(err.contains(needle), "{needle} not in {err}");
    }
}

/// Issue 10: a valid policy whose derived values chain 40 deep, each adding the one before
/// twice, made loading double in time at every level (about 23 s at 26 levels). Dependencies
/// are now worked out once per value; this chain loads and evaluates (chains past 64 are
/// refused by validation).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_10_a_doubling_chain_of_derived_values_loads_and_evaluates() {
    let mut derived = vec![r#"{"id": "d0", "label": "d0", "unit": "mg", "expr": {"q": "x"}}"#.to_owned()];
    for i in 1..40 {
        derived.push(format!(
            r#"{{"id": "d{i}", "label": "d{i}", "unit": "mg", "expr": {{"add": [{{"d": "d{p}"}}, {{"d": "d{p}"}}]}}}}"#,
            p = i - 1
        ));
    }
    let text = format!(
        r#"{{"id": "CHAIN.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p", "lines_of_business": ["commercial"],
        "last_review": "2026-01", "questions": [{{"id": "x", "prompt": "x", "type": "number", "unit": "mg"}}],
        "derived": [{}],
        "sections": [{{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
          "criteria": {{"id": "I.1", "label": "l", "check": {{"ge": [{{"d": "d39"}}, {{"qty": [1, "mg"]}}]}}}}}}]}}"#,
        derived.join(",")
    );
    let policy = LoadedPolicy::from_json("chain.json", &text).expect("a 40-level chain loads");
    let as_of = Date::parse("2026-11-22").expect("date");
    let (answers, _) = parse_answers(&policy, r#"{"x": 1}"#, as_of).expect("answers");
    let r = evaluate(
        &policy,
        &answers,
        &Context {
            as_of,
            line_of_business: None,
        },
    );
    assert_eq!(r.outcome, Outcome::Meets);
    assert_eq!(r.relevant, ["x"]);
}

/// Issue 21: a question an earlier version asked is refused with what asks for it now, in both
/// readers, and the other answers are kept.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_answer_to_a_retired_question_says_what_replaced_it() {
    let (policy, as_of) = setup();
    let text = r#"{"lab_percent": 40, "dx": "mm"}"#;
    let (answers, errors) = parse_answers(&policy, text, as_of).expect("answers parse");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].question, "lab_percent");
    assert_eq!(errors[0].kind, criteria::AnswerErrorKind::Retired);
    assert!(
        errors[0].message.contains("now asked as the lab value with its unit"),
        "{}",
        errors[0].message
    );
    assert!(answers.get("dx").is_some());
    let (_, prepared_errors) = criteria::Prepared::parse(&policy, text, as_of).expect("answers parse");
    assert_eq!(prepared_errors, errors);
}

const HISTORY: &str = r#"{
  "id": "TEST.2", "title": "History", "subject": "Test drug", "issuer": "Test plan",
  "plan": "All plans", "lines_of_business": ["commercial"], "last_review": "2026-01",
  "classes": [{"id": "pi", "label": "PI"}, {"id": "bcma", "label": "BCMA-targeted"}],
  "drugs": [{"id": "bort", "label": "Bortezomib", "classes": ["pi"]},
            {"id": "tec", "label": "Teclistamab", "classes": ["bcma"]},
            {"id": "other", "label": "Other"}],
  "questions": [
    {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines", "partial": true},
    {"id": "prior_bcma", "prompt": "BCMA-targeted therapy ever, lines included", "type": "drug_list",
     "classes": ["bcma"], "partial": true, "covers": "lines"}
  ],
  "derived": [{"id": "n", "label": "Lines", "unit": "lines", "expr": {"count_lines": {"question": "lines"}}},
              {"id": "n_pi", "label": "PI lines", "unit": "lines", "expr": {"count_lines": {"question": "lines", "with_all": ["pi"]}}}],
  "sections": [
    {"id": "I", "title": "History", "kind": "initial", "effect": "criteria",
     "criteria": {"id": "I", "label": "All of", "all": [
       {"id": "I.1", "label": "No BCMA-targeted therapy before", "not": {"id": "I.1-prior", "label": "Before", "any": [
         {"id": "I.1-lines", "label": "In a line", "check": {"includes_any": {"question": "lines", "class": "bcma"}}},
         {"id": "I.1-reported", "label": "Reported", "check": {"includes_any": {"question": "prior_bcma", "class": "bcma"}}}
       ]}},
       {"id": "I.2", "label": "Two lines", "check": {"ge": [{"d": "n"}, {"qty": [2, "lines"]}]}},
       {"id": "I.3", "label": "A PI line", "check": {"ge": [{"d": "n_pi"}, {"qty": [1, "lines"]}]}}
     ]}}
  ]
}"#;

/// The status of each of I.1, I.2 and I.3, and the refused answers, for answers to `HISTORY`.
fn history(answers: &str) -> (Vec<Status>, Vec<criteria::AnswerError>) {
    let policy = LoadedPolicy::from_json("history.json", HISTORY).expect("test policy loads");
    let as_of = Date::parse("2026-11-22").expect("date");
    let (parsed, errors) = parse_answers(&policy, answers, as_of).expect("answers parse");
    let (_, prepared_errors) = criteria::Prepared::parse(&policy, answers, as_of).expect("answers parse");
    assert_eq!(prepared_errors, errors, "both readers refuse the same answers");
    let r = evaluate(
        &policy,
        &parsed,
        &Context {
            as_of,
            line_of_business: None,
        },
    );
    let tree = r.sections[0].tree.as_ref().expect("tree");
    let statuses = tree.children.iter().map(|n| n.status).collect();
    (statuses, errors)
}

/// Issue 21: "none, ever", given as the whole history that covers the lines, decides the
/// criterion however incomplete the line list is; without it the criterion waits.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_21_a_whole_history_decides_what_a_partial_line_list_cannot() {
    use Status::*;
    let (s, e) = history(r#"{"lines": {"partial": [["bort"]]}, "prior_bcma": []}"#);
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(s, [Met, Unknown, Met]);
    let (s, _) = history(r#"{"lines": {"partial": [["bort"]]}}"#);
    assert_eq!(s[0], Unknown);
    // A history itself known only in part decides nothing it lacks.
    let (s, _) = history(r#"{"lines": {"partial": [["bort"]]}, "prior_bcma": {"partial": []}}"#);
    assert_eq!(s[0], Unknown);
    // A history that lists the drug leaves "in a line" open, and is itself the failure.
    let (s, _) = history(r#"{"lines": {"partial": [["bort"]]}, "prior_bcma": ["tec"]}"#);
    assert_eq!(s[0], NotMet);
}

/// Issue 21: a line that lists a drug the whole history leaves out is a contradiction: the
/// history is refused naming both, and the line decides.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_21_a_line_contradicting_the_whole_history_refuses_the_history() {
    let (s, e) = history(r#"{"lines": [["bort"], ["tec"]], "prior_bcma": []}"#);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].question, "prior_bcma");
    assert_eq!(e[0].kind, criteria::AnswerErrorKind::Contradiction);
    assert!(
        e[0].message.contains("line 2 of `lines`") && e[0].message.contains("`tec`"),
        "{}",
        e[0].message
    );
    assert_eq!(s[0], Status::NotMet);
}

/// Issue 21: a line whose drugs are not documented counts as a line and proves no class.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_21_a_line_with_undocumented_drugs_counts_and_proves_nothing() {
    use Status::*;
    let unknown = r#"{"drugs": [], "unknown_drugs": true}"#;
    let (s, e) = history(&format!(r#"{{"lines": [{unknown}, ["other"]]}}"#));
    assert!(e.is_empty(), "{e:?}");
    // Two lines exactly; whether either held a PI or a BCMA-targeted drug is open.
    assert_eq!(s, [Unknown, Met, Unknown]);
    let (s, _) = history(&format!(r#"{{"lines": [{unknown}, ["other"]], "prior_bcma": []}}"#));
    assert_eq!(s, [Met, Met, Unknown]);
    let (s, _) = history(&format!(r#"{{"lines": [{unknown}, ["bort"]]}}"#));
    assert_eq!(s, [Unknown, Met, Met]);
    // Its drugs may be listed in part; an empty line without the mark is still refused.
    let (s, _) = history(r#"{"lines": [{"drugs": ["bort"], "unknown_drugs": true}]}"#);
    assert_eq!(s, [Unknown, NotMet, Met]);
    let (_, e) = history(r#"{"lines": [[]]}"#);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("unknown_drugs"), "{}", e[0].message);
}

/// Issue 21: `covers` names a therapy_lines question, from a drug_list with classes.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_21_covers_is_checked() {
    for (from, to, says) in [
        (r#""covers": "lines""#, r#""covers": "nope""#, "unknown question `nope`"),
        (
            r#""covers": "lines""#,
            r#""covers": "prior_bcma""#,
            "is not a therapy_lines question",
        ),
        (
            r#""classes": ["bcma"], "partial": true, "covers""#,
            r#""partial": true, "covers""#,
            "with `classes`",
        ),
    ] {
        let text = HISTORY.replace(from, to);
        assert_ne!(text, HISTORY);
        let err = LoadedPolicy::from_json("history.json", &text)
            .expect_err("refused")
            .to_string();
        assert!(err.contains(says), "{err}");
    }
}

const PAPERS: &str = r#"{
  "id": "TEST.3", "title": "Papers", "subject": "Test drug", "issuer": "Test plan",
  "plan": "All plans", "lines_of_business": ["commercial"], "last_review": "2026-01",
  "drugs": [{"id": "bort", "label": "Bortezomib"}],
  "questions": [
    {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines", "line_dates": true, "partial": true},
    {"id": "setting", "prompt": "Setting", "type": "choice",
     "options": [{"value": "in", "label": "Inpatient"}, {"value": "out", "label": "Outpatient"}]}
  ],
  "derived": [{"id": "n", "label": "Lines", "unit": "lines", "expr": {"count_lines": {"question": "lines"}}}],
  "sections": [
    {"id": "A", "title": "A", "kind": "initial", "effect": "criteria",
     "documentation": [
       "Chart notes",
       {"text": "Each line with its date", "complete": {"lines_dated": "lines"}},
       {"text": "The outpatient attestation", "when": [{"choice_in": {"question": "setting", "values": ["out"]}}]}
     ],
     "criteria": {"id": "A", "label": "All of", "all": [
       {"id": "A.1", "label": "A line", "check": {"ge": [{"d": "n"}, {"qty": [1, "lines"]}]}},
       {"id": "A.2", "label": "Any setting", "check": {"choice_in": {"question": "setting", "values": ["in", "out"]}}}
     ]}}
  ]
}"#;

/// Issue 21: documentation follows the answers (the outpatient attestation only for an
/// outpatient infusion), and undated lines the policy wants dated make a request that meets
/// every criterion "documentation incomplete", not "meets".
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn issue_21_documentation_follows_the_answers_and_names_its_gaps() {
    let policy = LoadedPolicy::from_json("papers.json", PAPERS).expect("test policy loads");
    let as_of = Date::parse("2026-11-22").expect("date");
    let run = |text: &str| {
        let (answers, errors) = parse_answers(&policy, text, as_of).expect("answers parse");
        assert!(errors.is_empty(), "{errors:?}");
        let r = evaluate(
            &policy,
            &answers,
            &Context {
                as_of,
                line_of_business: None,
            },
        );
        let lean = criteria::verdict(
            &policy,
            &answers,
            &Context {
                as_of,
                line_of_business: None,
            },
        );
        assert_eq!(lean.outcome, r.outcome, "the lean verdict agrees");
        (
            r.outcome,
            r.documentation.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            r.documentation_gaps
                .iter()
                .map(|g| (g.text.to_string(), g.undated_lines))
                .collect::<Vec<_>>(),
        )
    };
    let (o, docs, gaps) = run(r#"{"lines": [{"drugs": ["bort"], "start": "2025-01-01"}], "setting": "in"}"#);
    assert_eq!(o, Outcome::Meets);
    assert_eq!(docs, ["Chart notes", "Each line with its date"]);
    assert!(gaps.is_empty());
    let (o, docs, gaps) = run(r#"{"lines": [["bort"], ["bort"]], "setting": "out"}"#);
    assert_eq!(o, Outcome::DocumentationIncomplete);
    assert_eq!(
        docs,
        ["Chart notes", "Each line with its date", "The outpatient attestation"]
    );
    assert_eq!(gaps, [("Each line with its date".to_string(), Some(2))]);
    // While the setting is unknown the attestation is listed; a partial list whose lines are
    // all dated says nothing of the dates yet; a clinical failure stays a failure.
    let (o, docs, gaps) = run(r#"{"lines": {"partial": [{"drugs": ["bort"], "start": "2025-01-01"}]}}"#);
    assert_eq!(o, Outcome::Incomplete);
    assert_eq!(docs.len(), 3);
    assert!(gaps.is_empty());
    let (o, _, gaps) = run(r#"{"lines": [], "setting": "in"}"#);
    assert_eq!(o, Outcome::DoesNotMeet);
    assert!(gaps.is_empty(), "no line, no undated line");
    let (o, _, gaps) = run(r#"{"lines": {"partial": [["bort"]]}, "setting": "in"}"#);
    assert_eq!(o, Outcome::DocumentationIncomplete);
    assert_eq!(gaps[0].1, Some(1));
}
