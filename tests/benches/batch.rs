//! Batch throughput through the CLI's batch path (`precheck check --batch`), in cases per
//! second on one core: the whole corpus replayed as JSON lines, results written to a sink.

use criteria::Date;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use precheck_tests::case_files;

fn lines() -> String {
    let mut out = String::new();
    for (_, file) in case_files() {
        for case in &file.cases {
            let line = serde_json::json!({
                "policy": file.policy, "as_of": case.as_of, "line_of_business": case.line_of_business, "answers": case.answers,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let input = lines();
    let cases = input.lines().count() as u64;
    let as_of = Date::parse("2026-11-22").unwrap_or(Date::UNIX_EPOCH);
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(cases));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            precheck::run_batch(input.as_bytes(), std::io::sink(), as_of)
                .map(|(n, _)| n)
                .unwrap_or(0)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
