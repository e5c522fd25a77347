//! Prefill throughput: a patient record of 100, 10,000 and 100,000 resources (observations of
//! two tests over years, conditions, one patient) read against a policy with a birth date, a
//! diagnosis, and a lab value and date in a 30-day window. Parsing the JSON is included.

use criteria::{Date, LoadedPolicy};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::json;

fn policy() -> Option<LoadedPolicy> {
    let lab = json!({"system": "http://loinc.org", "code": "BENCH-1", "display": "bench"});
    let text = json!({
        "id": "BENCH.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01", "birth_date_question": "birth_date",
        "questions": [
            {"id": "birth_date", "prompt": "Born", "type": "date", "fhir": {"resource": "Patient", "element": "birth_date"}},
            {"id": "dx", "prompt": "Dx", "type": "choice", "options": [{"value": "mm", "label": "MM"}, {"value": "o", "label": "O"}],
             "fhir": {"resource": "Condition", "element": "code", "options": {"mm": [
                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00", "display": "Multiple myeloma not having achieved remission"}]}}},
            {"id": "lab", "prompt": "Lab", "type": "number", "unit": "g/dL", "min": 0, "max": 20,
             "fhir": {"resource": "Observation", "element": "value", "within_days": 30, "codes": [lab]}},
            {"id": "lab_date", "prompt": "Lab date", "type": "date",
             "fhir": {"resource": "Observation", "element": "effective", "within_days": 30, "codes": [lab]}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria", "criteria": {"id": "I.1", "label": "l", "all": [
            {"id": "a", "label": "a", "check": {"choice_in": {"question": "dx", "values": ["mm"]}}},
            {"id": "b", "label": "b", "check": {"ge": [{"q": "lab"}, {"qty": [1, "g/dL"]}]}},
            {"id": "c", "label": "c", "check": {"within_days": {"question": "lab_date", "days": 30}}},
            {"id": "d", "label": "d", "check": {"ge": [{"years_since": "birth_date"}, {"qty": [18, "years"]}]}}]}}]
    });
    LoadedPolicy::from_json("bench.json", &text.to_string()).ok()
}

/// A record of `n` resources: one patient, a condition every 50, observations otherwise (half
/// the test the policy reads, half another), dated back one a day from the as-of date.
fn record(n: usize) -> String {
    let mut entries = vec![json!({"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1958-04-12"}})];
    for i in 1..n {
        let date = Date::from_days(20_000 - (i % 3650) as i64).map_or_else(String::new, |d| d.to_string());
        let resource = if i % 50 == 0 {
            json!({"resourceType": "Condition", "id": format!("c{i}"), "recordedDate": date,
                "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": if i % 100 == 0 { "C90.00" } else { "E11.9" }}]}})
        } else {
            let code = if i % 2 == 0 { "BENCH-1" } else { "OTHER-2" };
            json!({"resourceType": "Observation", "id": format!("o{i}"), "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "effectiveDateTime": format!("{date}T08:00:00Z"), "valueQuantity": {"value": 1.0 + (i % 7) as f64 / 10.0, "unit": "g/dL"}})
        };
        entries.push(json!({"resource": resource}));
    }
    json!({"resourceType": "Bundle", "type": "searchset", "entry": entries}).to_string()
}

fn bench(c: &mut Criterion) {
    let Some(policy) = policy() else { return };
    let as_of = Date::from_days(20_000).unwrap_or(Date::UNIX_EPOCH);
    let mut group = c.benchmark_group("prefill");
    group.sample_size(10);
    for n in [100, 10_000, 100_000] {
        let text = record(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                interop::prefill::prefill(&policy, text, as_of)
                    .map(|p| p.proposals.len())
                    .unwrap_or(0)
            });
        });
        if std::env::var_os("PREFILL_PARSE_ONLY").is_some() {
            group.bench_with_input(BenchmarkId::new("json parse only", n), &text, |b, text| {
                b.iter(|| {
                    serde_json::from_str::<serde_json::Value>(text)
                        .map(|v| v.is_object())
                        .unwrap_or(false)
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
