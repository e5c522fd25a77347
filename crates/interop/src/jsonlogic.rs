//! A mechanical export of a policy to JsonLogic, so that JsonLogic engines can run the same
//! criteria for comparison (the WebAssembly benchmark in `bench/wasm` does).
//!
//! JsonLogic is two-valued: an absent `var` is `null`, which its operators fold into `false` or
//! `0`. The export is therefore faithful only when every answer the criteria read is given; with
//! unanswered questions it decides what the engine leaves unknown. That difference is the point
//! of the comparison, not a defect of the export.
//!
//! Rules read a data object built by [`data`] under this convention:
//!
//! | answer | in the data |
//! |---|---|
//! | `yes_no` | `true` / `false` |
//! | `number` | the number, in the question's own unit |
//! | `choice` | the option value |
//! | `multi_choice`, `drug_list` | a list of option values or drug ids |
//! | `therapy_lines` `q` | `q`: a list of lines, each a list of drug ids, and `q__undated`: how many lines have no start date |
//! | `date` `q` | `q`: days since 1970-01-01, and `q__ymd`: the date as the number `YYYYMMDD` |
//! | as-of date | `__as_of` and `__as_of__ymd`, in the same two forms |
//!
//! Unanswered questions are absent. With dates as day numbers `days_since` is a subtraction;
//! `years_since` uses the `YYYYMMDD` forms, since the completed years between two dates are the
//! whole ten-thousands in the difference of those numbers (`(d - d % 10000) / 10000`), and so do
//! `months_since` and `months_between` (the month numbers' difference, less one where the day of
//! the month is earlier).
//! Derived values are inlined where they are used, and drug classes are expanded to the drug ids
//! of the policy's catalogue. Comparisons are exact, where the engine allows a relative error of
//! 1e-9 for sums of decimals; a division by zero gives `Infinity` where the engine gives unknown.

use serde_json::{json, Map, Value};

use criteria::model::{Effect, Expr, Node, Pred, QuestionType};
use criteria::Context;
use criteria::Date;
use criteria::LoadedPolicy;
use criteria::{Answer, Answers};

/// The data key of the as-of date, as a day number.
pub const AS_OF: &str = "__as_of";
/// Appended to a date's key for its `YYYYMMDD` form.
pub const YMD: &str = "__ymd";
/// The suffix of a list of lines' variable holding how many of its lines have no start date.
pub const UNDATED: &str = "__undated";

/// The policy's sections as JsonLogic rules: `{"policy", "convention", "sections": [{"id",
/// "applies", "criteria", "effect"}]}`.
///
/// A section applies when `applies` is truthy; a `criteria` section is met when `criteria` is
/// truthy too; a `deny` section that applies is never met (its `criteria` is only the reason).
pub fn export(policy: &LoadedPolicy) -> Value {
    let x = Exporter { lp: policy };
    let sections: Vec<Value> = policy
        .policy
        .sections
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "applies": and(s.applies_when.iter().map(|p| x.pred(p)).collect()),
                "criteria": x.node(&s.criteria).in_all(),
                "effect": match s.effect {
                    Effect::Criteria => "criteria",
                    Effect::Deny => "deny",
                },
            })
        })
        .collect();
    json!({
        "policy": policy.policy.id,
        "convention": "dates as days since 1970-01-01 and <q>__ymd as YYYYMMDD; __as_of likewise; unanswered absent",
        "sections": sections,
    })
}

