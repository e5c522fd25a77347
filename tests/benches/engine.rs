//! Evaluate plus explain, natively, for each policy with a complete, a partial and an empty
//! answer set taken from the clinical corpus. `cargo bench -p precheck-tests --bench engine`.

use criteria::{evaluate, evaluate_summary, parse_answers, Context, Date, LineOfBusiness, Prepared};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use precheck_tests::case_files;
use serde_json::Value;

/// The answer sets of one policy: the largest "meets" case, half of it, and nothing.
fn answer_sets(cases: &precheck_tests::CaseFile) -> Vec<(&'static str, Value, String, Option<String>)> {
    let Some(full) = cases
        .cases
        .iter()
        .filter(|c| c.outcome == "meets")
        .max_by_key(|c| c.answers.as_object().map_or(0, |o| o.len()))
    else {
        return Vec::new();
    };
    let mut half = serde_json::Map::new();
    if let Some(map) = full.answers.as_object() {
        for (i, (k, v)) in map.iter().enumerate() {
            if i % 2 == 0 {
                half.insert(k.clone(), v.clone());
            }
        }
    }
    vec![
        (
            "complete",
            full.answers.clone(),
            full.as_of.clone(),
            full.line_of_business.clone(),
        ),
        (
            "partial",
            Value::Object(half),
            full.as_of.clone(),
            full.line_of_business.clone(),
        ),
        (
            "empty",
            serde_json::json!({}),
            full.as_of.clone(),
            full.line_of_business.clone(),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate_explain");
    for (_, file) in case_files() {
        let Some(policy) = policies::get(&file.policy) else {
            continue;
        };
        for (set, answers, as_of, lob) in answer_sets(&file) {
            let as_of = Date::parse(&as_of).unwrap_or(Date::UNIX_EPOCH);
            let ctx = Context {
                as_of,
                line_of_business: lob.as_deref().and_then(LineOfBusiness::parse),
            };
            let text = answers.to_string();
            let Ok((parsed, _)) = parse_answers(policy, &text, as_of) else {
                continue;
            };
            // The evaluation with its explanation tree, as the app computes it on every change.
            group.bench_with_input(
                BenchmarkId::new(format!("{}/evaluate", file.policy), set),
                &parsed,
                |b, a| {
                    b.iter(|| evaluate(policy, a, &ctx));
                },
            );
            // The verdict without the explanation tree (failed, missing, relevant, dose checks).
            group.bench_with_input(
                BenchmarkId::new(format!("{}/summary", file.policy), set),
                &parsed,
                |b, a| {
                    b.iter(|| evaluate_summary(policy, a, &ctx));
                },
            );
            // The lean verdict from prepared answers (issue 13): outcome, failed, missing, relevant.
            let prepared = Prepared::from_answers(policy, &parsed);
            group.bench_with_input(
                BenchmarkId::new(format!("{}/verdict", file.policy), set),
                &prepared,
                |b, p| {
                    b.iter(|| p.verdict(&ctx));
                },
            );
            // The answers read in one pass into the slots, then the lean verdict.
            group.bench_with_input(
                BenchmarkId::new(format!("{}/parse+verdict", file.policy), set),
                &text,
                |b, t| {
                    b.iter(|| {
                        Prepared::parse(policy, t, as_of)
                            .map(|(p, _)| p.verdict(&ctx).outcome)
                            .ok()
                    });
                },
            );
            // Parsing the answers, evaluating, and writing the explained result as JSON.
            group.bench_with_input(
                BenchmarkId::new(format!("{}/parse+evaluate+json", file.policy), set),
                &text,
                |b, t| {
                    b.iter(|| {
                        let (a, _) = parse_answers(policy, t, as_of).unwrap_or_default();
                        serde_json::to_string(&evaluate(policy, &a, &ctx)).unwrap_or_default()
                    });
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
