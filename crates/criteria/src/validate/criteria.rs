//! Conditions and criteria: every reference resolves to a question of the right type, every
//! option and drug exists, and each node has exactly one rule.

use super::{UnitOf, Validator};
use crate::error::ProblemKind;
use crate::model::{Node, Pred, QuestionType};

impl<'p> Validator<'p> {
    pub(super) fn typed_question(
        &mut self,
        id: &str,
        kinds: &[QuestionType],
        path: &str,
    ) -> Option<&'p crate::model::Question> {
        let p = self.policy;
        self.used.insert(id.to_owned());
        match self.questions.get(id) {
            None => {
                self.problem(ProblemKind::UnknownReference, path, format!("unknown question `{id}`"));
                None
            }
            Some(&i) if !kinds.contains(&p.questions[i].kind) => {
                let names: Vec<_> = kinds.iter().map(|k| k.name()).collect();
                self.problem(
                    ProblemKind::WrongType,
                    path,
                    format!(
                        "`{id}` is a {} question; this needs {}",
                        p.questions[i].kind.name(),
                        names.join(" or ")
                    ),
                );
                None
            }
            Some(&i) => Some(&p.questions[i]),
        }
    }

    pub(super) fn pred(&mut self, pred: &Pred, path: &str) {
        match pred {
            Pred::Yes(id) | Pred::No(id) => {
                self.typed_question(id, &[QuestionType::YesNo], path);
            }
            Pred::ChoiceIn { question, values } => {
                if let Some(q) = self.typed_question(question, &[QuestionType::Choice], &format!("{path}.question")) {
                    if values.is_empty() {
                        self.problem(
                            ProblemKind::Missing,
                            format!("{path}.values"),
                            "list at least one value",
                        );
                    }
                    for (i, v) in values.iter().enumerate() {
                        if !q.options.iter().any(|o| &o.value == v) {
                            self.problem(
                                ProblemKind::UnknownReference,
                                format!("{path}.values[{i}]"),
                                format!("`{v}` is not an option of `{question}`"),
                            );
                        }
                    }
                }
            }
            Pred::IncludesAny {
                question,
                values,
                class,
            } => {
                let kinds = [
                    QuestionType::MultiChoice,
                    QuestionType::DrugList,
                    QuestionType::TherapyLines,
                ];
                if let Some(q) = self.typed_question(question, &kinds, &format!("{path}.question")) {
                    if values.is_empty() == class.is_none() {
                        self.problem(ProblemKind::Misplaced, path, "give either `values` or `class`");
                    }
                    for (i, v) in values.iter().enumerate() {
                        let known = if q.kind == QuestionType::MultiChoice {
                            q.options.iter().any(|o| &o.value == v)
                        } else {
                            self.drug_classes.contains_key(v)
                        };
                        if !known {
                            self.problem(
                                ProblemKind::UnknownReference,
                                format!("{path}.values[{i}]"),
                                format!("`{v}` is not an option or drug of `{question}`"),
                            );
                        }
                    }
                    if let Some(class) = class {
                        if q.kind == QuestionType::MultiChoice {
                            self.problem(
                                ProblemKind::WrongType,
                                format!("{path}.class"),
                                "a class needs a drug_list or therapy_lines question",
                            );
                        } else if !self.classes.contains(class) {
                            self.problem(
                                ProblemKind::UnknownReference,
                                format!("{path}.class"),
                                format!("unknown class `{class}`"),
                            );
                        }
                    }
                }
            }
            Pred::WithinDays { question, .. } => {
                self.typed_question(question, &[QuestionType::Date], &format!("{path}.question"));
            }
            Pred::LinesDated(question) => {
                if let Some(q) = self.typed_question(question, &[QuestionType::TherapyLines], path) {
                    if !q.line_dates {
                        self.problem(
                            ProblemKind::WrongType,
                            path,
                            format!("`{question}` takes no line dates (set `line_dates`)"),
                        );
                    }
                }
            }
            Pred::Not(inner) => self.pred(inner, &format!("{path}.not")),
            Pred::WithinMonths { question, months } => {
                self.typed_question(question, &[QuestionType::Date], &format!("{path}.question"));
                if *months == 0 || *months > 1200 {
                    self.problem(
                        ProblemKind::BadValue,
                        format!("{path}.months"),
                        "give a number of months from 1 to 1200",
                    );
                }
            }
            Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) => {
                let left = self.expr(&pair[0], &format!("{path}[0]"));
                let right = self.expr(&pair[1], &format!("{path}[1]"));
                match (left, right) {
                    (Some(UnitOf::Known(a)), Some(UnitOf::Known(b))) if a != b => {
                        self.problem(
                            ProblemKind::Unit,
                            path,
                            format!("unit mismatch: `{a}` compared with `{b}`"),
                        );
                    }
                    (Some(UnitOf::Composite), _) | (_, Some(UnitOf::Composite)) => {
                        self.problem(
                            ProblemKind::Unit,
                            path,
                            "name this product or quotient as a derived value with its unit first",
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    pub(super) fn node(&mut self, node: &'p Node, path: &str) {
        for (i, pred) in node.when.iter().enumerate() {
            self.pred(pred, &format!("{path}.when[{i}]"));
        }
        let rules = [
            node.all.is_some(),
            node.any.is_some(),
            node.at_least.is_some() || node.of.is_some(),
            node.not.is_some(),
            node.check.is_some(),
            node.use_.is_some(),
        ];
        if rules.iter().filter(|&&r| r).count() != 1 {
            self.problem(
                ProblemKind::Missing,
                path,
                format!(
                    "criterion `{}` needs exactly one of all, any, at_least+of, not, check, use",
                    node.id
                ),
            );
        }
        for (key, list) in [("all", &node.all), ("any", &node.any), ("of", &node.of)] {
            if list.as_ref().is_some_and(Vec::is_empty) {
                self.problem(
                    ProblemKind::BadValue,
                    format!("{path}.{key}"),
                    "an empty list decides nothing",
                );
            }
        }
        match (node.at_least, &node.of) {
            (Some(n), Some(of)) if n == 0 || n as usize > of.len() => {
                self.problem(
                    ProblemKind::BadValue,
                    format!("{path}.at_least"),
                    format!("{n} is not between 1 and {}", of.len()),
                );
            }
            (Some(_), None) | (None, Some(_)) => {
                self.problem(ProblemKind::BadValue, path, "at_least and of go together")
            }
            _ => {}
        }
        if let Some(pred) = &node.check {
            self.pred(pred, &format!("{path}.check"));
        }
        if let Some(target) = &node.use_ {
            if self.nodes.contains_key(target) {
                self.uses.entry(node.id.clone()).or_default().push(target.clone());
            } else {
                self.problem(
                    ProblemKind::UnknownReference,
                    format!("{path}.use"),
                    format!("unknown criterion `{target}`"),
                );
            }
        }
        for (key, child) in node.children() {
            self.node(child, &format!("{path}.{key}"));
        }
    }
}