/// The JsonLogic data object for answers under the convention of this module.
///
/// Answers to questions the policy does not have are left out: the engine never reads them.
pub fn data(policy: &LoadedPolicy, answers: &Answers, ctx: &Context) -> Value {
    let mut out = Map::new();
    out.insert(AS_OF.to_owned(), ctx.as_of.to_days().into());
    out.insert(format!("{AS_OF}{YMD}"), ymd(ctx.as_of).into());
    for months in month_windows(policy) {
        // Before year 1 no date can be earlier: the window starts at day zero of the count.
        let start = ctx.as_of.months_before(months).map_or(i64::MIN / 2, Date::to_days);
        out.insert(months_before_key(months), start.into());
    }
    for (id, answer) in answers.iter() {
        if policy.question(id).is_none() {
            continue;
        }
        match answer {
            Answer::Date(d) => {
                out.insert(id.clone(), d.to_days().into());
                out.insert(format!("{id}{YMD}"), ymd(*d).into());
            }
            // Each line a list of drug ids, as the convention says, whether or not it is dated,
            // and beside them how many lines have no date.
            Answer::Lines(lines) => {
                let undated = lines.iter().filter(|l| l.start.is_none()).count();
                let lines = lines.iter().map(|l| Value::from(l.drugs.clone())).collect();
                out.insert(id.clone(), Value::Array(lines));
                out.insert(format!("{id}{UNDATED}"), undated.into());
            }
            other => {
                out.insert(id.clone(), other.to_json());
            }
        }
    }
    Value::Object(out)
}

/// The data key of the as-of date less `months` calendar months, as a day number.
fn months_before_key(months: u32) -> String {
    format!("{AS_OF}__less_{months}_months")
}

/// Every `within_months` window of the policy, for the data object.
fn month_windows(policy: &LoadedPolicy) -> Vec<u32> {
    fn node(n: &Node, out: &mut Vec<u32>) {
        preds(&n.when, out);
        if let Some(p) = &n.check {
            preds(std::slice::from_ref(p), out);
        }
        for (_, c) in n.children() {
            node(c, out);
        }
    }
    fn preds(list: &[Pred], out: &mut Vec<u32>) {
        for p in list {
            if let Pred::Not(inner) = p {
                preds(std::slice::from_ref(&**inner), out);
            }
            if let Pred::WithinMonths { months, .. } = p {
                if !out.contains(months) {
                    out.push(*months);
                }
            }
        }
    }
    let mut out = Vec::new();
    for s in &policy.policy.sections {
        preds(&s.applies_when, &mut out);
        node(&s.criteria, &mut out);
    }
    out
}

fn ymd(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// A translated node. The engine lets a node drop out of its parent ("not applicable") when its
/// `when` gate fails, and a `not` or `use` passes that on from the node it wraps, so the gate
/// travels with the rule until the parent decides how an absent node counts.
struct Translated {
    /// The node's own `when` conditions.
    when: Option<Value>,
    /// Inherited through `not`/`use`: the node counts only while this holds.
    applicable: Option<Value>,
    rule: Value,
}

impl Translated {
    fn counts(&self) -> Option<Value> {
        match (&self.when, &self.applicable) {
            (None, None) => None,
            (Some(w), None) => Some(w.clone()),
            (None, Some(a)) => Some(a.clone()),
            (Some(w), Some(a)) => Some(and(vec![w.clone(), a.clone()])),
        }
    }

    /// As a child of `all` (and as a section's root): a node that does not count is met.
    fn in_all(self) -> Value {
        match self.counts() {
            None => self.rule,
            Some(c) => or(vec![not(c), self.rule]),
        }
    }

    /// As a child of `any` or `at_least`: a node that does not count is not met.
    fn in_any(self) -> Value {
        match self.counts() {
            None => self.rule,
            Some(c) => and(vec![c, self.rule]),
        }
    }
}

struct Exporter<'p> {
    lp: &'p LoadedPolicy,
}

