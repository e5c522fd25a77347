//! What the app's `assess` relies on when it drops the answers to questions not shown: one
//! pass reaches the fixed point. For every corpus case, and every case mixed with another
//! case's answers (so that hidden questions hold answers), the questions shown with every
//! answer are the questions shown with the shown answers only, so that no answer the user can
//! see is dropped.
//!
//! The verdict itself may differ (a hidden answer can decide a criterion, and must not: the
//! second pass is the one shown), which is why the app evaluates twice; issue 13's single pass
//! per keystroke must keep that.

use criteria::{evaluate_summary, parse_answers, Context, Date, LineOfBusiness};
use serde_json::Value;

#[test]
fn dropping_hidden_answers_shows_the_same_questions() {
    let mut compared = 0;
    let mut verdict_differs = 0;
    for (_, file) in precheck_tests::case_files() {
        let policy = policies::get(&file.policy).unwrap();
        for a in &file.cases {
            for b in std::iter::once(None).chain(file.cases.iter().map(Some)) {
                let mut answers = a.answers.as_object().unwrap().clone();
                if let Some(b) = b {
                    for (k, v) in b.answers.as_object().unwrap() {
                        answers.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                let as_of = Date::parse(&a.as_of).unwrap();
                let ctx = Context {
                    as_of,
                    line_of_business: a.line_of_business.as_deref().and_then(LineOfBusiness::parse),
                };
                let Ok((all, _)) = parse_answers(policy, &Value::Object(answers).to_string(), as_of) else {
                    continue;
                };
                let first = evaluate_summary(policy, &all, &ctx);
                let mut shown = all.clone();
                shown.retain(|id| first.relevant.contains(&id));
                let second = evaluate_summary(policy, &shown, &ctx);
                assert_eq!(
                    first.relevant,
                    second.relevant,
                    "{}: {} (+{:?}): the shown questions move when hidden answers are dropped",
                    file.policy,
                    a.name,
                    b.map(|b| &b.name)
                );
                verdict_differs += usize::from(first.missing != second.missing || first.outcome != second.outcome);
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "{compared} compared");
    // Hidden answers do reach the verdict in some mixtures; the app must not show that one.
    assert!(verdict_differs > 0, "the mixtures no longer exercise hidden answers");
}
