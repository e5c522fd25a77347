//! The policy's own fields and its questions: dates, lines of business, codes, units, and
//! each question's type, unit, range, options, classes, companions and flags.

use std::collections::BTreeSet;

use super::Validator;
use crate::date::PolicyDate;
use crate::error::ProblemKind;
use crate::model::{Node, QuestionType};
use crate::units;

impl<'p> Validator<'p> {
    pub(super) fn metadata(&mut self) {
        let p = self.policy;
        if p.id.trim().is_empty() {
            self.problem(ProblemKind::Missing, "id", "the policy id is empty");
        }
        if p.lines_of_business.is_empty() {
            self.problem(
                ProblemKind::Missing,
                "lines_of_business",
                "list at least one line of business",
            );
        }
        let unique: BTreeSet<_> = p.lines_of_business.iter().collect();
        if unique.len() != p.lines_of_business.len() {
            self.problem(
                ProblemKind::Duplicate,
                "lines_of_business",
                "a line of business is listed twice",
            );
        }
        if let Some(effective) = &p.effective {
            if PolicyDate::parse(effective).is_none() {
                self.problem(
                    ProblemKind::BadValue,
                    "effective",
                    format!("`{effective}` is not YYYY-MM-DD or YYYY-MM"),
                );
            }
        }
        if PolicyDate::parse(&p.last_review).is_none() {
            self.problem(
                ProblemKind::BadValue,
                "last_review",
                format!("`{}` is not YYYY-MM-DD or YYYY-MM", p.last_review),
            );
        }
        for (i, r) in p.other_lines_of_business.iter().enumerate() {
            if let Some(lob) = r.line_of_business {
                if p.lines_of_business.contains(&lob) {
                    self.problem(
                        ProblemKind::BadValue,
                        format!("other_lines_of_business[{i}].line_of_business"),
                        format!("`{}` is one of this policy's own lines of business", lob.as_str()),
                    );
                }
            }
        }
        for (i, r) in p.retired.iter().enumerate() {
            if p.questions.iter().any(|q| q.id == r.question) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("retired[{i}].question"),
                    format!("`{}` is retired but still a question of this policy", r.question),
                );
            }
            if p.retired[..i].iter().any(|o| o.question == r.question) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("retired[{i}].question"),
                    format!("`{}` is retired twice", r.question),
                );
            }
            if r.note.trim().is_empty() {
                self.problem(
                    ProblemKind::Missing,
                    format!("retired[{i}].note"),
                    "say what asks for this fact now",
                );
            }
        }
        for (i, code) in p.codes.iter().enumerate() {
            if !matches!(code.system.as_str(), "HCPCS" | "CPT") {
                self.problem(
                    ProblemKind::BadValue,
                    format!("codes[{i}].system"),
                    format!("`{}` is not HCPCS or CPT", code.system),
                );
            }
            if p.codes[..i].iter().any(|c| c.code == code.code) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("codes[{i}].code"),
                    format!("duplicate code `{}`", code.code),
                );
            }
        }
    }

    pub(super) fn question(&mut self, i: usize) {
        let q = &self.policy.questions[i];
        let path = format!("questions[{i}]");
        if let Some(f) = &q.fhir {
            self.fhir_source(q, f, &format!("{path}.fhir"));
        }
        let numeric = q.kind == QuestionType::Number;
        let choice = matches!(q.kind, QuestionType::Choice | QuestionType::MultiChoice);
        if numeric {
            match &q.unit {
                None => self.problem(
                    ProblemKind::Unit,
                    format!("{path}.unit"),
                    "a number question needs a unit",
                ),
                Some(unit) => {
                    for (j, other) in q.accepts_units.iter().enumerate() {
                        if units::factor(other, unit).is_none() {
                            self.problem(
                                ProblemKind::Unit,
                                format!("{path}.accepts_units[{j}]"),
                                format!("no conversion from `{other}` to `{unit}`"),
                            );
                        }
                    }
                }
            }
            if let (Some(min), Some(max)) = (q.min, q.max) {
                if min > max {
                    self.problem(
                        ProblemKind::BadValue,
                        format!("{path}.min"),
                        format!("min {min} is above max {max}"),
                    );
                }
            }
            for (field, value) in [("min", q.min), ("max", q.max)] {
                if value.is_some_and(|v| !v.is_finite()) {
                    self.problem(
                        ProblemKind::BadValue,
                        format!("{path}.{field}"),
                        "must be a finite number",
                    );
                }
            }
        } else if q.unit.is_some() || q.min.is_some() || q.max.is_some() || q.integer || !q.accepts_units.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.unit"),
                "only number questions take unit, accepts_units, min, max or integer",
            );
        }
        if choice {
            if q.options.is_empty() {
                self.problem(
                    ProblemKind::Missing,
                    format!("{path}.options"),
                    "a choice question needs options",
                );
            }
            let mut seen = BTreeSet::new();
            for (j, o) in q.options.iter().enumerate() {
                if !seen.insert(&o.value) {
                    self.problem(
                        ProblemKind::Duplicate,
                        format!("{path}.options[{j}].value"),
                        format!("duplicate option `{}`", o.value),
                    );
                }
            }
        } else if !q.options.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.options"),
                "only choice and multi_choice questions take options",
            );
        }
        if q.kind == QuestionType::DrugList {
            for (j, class) in q.classes.iter().enumerate() {
                if !self.classes.contains(class) {
                    self.problem(
                        ProblemKind::UnknownReference,
                        format!("{path}.classes[{j}]"),
                        format!("unknown class `{class}`"),
                    );
                }
            }
        } else if !q.classes.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.classes"),
                "only drug_list questions take classes",
            );
        }
        let list = matches!(
            q.kind,
            QuestionType::MultiChoice | QuestionType::DrugList | QuestionType::TherapyLines
        );
        if q.not_done && list {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.not_done"),
                "a list question is answered \"none\" with an empty list, not \"not done\"",
            );
        }
        if q.partial && !matches!(q.kind, QuestionType::DrugList | QuestionType::TherapyLines) {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.partial"),
                "only drug_list and therapy_lines questions may be answered in part",
            );
        }
        if q.line_dates && q.kind != QuestionType::TherapyLines {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.line_dates"),
                "only therapy_lines questions take line dates",
            );
        }
        if let Some(target) = &q.covers {
            let path = format!("{path}.covers");
            if q.kind != QuestionType::DrugList || q.classes.is_empty() {
                self.problem(
                    ProblemKind::Misplaced,
                    path.clone(),
                    "only a drug_list question with `classes` may cover a list of lines",
                );
            }
            match self.policy.questions.iter().find(|o| &o.id == target) {
                None => self.problem(
                    ProblemKind::UnknownReference,
                    path,
                    format!("unknown question `{target}`"),
                ),
                Some(o) if o.kind != QuestionType::TherapyLines => self.problem(
                    ProblemKind::WrongType,
                    path,
                    format!("`{target}` is not a therapy_lines question"),
                ),
                Some(_) => {}
            }
        }
        if !q.companions.is_empty() && !q.not_done {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.companions"),
                "companions are skipped while a question is not done: set `not_done` too",
            );
        }
        for (j, c) in q.companions.iter().enumerate() {
            let known = self.policy.questions.iter().any(|other| &other.id == c);
            if !known {
                self.problem(
                    ProblemKind::UnknownReference,
                    format!("{path}.companions[{j}]"),
                    format!("unknown question `{c}`"),
                );
            } else if c == &q.id {
                self.problem(
                    ProblemKind::BadValue,
                    format!("{path}.companions[{j}]"),
                    "a question cannot be its own companion",
                );
            } else if q.companions[..j].contains(c) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("{path}.companions[{j}]"),
                    format!("`{c}` is listed twice"),
                );
            } else if let Some(other) = self
                .policy
                .questions
                .iter()
                .find(|o| o.id == *c && !o.companions.is_empty())
            {
                self.problem(
                    ProblemKind::BadValue,
                    format!("{path}.companions[{j}]"),
                    format!("`{}` has companions of its own; a companion cannot", other.id),
                );
            } else if let Some(owner) = self.policy.questions[..i].iter().find(|o| o.companions.contains(c)) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("{path}.companions[{j}]"),
                    format!("`{c}` is already a companion of `{}`", owner.id),
                );
            }
        }
        if matches!(q.kind, QuestionType::DrugList | QuestionType::TherapyLines) && self.policy.drugs.is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.type"),
                "a drug question needs the policy's `drugs` catalogue",
            );
        }
    }

    pub(super) fn collect_nodes(&mut self, node: &'p Node, path: &str) {
        if self.nodes.insert(node.id.clone(), node).is_some() {
            self.problem(
                ProblemKind::Duplicate,
                format!("{path}.id"),
                format!("duplicate criterion id `{}`", node.id),
            );
        }
        for (key, child) in node.children() {
            self.collect_nodes(child, &format!("{path}.{key}"));
        }
    }
}
