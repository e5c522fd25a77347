//! The criteria as a graph: `use` references form no cycle and nest at most
//! `MAX_CRITERIA_DEPTH` deep, and every question and derived value is read by some criterion.

use std::collections::{BTreeMap, BTreeSet};

use super::{Validator, MAX_CRITERIA_DEPTH};
use crate::error::ProblemKind;
use crate::model::Node;

impl<'p> Validator<'p> {
    pub(super) fn use_cycles(&mut self) {
        // A `use` cycle may pass through parents: a node that uses its own ancestor loops too.
        let mut edges: BTreeMap<String, Vec<String>> = self.uses.clone();
        for (id, node) in &self.nodes {
            let entry = edges.entry(id.clone()).or_default();
            for (_, child) in node.children() {
                entry.push(child.id.clone());
            }
        }
        let mut state: BTreeMap<&str, u8> = BTreeMap::new();
        let mut cycles = Vec::new();
        for start in edges.keys() {
            let mut stack = vec![(start.as_str(), 0usize)];
            while let Some((id, next)) = stack.pop() {
                if next == 0 {
                    match state.get(id) {
                        Some(2) => continue,
                        Some(1) => {
                            cycles.push(id.to_owned());
                            continue;
                        }
                        _ => {
                            state.insert(id, 1);
                        }
                    }
                }
                let targets = edges.get(id).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(t) = targets.get(next) {
                    stack.push((id, next + 1));
                    if state.get(t.as_str()) == Some(&1) {
                        cycles.push(t.clone());
                    } else {
                        stack.push((t.as_str(), 0));
                    }
                } else {
                    state.insert(id, 2);
                }
            }
        }
        cycles.sort();
        cycles.dedup();
        let acyclic = cycles.is_empty();
        for id in cycles {
            self.problem(
                ProblemKind::Cycle,
                format!("criterion `{id}`"),
                "`use` references form a cycle through this criterion",
            );
        }
        if acyclic {
            self.criteria_depth(&edges);
        }
    }

    /// Evaluation recurses down children and `use` references: refuse a policy whose longest
    /// such path is deeper than [`MAX_CRITERIA_DEPTH`], naming where it starts. The edges are
    /// acyclic here; the walk is iterative and visits each criterion once.
    pub(super) fn criteria_depth(&mut self, edges: &BTreeMap<String, Vec<String>>) {
        let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
        let mut worst: Option<(&str, usize)> = None;
        for start in edges.keys() {
            if depth.contains_key(start.as_str()) {
                continue;
            }
            let mut stack = vec![(start.as_str(), 0usize)];
            while let Some(&mut (id, ref mut next)) = stack.last_mut() {
                let targets = edges.get(id).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(t) = targets.get(*next) {
                    *next += 1;
                    if !depth.contains_key(t.as_str()) {
                        stack.push((t.as_str(), 0));
                    }
                } else {
                    let d = 1 + targets
                        .iter()
                        .filter_map(|t| depth.get(t.as_str()))
                        .max()
                        .copied()
                        .unwrap_or(0);
                    depth.insert(id, d);
                    if worst.is_none_or(|(_, w)| d > w) {
                        worst = Some((id, d));
                    }
                    stack.pop();
                }
            }
        }
        if let Some((id, d)) = worst.filter(|&(_, d)| d > MAX_CRITERIA_DEPTH) {
            self.problem(
                ProblemKind::Limit,
                format!("criterion `{id}`"),
                format!("criteria nest {d} deep here, counting `use` references; at most {MAX_CRITERIA_DEPTH} may"),
            );
        }
    }

    pub(super) fn reachability(&mut self) {
        let p = self.policy;
        // Questions reached through derived values count as used.
        let mut pending: Vec<String> = Vec::new();
        let mut refs = Vec::new();
        let documentation = p.sections.iter().flat_map(|s| &s.documentation).chain(&p.documentation);
        for item in documentation {
            let (when, complete) = item.conditions();
            when.iter()
                .chain(complete)
                .for_each(|pred| pred.derived_refs(&mut refs));
        }
        for s in &p.sections {
            collect_node_derived(&s.criteria, &mut refs);
            for pred in &s.applies_when {
                pred.derived_refs(&mut refs);
            }
            if let Some(from) = s.approval.as_ref().and_then(|a| a.quantity_from.as_ref()) {
                refs.push(from);
            }
        }
        pending.extend(refs.into_iter().cloned());
        let mut seen = BTreeSet::new();
        while let Some(id) = pending.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some(&i) = self.derived.get(&id) {
                let mut qs = Vec::new();
                p.derived[i].expr.question_refs(&mut qs);
                self.used.extend(qs.into_iter().cloned());
                let mut ds = Vec::new();
                p.derived[i].expr.derived_refs(&mut ds);
                pending.extend(ds.into_iter().cloned());
            }
        }
        for (i, q) in p.questions.iter().enumerate() {
            if !self.used.contains(&q.id) && p.birth_date_question.as_deref() != Some(&q.id) {
                self.problem(
                    ProblemKind::Unused,
                    format!("questions[{i}]"),
                    format!("question `{}` is not used by any criterion", q.id),
                );
            }
        }
        for (i, d) in p.derived.iter().enumerate() {
            if !seen.contains(&d.id) {
                self.problem(
                    ProblemKind::Unused,
                    format!("derived[{i}]"),
                    format!("derived value `{}` is not used by any criterion", d.id),
                );
            }
        }
    }
}

fn collect_node_derived<'e>(node: &'e Node, out: &mut Vec<&'e String>) {
    node.when.iter().for_each(|p| p.derived_refs(out));
    if let Some(pred) = &node.check {
        pred.derived_refs(out);
    }
    for (_, child) in node.children() {
        collect_node_derived(child, out);
    }
}
