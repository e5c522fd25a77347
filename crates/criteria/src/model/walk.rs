//! Walks over the model that validation, compilation and the interop exports share: a node's
//! children, the questions and derived values an expression or a condition reads.

use super::{Expr, Node, Pred, QuestionType};

impl QuestionType {
    /// The type's name as a policy file spells it (`yes_no`).
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::YesNo => "yes_no",
            QuestionType::Number => "number",
            QuestionType::Date => "date",
            QuestionType::Choice => "choice",
            QuestionType::MultiChoice => "multi_choice",
            QuestionType::DrugList => "drug_list",
            QuestionType::TherapyLines => "therapy_lines",
        }
    }
}

impl Node {
    /// The child nodes with their JSON keys (`all[2]`, `not`); a `use` target is not a child.
    pub fn children(&self) -> Vec<(String, &Node)> {
        let mut out = Vec::new();
        for (key, list) in [("all", &self.all), ("any", &self.any), ("of", &self.of)] {
            if let Some(list) = list {
                out.extend(list.iter().enumerate().map(|(i, n)| (format!("{key}[{i}]"), n)));
            }
        }
        if let Some(not) = &self.not {
            out.push(("not".to_owned(), not.as_ref()));
        }
        out
    }
}

impl Expr {
    /// Every sub-expression, this one first.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        match self {
            Expr::Add(items) | Expr::Mul(items) | Expr::Min(items) | Expr::Max(items) => {
                items.iter().for_each(|e| e.walk(f));
            }
            Expr::Sub(pair) | Expr::Div(pair) => pair.iter().for_each(|e| e.walk(f)),
            Expr::Bands { of, .. } => of.walk(f),
            _ => {}
        }
    }

    /// The derived values this expression reads directly (not through other derived values).
    pub fn derived_refs<'e>(&'e self, out: &mut Vec<&'e String>) {
        self.walk(&mut |e| {
            if let Expr::D(id) = e {
                out.push(id);
            }
        });
    }

    /// The questions this expression reads directly.
    pub fn question_refs<'e>(&'e self, out: &mut Vec<&'e String>) {
        self.walk(&mut |e| match e {
            Expr::Q(id) | Expr::DaysSince(id) | Expr::YearsSince(id) | Expr::MonthsSince(id) => out.push(id),
            Expr::DaysBetween { from, to } | Expr::MonthsBetween { from, to } => {
                out.push(from);
                out.push(to);
            }
            Expr::CountLines { question, .. } | Expr::Score { question, .. } => out.push(question),
            _ => {}
        });
    }
}

impl Pred {
    /// The derived values this condition reads directly.
    pub fn derived_refs<'e>(&'e self, out: &mut Vec<&'e String>) {
        if let Pred::Not(inner) = self {
            inner.derived_refs(out);
        }
        if let Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) = self {
            pair.iter().for_each(|e| e.derived_refs(out));
        }
    }

    /// The questions this condition reads directly (not through derived values).
    pub fn question_refs<'e>(&'e self, out: &mut Vec<&'e String>) {
        match self {
            Pred::Yes(q) | Pred::No(q) | Pred::LinesDated(q) => out.push(q),
            Pred::Not(inner) => inner.question_refs(out),
            Pred::ChoiceIn { question, .. }
            | Pred::IncludesAny { question, .. }
            | Pred::WithinDays { question, .. }
            | Pred::WithinMonths { question, .. } => out.push(question),
            Pred::Ge(pair) | Pred::Gt(pair) | Pred::Le(pair) | Pred::Lt(pair) | Pred::Eq(pair) => {
                pair.iter().for_each(|e| e.question_refs(out));
            }
        }
    }
}
