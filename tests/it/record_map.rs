//! `docs/record.md` classifies every question of every policy by what a patient's record can
//! say of it (read, computed, or only the prescriber can say), with its mapping or why it has
//! none. This keeps it true: every question has one row under its policy, a mapped question is
//! read or computed and says `mapped:`, and a read or computed one without a mapping says why.

use std::collections::BTreeMap;

#[test]
fn every_question_is_classified_and_the_classes_agree_with_the_mappings() {
    let text = include_str!("../../docs/record.md");
    // Rows per policy: question id → (class, from the record).
    let mut rows: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut policy: Option<String> = None;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            policy = head.split(':').next().map(|id| id.trim().to_owned());
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(p), true) = (&policy, cells.len() >= 6) else {
            continue;
        };
        let Some(id) = cells[1].strip_prefix('`').and_then(|c| c.strip_suffix('`')) else {
            continue;
        };
        let table = rows.entry(p.clone()).or_default();
        if table
            .insert(id.to_owned(), (cells[2].to_owned(), cells[3].to_owned()))
            .is_some()
        {
            problems.push(format!("{p}: `{id}` is classified twice"));
        }
    }
    for lp in policies::all() {
        let p = &lp.policy;
        let Some(table) = rows.get(&p.id) else {
            problems.push(format!("{}: no section in docs/record.md", p.id));
            continue;
        };
        for q in &p.questions {
            let Some((class, from)) = table.get(&q.id) else {
                problems.push(format!("{}: `{}` is not classified", p.id, q.id));
                continue;
            };
            let readable = matches!(class.as_str(), "read" | "computed");
            if !readable && class != "prescriber" {
                problems.push(format!("{}: `{}` has class `{class}`", p.id, q.id));
            }
            match (&q.fhir, readable) {
                (Some(_), false) => problems.push(format!("{}: `{}` is mapped but classed {class}", p.id, q.id)),
                (Some(_), true) if !from.starts_with("mapped:") => {
                    problems.push(format!("{}: `{}` is mapped: say `mapped:` and how", p.id, q.id));
                }
                (None, true) if !from.starts_with("not mapped:") => {
                    problems.push(format!(
                        "{}: `{}` has no mapping: say `not mapped:` and why",
                        p.id, q.id
                    ));
                }
                _ => {}
            }
        }
        for id in table.keys() {
            if lp.question(id).is_none() {
                problems.push(format!("{}: `{id}` is not a question of the policy", p.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