impl Exporter<'_> {
    fn node(&self, n: &Node) -> Translated {
        let when = (!n.when.is_empty()).then(|| and(n.when.iter().map(|p| self.pred(p)).collect()));
        let (applicable, rule) = if let Some(children) = &n.all {
            (None, and(children.iter().map(|c| self.node(c).in_all()).collect()))
        } else if let Some(children) = &n.any {
            (None, or(children.iter().map(|c| self.node(c).in_any()).collect()))
        } else if let (Some(k), Some(children)) = (n.at_least, &n.of) {
            let terms: Vec<Value> = children
                .iter()
                .map(|c| json!({"if": [self.node(c).in_any(), 1, 0]}))
                .collect();
            (None, json!({">=": [{"+": terms}, k]}))
        } else if let Some(child) = &n.not {
            let c = self.node(child);
            (c.counts(), not(c.rule))
        } else if let Some(target) = n.use_.as_ref().and_then(|id| self.lp.node(id)) {
            // Validation rejects `use` cycles, so inlining ends. The engine reads a used node as
            // met while its own gate fails, but passes on a "not applicable" from inside it.
            let t = self.node(target);
            match t.when {
                None => (t.applicable, t.rule),
                Some(w) => (
                    t.applicable.map(|a| or(vec![not(w.clone()), a])),
                    or(vec![not(w), t.rule]),
                ),
            }
        } else if let Some(p) = &n.check {
            (None, self.pred(p))
        } else {
            // Unreachable for a validated policy; null is as close to unknown as JsonLogic gets.
            (None, Value::Null)
        };
        Translated { when, applicable, rule }
    }

    fn pred(&self, p: &Pred) -> Value {
        match p {
            // Strict equality, so that an unanswered question is neither yes nor no here; its
            // parents still fold it into false.
            Pred::Yes(q) => json!({"===": [var(q), true]}),
            Pred::No(q) => json!({"===": [var(q), false]}),
            Pred::ChoiceIn { question, values } => json!({"in": [var(question), values]}),
            Pred::IncludesAny {
                question,
                values,
                class,
            } => {
                let mut ids = values.clone();
                if let Some(c) = class {
                    for id in self.class_drugs(c) {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                let hit = json!({"in": [{"var": ""}, ids]});
                let kind = self.lp.question(question).map(|q| q.kind);
                if kind == Some(QuestionType::TherapyLines) {
                    json!({"some": [var(question), {"some": [{"var": ""}, hit]}]})
                } else {
                    json!({"some": [var(question), hit]})
                }
            }
            Pred::WithinDays { question, days } => json!({"<=": [0, days_since(question), days]}),
            Pred::LinesDated(question) => json!({"==": [var(&format!("{question}{UNDATED}")), 0]}),
            Pred::Not(inner) => json!({"!": self.pred(inner)}),
            Pred::WithinMonths { question, months } => {
                json!({"<=": [var(&months_before_key(*months)), var(question), var(AS_OF)]})
            }
            Pred::Ge(pair) => self.compare(">=", pair),
            Pred::Gt(pair) => self.compare(">", pair),
            Pred::Le(pair) => self.compare("<=", pair),
            Pred::Lt(pair) => self.compare("<", pair),
            Pred::Eq(pair) => self.compare("==", pair),
        }
    }

    fn compare(&self, op: &str, pair: &[Expr; 2]) -> Value {
        json!({op: [self.expr(&pair[0]), self.expr(&pair[1])]})
    }

    fn exprs(&self, op: &str, items: &[Expr]) -> Value {
        json!({op: items.iter().map(|e| self.expr(e)).collect::<Vec<_>>()})
    }

    fn expr(&self, e: &Expr) -> Value {
        match e {
            Expr::Q(q) => var(q),
            // Validation rejects cycles among derived values, so inlining ends.
            Expr::D(d) => self.lp.derived_def(d).map_or(Value::Null, |def| self.expr(&def.expr)),
            Expr::Num(n) | Expr::Qty(n, _) => number(*n),
            Expr::Add(items) => self.exprs("+", items),
            Expr::Mul(items) => self.exprs("*", items),
            Expr::Min(items) => self.exprs("min", items),
            Expr::Max(items) => self.exprs("max", items),
            Expr::Sub(pair) => self.exprs("-", &pair[..]),
            Expr::Div(pair) => self.exprs("/", &pair[..]),
            Expr::DaysSince(q) => days_since(q),
            Expr::DaysBetween { from, to } => json!({"-": [var(to), var(from)]}),
            Expr::MonthsSince(q) => months_between(q, AS_OF),
            Expr::MonthsBetween { from, to } => months_between(from, to),
            Expr::YearsSince(q) => {
                let diff = json!({"-": [var(&format!("{AS_OF}{YMD}")), var(&format!("{q}{YMD}"))]});
                json!({"/": [{"-": [diff.clone(), {"%": [diff, 10_000]}]}, 10_000]})
            }
            Expr::CountLines { question, with_all } => {
                let has_all = and(with_all
                    .iter()
                    .map(|c| json!({"some": [{"var": "current"}, {"in": [{"var": ""}, self.class_drugs(c)]}]}))
                    .collect());
                json!({"reduce": [var(question), {"+": [{"var": "accumulator"}, {"if": [has_all, 1, 0]}]}, 0]})
            }
            Expr::Score { question, points } => {
                let mut chain = Vec::new();
                for (option, value) in points {
                    chain.push(json!({"===": [var(question), option]}));
                    chain.push(number(*value));
                }
                chain.push(Value::Null);
                json!({"if": chain})
            }
            Expr::Bands { of, upto, values, .. } => {
                let x = self.expr(of);
                let mut chain = Vec::new();
                for (i, bound) in upto.iter().enumerate() {
                    chain.push(json!({"<=": [x.clone(), number(*bound)]}));
                    chain.push(values.get(i).map_or(Value::Null, |v| number(*v)));
                }
                chain.push(values.get(upto.len()).map_or(Value::Null, |v| number(*v)));
                json!({"if": chain})
            }
        }
    }

    /// The catalogue's drugs of a class, in catalogue order.
    fn class_drugs(&self, class: &str) -> Vec<String> {
        self.lp
            .policy
            .drugs
            .iter()
            .filter(|d| self.lp.drug_in_class(&d.id, class))
            .map(|d| d.id.clone())
            .collect()
    }
}

fn var(name: &str) -> Value {
    json!({"var": name})
}

/// Completed calendar months from one `YYYYMMDD` date to another: the month numbers' difference,
/// less one when the later day of the month is smaller (`Date::months_until`).
fn months_between(from: &str, to: &str) -> Value {
    let (a, b) = (var(&format!("{from}{YMD}")), var(&format!("{to}{YMD}")));
    let month_number = |d: &Value| {
        // floor(ymd / 10000) * 12 + floor(ymd % 10000 / 100)
        let year = json!({"/": [{"-": [d.clone(), {"%": [d.clone(), 10_000]}]}, 10_000]});
        let mmdd = json!({"%": [d.clone(), 10_000]});
        let month = json!({"/": [{"-": [mmdd.clone(), {"%": [mmdd, 100]}]}, 100]});
        json!({"+": [{"*": [year, 12]}, month]})
    };
    let short = json!({"if": [{"<": [{"%": [b.clone(), 100]}, {"%": [a.clone(), 100]}]}, 1, 0]});
    json!({"-": [{"-": [month_number(&b), month_number(&a)]}, short]})
}

fn days_since(question: &str) -> Value {
    json!({"-": [var(AS_OF), var(question)]})
}

/// Whole numbers are written without a fraction, as a person would write the rule.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        json!(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

// json-logic-js returns `undefined` for an empty `and`/`or`, so empty lists become constants.
fn and(mut items: Vec<Value>) -> Value {
    match items.len() {
        0 => Value::Bool(true),
        1 => items.swap_remove(0),
        _ => json!({"and": items}),
    }
}

fn or(mut items: Vec<Value>) -> Value {
    match items.len() {
        0 => Value::Bool(false),
        1 => items.swap_remove(0),
        _ => json!({"or": items}),
    }
}

fn not(rule: Value) -> Value {
    json!({"!": [rule]})
}

#[cfg(test)]
mod tests {
    use super::*;
    use criteria::parse_answers;

    /// Every node kind, gate and expression, on a policy small enough to read the rules.
    const POLICY: &str = r#"{
      "id": "TEST.JL", "title": "JsonLogic export test", "subject": "Test drug", "issuer": "Test plan",
      "plan": "All plans", "lines_of_business": ["commercial"], "last_review": "2026-01",
      "birth_date_question": "dob",
      "classes": [{"id": "pi", "label": "Proteasome inhibitor"}, {"id": "imid", "label": "IMiD"}],
      "drugs": [{"id": "bortezomib", "label": "Bortezomib", "classes": ["pi"]},
                {"id": "carfilzomib", "label": "Carfilzomib", "classes": ["pi"]},
                {"id": "lenalidomide", "label": "Lenalidomide", "classes": ["imid"]}],
      "questions": [
        {"id": "dob", "prompt": "Date of birth", "type": "date"},
        {"id": "lab", "prompt": "Lab", "type": "number", "unit": "g/dL", "min": 0, "max": 20},
        {"id": "lab_date", "prompt": "Date of the lab", "type": "date"},
        {"id": "start", "prompt": "Start", "type": "date"},
        {"id": "stop", "prompt": "Stop", "type": "date"},
        {"id": "dx", "prompt": "Diagnosis", "type": "choice",
         "options": [{"value": "mm", "label": "Myeloma"}, {"value": "other", "label": "Other"}]},
        {"id": "grade", "prompt": "Grade", "type": "choice",
         "options": [{"value": "low", "label": "Low"}, {"value": "high", "label": "High"}]},
        {"id": "symptoms", "prompt": "Symptoms", "type": "multi_choice",
         "options": [{"value": "pain", "label": "Pain"}, {"value": "fever", "label": "Fever"}]},
        {"id": "current", "prompt": "Current drugs", "type": "drug_list"},
        {"id": "lines", "prompt": "Prior lines", "type": "therapy_lines", "line_dates": true},
        {"id": "consent", "prompt": "Consent", "type": "yes_no"},
        {"id": "prior_car_t", "prompt": "Prior CAR-T", "type": "yes_no"}
      ],
      "derived": [
        {"id": "age", "label": "Age", "unit": "years", "expr": {"years_since": "dob"}},
        {"id": "score", "label": "Score", "unit": "points", "expr": {"add": [
          {"score": {"question": "grade", "points": {"low": 1, "high": 3}}},
          {"bands": {"of": {"q": "lab"}, "upto": [1, 2.5], "values": [0, 1, 2], "unit": "points"}}]}},
        {"id": "lines_both", "label": "Lines with a PI and an IMiD", "unit": "lines", "expr": {"add": [
          {"count_lines": {"question": "lines", "with_all": ["pi", "imid"]}},
          {"count_lines": {"question": "lines"}}]}},
        {"id": "ratio", "label": "Ratio", "unit": "", "expr": {"div": [
          {"mul": [{"num": 2}, {"max": [{"q": "lab"}, {"qty": [1, "g/dL"]}]}]},
          {"sub": [{"min": [{"qty": [4, "g/dL"]}, {"q": "lab"}]}, {"qty": [-1, "g/dL"]}]}]}},
        {"id": "gap", "label": "Gap", "unit": "days", "expr": {"sub": [
          {"days_between": {"from": "start", "to": "stop"}}, {"days_since": "stop"}]}},
        {"id": "span", "label": "Span", "unit": "months", "expr": {"add": [
          {"months_between": {"from": "start", "to": "stop"}}, {"months_since": "stop"}]}}
      ],
      "sections": [
        {"id": "I", "title": "Myeloma", "kind": "initial", "effect": "criteria",
         "applies_when": [{"choice_in": {"question": "dx", "values": ["mm"]}}],
         "criteria": {"id": "I", "label": "All of", "all": [
           {"id": "I.1", "label": "Adult", "check": {"ge": [{"d": "age"}, {"qty": [18, "years"]}]}},
           {"id": "I.2", "label": "Consent where grade is high", "when": [{"choice_in": {"question": "grade", "values": ["high"]}}],
            "check": {"yes": "consent"}},
           {"id": "I.3", "label": "Any of", "any": [
             {"id": "I.3.a", "label": "Recent lab", "check": {"within_days": {"question": "lab_date", "days": 30}}},
             {"id": "I.3.b", "label": "Gated", "when": [{"includes_any": {"question": "symptoms", "values": ["pain"]}}],
              "check": {"gt": [{"d": "ratio"}, {"num": 1}]}}
           ]},
           {"id": "I.4", "label": "Two of", "at_least": 2, "of": [
             {"id": "I.4.a", "label": "PI", "check": {"includes_any": {"question": "lines", "class": "pi"}}},
             {"id": "I.4.b", "label": "Drug", "check": {"includes_any": {"question": "current", "values": ["lenalidomide"]}}},
             {"id": "I.4.c", "label": "Score", "check": {"le": [{"d": "score"}, {"qty": [5, "points"]}]}}
           ]},
           {"id": "I.5", "label": "No prior CAR-T", "not": {"id": "I.5-car-t", "label": "Prior CAR-T", "check": {"yes": "prior_car_t"}}},
           {"id": "I.8", "label": "Lines", "check": {"ge": [{"d": "lines_both"}, {"qty": [1, "lines"]}]}},
           {"id": "I.6", "label": "Gap", "check": {"lt": [{"d": "gap"}, {"qty": [10, "days"]}]}},
           {"id": "I.9", "label": "Span", "check": {"ge": [{"d": "span"}, {"qty": [3, "months"]}]}},
           {"id": "I.7", "label": "Not symptomatic", "check": {"no": "consent"}, "when": [{"eq": [{"q": "lab"}, {"qty": [3, "g/dL"]}]}]}
         ]}},
        {"id": "II", "title": "Continued", "kind": "continued", "effect": "criteria",
         "criteria": {"id": "II.1", "label": "As in I.3", "use": "I.3"}},
        {"id": "III", "title": "Other", "kind": "not_authorized", "effect": "deny",
         "applies_when": [{"choice_in": {"question": "dx", "values": ["other"]}}],
         "criteria": {"id": "III.1", "label": "Not covered", "use": "I.2"}}
      ]
    }"#;

    fn policy() -> LoadedPolicy {
        LoadedPolicy::from_json("test.json", POLICY).expect("test policy loads")
    }

    /// Asserts that a rule uses only JsonLogic operators, each as a one-key object, and reads
    /// only the variables the convention allows; returns the operators used.
    fn check_rule(rule: &Value, lp: &LoadedPolicy, ops: &mut std::collections::BTreeSet<String>) {
        const KNOWN: &[&str] = &[
            "and", "or", "!", "if", "===", "==", ">=", ">", "<=", "<", "+", "-", "*", "/", "%", "min", "max", "in",
            "some", "reduce", "var",
        ];
        match rule {
            Value::Object(map) => {
                assert_eq!(map.len(), 1, "one operator per object: {rule}");
                let (op, args) = map.iter().next().expect("one key");
                assert!(KNOWN.contains(&op.as_str()), "unknown operator `{op}`");
                ops.insert(op.clone());
                if op == "var" {
                    let name = args.as_str().expect("var takes a name");
                    let base = name
                        .strip_suffix(YMD)
                        .or_else(|| name.strip_suffix(UNDATED))
                        .unwrap_or(name);
                    assert!(
                        ["", "current", "accumulator", AS_OF].contains(&base) || lp.question(base).is_some(),
                        "unexpected variable `{name}`"
                    );
                } else {
                    let args = args.as_array().expect("operators take a list");
                    for a in args {
                        check_rule(a, lp, ops);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| check_rule(i, lp, ops)),
            // Literals, including the null a score gives for an option without points.
            _ => {}
        }
    }

    #[test]
    fn every_node_kind_translates_to_json_logic() {
        let lp = policy();
        let out = export(&lp);
        let sections = out["sections"].as_array().expect("sections");
        assert_eq!(sections.len(), 3);
        let mut ops = std::collections::BTreeSet::new();
        for s in sections {
            assert!(!s["criteria"].is_null() && !s["applies"].is_null());
            check_rule(&s["applies"], &lp, &mut ops);
            check_rule(&s["criteria"], &lp, &mut ops);
        }
        for op in [
            "and", "or", "!", "if", "===", "==", ">=", ">", "<=", "<", "+", "-", "*", "/", "%", "min", "max", "in",
            "some", "reduce", "var",
        ] {
            assert!(ops.contains(op), "`{op}` never used");
        }
        assert_eq!(sections[0]["applies"], json!({"in": [{"var": "dx"}, ["mm"]]}));
        assert_eq!(sections[1]["applies"], json!(true));
        assert_eq!(sections[2]["effect"], "deny");

        let root = sections[0]["criteria"]["and"].as_array().expect("all becomes and");
        // A gated node in an `all` counts as met while its gate fails.
        assert_eq!(
            root[1],
            json!({"or": [{"!": [{"in": [{"var": "grade"}, ["high"]]}]}, {"===": [{"var": "consent"}, true]}]})
        );
        // A gated node in an `any` counts as not met while its gate fails.
        let any = root[2]["or"].as_array().expect("any becomes or");
        assert_eq!(
            any[0],
            json!({"<=": [0, {"-": [{"var": "__as_of"}, {"var": "lab_date"}]}, 30]})
        );
        assert_eq!(
            any[1]["and"][0],
            json!({"some": [{"var": "symptoms"}, {"in": [{"var": ""}, ["pain"]]}]})
        );
        // `at_least` counts its met children; classes expand to the catalogue's drug ids.
        let terms = root[3][">="][0]["+"].as_array().expect("a sum of children");
        assert_eq!(terms.len(), 3);
        assert_eq!(root[3][">="][1], 2);
        assert_eq!(
            terms[0]["if"][0],
            json!({"some": [{"var": "lines"}, {"some": [{"var": ""}, {"in": [{"var": ""}, ["bortezomib", "carfilzomib"]]}]}]})
        );
        assert_eq!(
            terms[1]["if"][0],
            json!({"some": [{"var": "current"}, {"in": [{"var": ""}, ["lenalidomide"]]}]})
        );
        assert_eq!(root[4], json!({"!": [{"===": [{"var": "prior_car_t"}, true]}]}));
        // Age is the whole ten-thousands between two YYYYMMDD numbers.
        let diff = json!({"-": [{"var": "__as_of__ymd"}, {"var": "dob__ymd"}]});
        assert_eq!(
            root[0],
            json!({">=": [{"/": [{"-": [diff.clone(), {"%": [diff, 10000]}]}, 10000]}, 18]})
        );
        // `use` inlines the node it names; the gate of the used node comes along.
        assert_eq!(sections[1]["criteria"], root[2]);
        assert_eq!(sections[2]["criteria"], root[1]);
    }

    #[test]
    fn data_carries_answers_under_the_convention() {
        let lp = policy();
        let as_of = Date::parse("2026-11-22").expect("date");
        let (answers, errors) = parse_answers(
            &lp,
            r#"{"dob": "1958-04-12", "lab": 2.5, "dx": "mm", "symptoms": ["pain"], "consent": false,
                "lines": [["bortezomib", "lenalidomide"], {"drugs": ["carfilzomib"], "start": "2025-01-02"}],
                "not_a_question": 1}"#,
            as_of,
        )
        .expect("answers parse");
        assert_eq!(errors.len(), 1, "the unknown key is refused: {errors:?}");
        let d = data(
            &lp,
            &answers,
            &Context {
                as_of,
                line_of_business: None,
            },
        );
        assert_eq!(d["__as_of"], as_of.to_days());
        assert_eq!(d["__as_of__ymd"], 20_261_122);
        assert_eq!(d["dob"], Date::parse("1958-04-12").expect("date").to_days());
        assert_eq!(d["dob__ymd"], 19_580_412);
        assert_eq!(d["lab"], 2.5);
        assert_eq!(d["dx"], "mm");
        assert_eq!(d["consent"], false);
        // A dated line is still a list of drug ids under the convention.
        assert_eq!(d["lines"], json!([["bortezomib", "lenalidomide"], ["carfilzomib"]]));
        assert!(d.get("lab_date").is_none(), "unanswered stays absent");
        assert!(d.get("not_a_question").is_none());
    }
}
