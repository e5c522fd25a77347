//! The chart patients (`tests/charts/`, written by `scripts/fhir/chart-patients.py`): records
//! that look like charts, each with the answers a careful clinician gives from it (`facts`) and
//! those only the prescriber can give (`typed`). Measured as DTR suggests, per policy: of the
//! facts the record holds that the screen asks, how many the record fills correctly, wrongly or
//! not at all, and whether the record's answers with only the prescriber's typed reach the
//! policy's outcome. The figures are kept in `tests/charts/figures.json`: a change fails until
//! it is written there (`PRECHECK_BLESS=1`), so a figure never gets worse unseen.

use std::collections::BTreeMap;
use std::path::Path;

use criteria::{answers_from_json, check_answer, evaluate, Answer, Context, Date, LineOfBusiness, LoadedPolicy};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Chart {
    policy: String,
    about: String,
    as_of: String,
    line_of_business: Option<String>,
    outcome: String,
    facts: Map<String, Value>,
    typed: Map<String, Value>,
    #[serde(default)]
    confirm_complete: Vec<String>,
    record: Value,
}

/// The measures of one policy's patients, or of all.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    patients: usize,
    /// Facts the record holds that the screen asks.
    asked: usize,
    correct: usize,
    wrong: usize,
    empty: usize,
    /// Patients whose screen reaches the expected outcome with only the typed answers added.
    outcomes_reached: usize,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.patients += o.patients;
        self.asked += o.asked;
        self.correct += o.correct;
        self.wrong += o.wrong;
        self.empty += o.empty;
        self.outcomes_reached += o.outcomes_reached;
    }
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kept {
    about: String,
    policies: BTreeMap<String, Figures>,
    all: Figures,
    /// Every fact filled wrongly or left empty, as `file: question`, so that a change is seen.
    wrong: Vec<String>,
    empty: Vec<String>,
}

fn unwrap_partial(v: &Value) -> &Value {
    match v {
        Value::Object(o) if o.len() == 1 && o.contains_key("partial") => &o["partial"],
        other => other,
    }
}

/// Whether a proposal (`a`) says what the chart says (`b`): numbers to a millionth, lists as
/// sets, lines by their drugs and start, a list known in part the same as the whole list it
/// lists. A proposed line whose drugs the record does not all name (`unknown_drugs`: a CAR-T
/// infusion whose product is not named) says the chart's line when the drugs it lists are the
/// chart line's: it claims no more.
fn same(a: &Answer, b: &Answer) -> bool {
    match (a, b) {
        (Answer::Partial(a), b) => same(a, b),
        (a, Answer::Partial(b)) => same(a, b),
        (Answer::Number(x), Answer::Number(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        (Answer::Many(x), Answer::Many(y)) => {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort();
            y.sort();
            x == y
        }
        (Answer::Lines(x), Answer::Lines(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(l, m)| {
                    let (mut d, mut e) = (l.drugs.clone(), m.drugs.clone());
                    d.sort();
                    e.sort();
                    let drugs = if l.unknown_drugs && !m.unknown_drugs {
                        d.iter().all(|x| e.contains(x))
                    } else {
                        d == e && l.unknown_drugs == m.unknown_drugs
                    };
                    drugs && l.start == m.start
                })
        }
        (a, b) => a == b,
    }
}

fn answer(policy: &LoadedPolicy, q: &str, v: &Value, as_of: Date) -> Result<Answer, String> {
    check_answer(policy, q, unwrap_partial(v), as_of).map_err(|e| e.message)
}

#[test]
fn the_chart_patients_fill_their_screens_as_recorded_in_figures_json() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/charts"));
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("tests/charts")
        .flatten()
        .filter(|d| d.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut problems = Vec::new();
    let mut kept = Kept {
        about:
            "Written by tests/it/charts.rs (PRECHECK_BLESS=1): the chart patients' prefill measured as DTR suggests. \
                asked: facts the record holds that the screen asks; correct, wrong, empty: how the record filled them; \
                outcomes_reached: patients reaching their expected outcome with only the prescriber's answers typed."
                .into(),
        ..Kept::default()
    };
    for path in &files {
        let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let chart: Chart = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default()).expect(&name);
        assert!(!chart.about.is_empty(), "{name}: say what the patient shows");
        let policy = policies::get(&chart.policy).expect("a policy of the library");
        let as_of = Date::parse(&chart.as_of).expect("as_of");
        let ctx = Context {
            as_of,
            line_of_business: chart.line_of_business.as_deref().and_then(LineOfBusiness::parse),
        };
        let found = match interop::prefill::prefill(policy, &chart.record.to_string(), as_of) {
            Ok(found) => found,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        // What the screen asks, with every true answer given.
        let mut truth = chart.facts.clone();
        truth.extend(chart.typed.clone());
        let (true_answers, errors) = answers_from_json(policy, &Value::Object(truth), as_of).expect("an object");
        if !errors.is_empty() {
            problems.push(format!("{name}: the facts and typed answers do not load: {errors:?}"));
        }
        let truth_result = evaluate(policy, &true_answers, &ctx);
        if truth_result.outcome.as_str() != chart.outcome {
            problems.push(format!(
                "{name}: its own answers give {}, not {}",
                truth_result.outcome.as_str(),
                chart.outcome
            ));
        }
        let mut f = Figures {
            patients: 1,
            ..Figures::default()
        };
        let proposed = found.answers();
        for (q, fact) in &chart.facts {
            if !truth_result.relevant.contains(&q.as_str()) {
                continue;
            }
            f.asked += 1;
            let expected = match answer(policy, q, fact, as_of) {
                Ok(a) => a,
                Err(e) => {
                    problems.push(format!("{name}: fact {q} is not an answer: {e}"));
                    continue;
                }
            };
            match proposed.get(q) {
                None => {
                    f.empty += 1;
                    kept.empty.push(format!("{name}: {q}"));
                }
                Some(v) => match answer(policy, q, v, as_of) {
                    Ok(a) if same(&a, &expected) => f.correct += 1,
                    _ => {
                        f.wrong += 1;
                        kept.wrong
                            .push(format!("{name}: {q} (proposed {v}, the chart says {fact})"));
                    }
                },
            }
        }
        // The record's answers, lists confirmed complete where the clinician says so, and the
        // prescriber's answers typed over them.
        let mut screen = proposed.clone();
        for q in &chart.confirm_complete {
            if let Some(v) = screen.get(q).map(|v| unwrap_partial(v).clone()) {
                screen.insert(q.clone(), v);
            }
        }
        screen.extend(chart.typed.clone());
        let (answers, _) = answers_from_json(policy, &Value::Object(screen), as_of).expect("an object");
        let reached = evaluate(policy, &answers, &ctx).outcome;
        if reached.as_str() == chart.outcome {
            f.outcomes_reached += 1;
        } else {
            kept.wrong.push(format!(
                "{name}: outcome {} (expected {})",
                reached.as_str(),
                chart.outcome
            ));
        }
        kept.policies.entry(chart.policy.clone()).or_default().add(&f);
        kept.all.add(&f);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(kept.all.patients >= 15, "only {} chart patients", kept.all.patients);
    let file = root.join("figures.json");
    let text = serde_json::to_string_pretty(&kept).expect("figures") + "\n";
    if std::env::var_os("PRECHECK_BLESS").is_some() {
        std::fs::write(&file, &text).expect("tests/charts/figures.json");
        return;
    }
    let before: Kept = serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default()).unwrap_or_default();
    assert!(
        before == kept,
        "the chart figures changed; if for the better, write them with PRECHECK_BLESS=1:\n{text}"
    );
}
