//! The static relevance query: on which conditions the engine shows each question. Exports that
//! cannot run the engine (a FHIR `Questionnaire`'s `enableWhen`) state their gates from it.
//!
//! The engine shows a question once every condition before it on the way down from a section
//! holds: the section's `applies_when` in order, then each node's `when`, each condition only
//! once those before it in its list hold. A question reached several ways has several paths.

use crate::model::{Node, Pred};
use crate::validate::LoadedPolicy;

/// The conditions on one way down to a question, outermost first.
pub type GatePath<'p> = Vec<&'p Pred>;

impl LoadedPolicy {
    /// Per question, in form order: every distinct way down to it (each a [`GatePath`]). A
    /// question that no criterion reads has none; one shown unconditionally has an empty path.
    pub fn gate_paths(&self) -> Vec<Vec<GatePath<'_>>> {
        let mut walk = Walk {
            policy: self,
            paths: vec![Vec::new(); self.policy.questions.len()],
        };
        for s in &self.policy.sections {
            let mut gates = Vec::new();
            walk.list(&s.applies_when, &mut gates);
            walk.node(&s.criteria, &mut gates);
        }
        walk.paths
    }

    /// The questions a condition reads, directly or through derived values (a form shows those
    /// as well), sorted and without repeats.
    pub fn questions_read_by<'p>(&'p self, pred: &'p Pred) -> Vec<&'p str> {
        let mut direct = Vec::new();
        pred.question_refs(&mut direct);
        let mut out: Vec<&str> = direct.into_iter().map(String::as_str).collect();
        let mut pending = Vec::new();
        pred.derived_refs(&mut pending);
        let mut seen = vec![false; self.policy.derived.len()];
        while let Some(id) = pending.pop() {
            let Some(&d) = self.derived.get(id.as_str()) else {
                continue;
            };
            if std::mem::replace(&mut seen[d], true) {
                continue;
            }
            let expr = &self.policy.derived[d].expr;
            let mut qs = Vec::new();
            expr.question_refs(&mut qs);
            out.extend(qs.into_iter().map(String::as_str));
            expr.derived_refs(&mut pending);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

struct Walk<'p> {
    policy: &'p LoadedPolicy,
    paths: Vec<Vec<GatePath<'p>>>,
}

impl<'p> Walk<'p> {
    /// A list of conditions: each is reached once those before it hold. Leaves them on `gates`.
    fn list(&mut self, list: &'p [Pred], gates: &mut GatePath<'p>) {
        for pred in list {
            self.reach(pred, gates);
            gates.push(pred);
        }
    }

    fn node(&mut self, node: &'p Node, gates: &mut GatePath<'p>) {
        let depth = gates.len();
        self.list(&node.when, gates);
        for (_, child) in node.children() {
            self.node(child, gates);
        }
        if let Some(pred) = &node.check {
            self.reach(pred, gates);
        }
        // Validation rejects `use` cycles and bounds their depth, so this recursion ends.
        if let Some(target) = node.use_.as_deref().and_then(|id| self.policy.nodes.get(id)) {
            self.node(target, gates);
        }
        gates.truncate(depth);
    }

    fn reach(&mut self, pred: &'p Pred, gates: &GatePath<'p>) {
        for q in self.policy.questions_read_by(pred) {
            let Some(&i) = self.policy.questions.get(q) else {
                continue;
            };
            let Some(paths) = self.paths.get_mut(i) else { continue };
            if !paths.iter().any(|p| p == gates) {
                paths.push(gates.clone());
            }
        }
    }
}
