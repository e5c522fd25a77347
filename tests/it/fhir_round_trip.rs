//! Every corpus case survives FHIR both ways (issue 9): its answers written as a
//! QuestionnaireResponse and read back give the same outcome, failed criteria and missing
//! answers, with no item refused; and the response is `completed` exactly when the outcome is
//! decided.

use criteria::{answers_from_json, evaluate, parse_answers, Context, Date, LineOfBusiness, Outcome};
use interop::fhir::read::answers_from_response;
use interop::fhir::response;
use precheck_tests::case_files;

#[test]
fn every_corpus_case_round_trips_through_its_questionnaire_response() {
    let mut problems = Vec::new();
    let mut total = 0;
    for (file, cases) in case_files() {
        let Some(policy) = policies::get(&cases.policy) else {
            problems.push(format!("{file}: unknown policy {}", cases.policy));
            continue;
        };
        for case in &cases.cases {
            total += 1;
            let name = format!("{file} / {}", case.name);
            let Some(as_of) = Date::parse(&case.as_of) else {
                problems.push(format!("{name}: bad as_of"));
                continue;
            };
            let ctx = Context {
                as_of,
                line_of_business: case.line_of_business.as_deref().and_then(LineOfBusiness::parse),
            };
            let Ok((answers, _)) = parse_answers(policy, &case.answers.to_string(), as_of) else {
                problems.push(format!("{name}: answers do not parse"));
                continue;
            };
            let before = evaluate(policy, &answers, &ctx);
            let qr = response(policy, &answers, &ctx);
            let want_status = if before.outcome == Outcome::Incomplete {
                "in-progress"
            } else {
                "completed"
            };
            if qr["status"] != want_status {
                problems.push(format!(
                    "{name}: status {} for outcome {}",
                    qr["status"],
                    before.outcome.as_str()
                ));
            }
            let (read, errors) = match answers_from_response(policy, &qr.to_string()) {
                Ok(read) => read,
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    continue;
                }
            };
            let Ok((back, more)) = answers_from_json(policy, &read, as_of) else {
                problems.push(format!("{name}: read-back answers are not an object"));
                continue;
            };
            if !errors.is_empty() || !more.is_empty() {
                problems.push(format!("{name}: read back with errors {errors:?} {more:?}"));
            }
            let after = evaluate(policy, &back, &ctx);
            if (before.outcome, &before.failed, &before.missing) != (after.outcome, &after.failed, &after.missing) {
                problems.push(format!(
                    "{name}: {} {:?} {:?} became {} {:?} {:?}",
                    before.outcome.as_str(),
                    before.failed,
                    before.missing,
                    after.outcome.as_str(),
                    after.failed,
                    after.missing
                ));
            }
        }
    }
    assert!(total > 200, "only {total} cases");
    assert!(
        problems.is_empty(),
        "{} of {total} cases change through FHIR:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
