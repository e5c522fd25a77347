//! Derived values and expressions: references resolve, dependencies form no cycle and nest at
//! most `MAX_DERIVED_DEPTH` deep (checked in one linear pass), and units agree.

use std::collections::BTreeSet;

use super::{UnitOf, Validator, MAX_DERIVED_DEPTH};
use crate::error::ProblemKind;
use crate::model::{Expr, QuestionType};

impl<'p> Validator<'p> {
    pub(super) fn derived_values(&mut self) {
        let p = self.policy;
        // Derived values may refer to each other; reject cycles before inferring units, and
        // chains deeper than evaluation should recurse. One iterative depth-first walk, linear
        // in the values and their references, whatever the file holds.
        let refs: Vec<Vec<usize>> = p
            .derived
            .iter()
            .map(|d| {
                let mut out = Vec::new();
                d.expr.derived_refs(&mut out);
                out.into_iter().filter_map(|id| self.derived.get(id).copied()).collect()
            })
            .collect();
        let n = p.derived.len();
        // 0: not seen, 1: on the walk, 2: done. `depth` counts the values down to a question.
        let mut state = vec![0u8; n];
        let mut depth = vec![0usize; n];
        let mut cyclic = BTreeSet::new();
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            let mut stack = vec![(start, 0usize)];
            while let Some(&mut (i, ref mut next)) = stack.last_mut() {
                if let Some(&j) = refs[i].get(*next) {
                    *next += 1;
                    match state[j] {
                        0 => {
                            state[j] = 1;
                            stack.push((j, 0));
                        }
                        1 => {
                            cyclic.insert(j);
                        }
                        _ => {}
                    }
                } else {
                    state[i] = 2;
                    depth[i] = 1 + refs[i].iter().map(|&j| depth[j]).max().unwrap_or(0);
                    stack.pop();
                }
            }
        }
        for &i in &cyclic {
            self.problem(
                ProblemKind::Cycle,
                format!("derived[{i}].expr"),
                format!("derived value `{}` depends on itself", p.derived[i].id),
            );
        }
        if let Some(i) = (0..n).find(|&i| depth[i] > MAX_DERIVED_DEPTH) {
            self.problem(
                ProblemKind::Limit,
                format!("derived[{i}].expr"),
                format!(
                    "derived value `{}` is built on {} derived values in a chain; at most {MAX_DERIVED_DEPTH} may nest",
                    p.derived[i].id, depth[i]
                ),
            );
        }
        if !cyclic.is_empty() || depth.iter().any(|&d| d > MAX_DERIVED_DEPTH) {
            return;
        }
        for (i, d) in p.derived.iter().enumerate() {
            let path = format!("derived[{i}].expr");
            match self.expr(&d.expr, &path) {
                Some(UnitOf::Known(unit)) if unit != d.unit && !(unit.is_empty() && self.is_count_unit(&d.unit)) => {
                    self.problem(
                        ProblemKind::Unit,
                        path,
                        format!("the expression gives `{unit}` but the value declares `{}`", d.unit),
                    );
                }
                _ => {}
            }
        }
    }

    /// Checks an expression and infers its unit; `None` after reporting a problem.
    pub(super) fn expr(&mut self, expr: &Expr, path: &str) -> Option<UnitOf> {
        let p = self.policy;
        match expr {
            Expr::Q(id) => {
                let q = self.typed_question(id, &[QuestionType::Number], path)?;
                Some(UnitOf::Known(q.unit.clone().unwrap_or_default()))
            }
            Expr::D(id) => match self.derived.get(id) {
                Some(&i) => Some(UnitOf::Known(p.derived[i].unit.clone())),
                None => {
                    self.problem(
                        ProblemKind::UnknownReference,
                        path,
                        format!("unknown derived value `{id}`"),
                    );
                    None
                }
            },
            Expr::Num(n) | Expr::Qty(n, _) if !n.is_finite() => {
                self.problem(ProblemKind::BadValue, path, "constants must be finite");
                None
            }
            Expr::Num(_) => Some(UnitOf::Known(String::new())),
            Expr::Qty(_, unit) => Some(UnitOf::Known(unit.clone())),
            Expr::Add(items) | Expr::Min(items) | Expr::Max(items) => {
                if items.is_empty() {
                    self.problem(ProblemKind::Missing, path, "needs at least one operand");
                    return None;
                }
                self.same_units(items.iter().collect(), path)
            }
            Expr::Sub(pair) => self.same_units(pair.iter().collect(), path),
            Expr::Mul(items) => {
                if items.is_empty() {
                    self.problem(ProblemKind::Missing, path, "needs at least one operand");
                    return None;
                }
                let mut units = Vec::new();
                for (i, e) in items.iter().enumerate() {
                    units.push(self.expr(e, &format!("{path}.mul[{i}]"))?);
                }
                let measured: Vec<_> = units
                    .into_iter()
                    .filter(|u| *u != UnitOf::Known(String::new()))
                    .collect();
                Some(match measured.len() {
                    0 => UnitOf::Known(String::new()),
                    1 => measured.into_iter().next().unwrap_or(UnitOf::Composite),
                    _ => UnitOf::Composite,
                })
            }
            Expr::Div(pair) => {
                let top = self.expr(&pair[0], &format!("{path}.div[0]"))?;
                let bottom = self.expr(&pair[1], &format!("{path}.div[1]"))?;
                Some(if bottom == UnitOf::Known(String::new()) {
                    top
                } else if top == bottom {
                    UnitOf::Known(String::new())
                } else {
                    UnitOf::Composite
                })
            }
            Expr::DaysSince(id) => {
                self.typed_question(id, &[QuestionType::Date], path)?;
                Some(UnitOf::Known("days".into()))
            }
            Expr::DaysBetween { from, to } => {
                self.typed_question(from, &[QuestionType::Date], &format!("{path}.from"))?;
                self.typed_question(to, &[QuestionType::Date], &format!("{path}.to"))?;
                Some(UnitOf::Known("days".into()))
            }
            Expr::YearsSince(id) => {
                self.typed_question(id, &[QuestionType::Date], path)?;
                Some(UnitOf::Known("years".into()))
            }
            Expr::MonthsSince(id) => {
                self.typed_question(id, &[QuestionType::Date], path)?;
                Some(UnitOf::Known("months".into()))
            }
            Expr::MonthsBetween { from, to } => {
                self.typed_question(from, &[QuestionType::Date], &format!("{path}.from"))?;
                self.typed_question(to, &[QuestionType::Date], &format!("{path}.to"))?;
                Some(UnitOf::Known("months".into()))
            }
            Expr::CountLines { question, with_all } => {
                self.typed_question(question, &[QuestionType::TherapyLines], &format!("{path}.question"))?;
                for (i, class) in with_all.iter().enumerate() {
                    if !self.classes.contains(class) {
                        self.problem(
                            ProblemKind::UnknownReference,
                            format!("{path}.with_all[{i}]"),
                            format!("unknown class `{class}`"),
                        );
                    }
                }
                Some(UnitOf::Known("lines".into()))
            }
            Expr::Score { question, points } => {
                let q = self.typed_question(question, &[QuestionType::Choice], &format!("{path}.question"))?;
                let options: BTreeSet<&String> = q.options.iter().map(|o| &o.value).collect();
                let keys: BTreeSet<&String> = points.keys().collect();
                for key in keys.difference(&options) {
                    self.problem(
                        ProblemKind::UnknownReference,
                        format!("{path}.points"),
                        format!("`{key}` is not an option of `{question}`"),
                    );
                }
                for key in options.difference(&keys) {
                    self.problem(
                        ProblemKind::Missing,
                        format!("{path}.points"),
                        format!("option `{key}` of `{question}` has no points"),
                    );
                }
                Some(UnitOf::Known("points".into()))
            }
            Expr::Bands { of, upto, values, unit } => {
                self.expr(of, &format!("{path}.of"))?;
                if values.len() != upto.len() + 1 {
                    self.problem(
                        ProblemKind::BadValue,
                        path,
                        "bands need exactly one more value than bounds",
                    );
                }
                if upto.windows(2).any(|w| w[0] >= w[1]) || upto.iter().chain(values).any(|v| !v.is_finite()) {
                    self.problem(
                        ProblemKind::BadValue,
                        format!("{path}.upto"),
                        "bounds must be finite and rise strictly",
                    );
                }
                Some(UnitOf::Known(unit.clone()))
            }
        }
    }

    pub(super) fn same_units(&mut self, items: Vec<&Expr>, path: &str) -> Option<UnitOf> {
        let mut first: Option<UnitOf> = None;
        for (i, e) in items.into_iter().enumerate() {
            let unit = self.expr(e, &format!("{path}[{i}]"))?;
            match (&first, &unit) {
                (_, UnitOf::Composite) => {
                    self.problem(
                        ProblemKind::Unit,
                        format!("{path}[{i}]"),
                        "name this product or quotient as a derived value with its unit first",
                    );
                    return None;
                }
                (None, _) => first = Some(unit),
                (Some(UnitOf::Known(a)), UnitOf::Known(b)) if a != b => {
                    self.problem(
                        ProblemKind::Unit,
                        format!("{path}[{i}]"),
                        format!("unit mismatch: `{a}` against `{b}`"),
                    );
                    return None;
                }
                _ => {}
            }
        }
        first
    }
}
