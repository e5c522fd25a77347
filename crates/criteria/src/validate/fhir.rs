//! The FHIR mappings of questions (`questions[].fhir`): each reads a part of a resource that
//! fits the question's type, every coding cites a known code system with a code and a display
//! name, and a `choice` maps only options the question has.

use super::Validator;
use crate::error::ProblemKind;
use crate::model::{Coding, FhirElement, FhirResource, FhirSource, Question, QuestionType, CODE_SYSTEMS};

impl<'p> Validator<'p> {
    pub(super) fn fhir_source(&mut self, q: &Question, f: &FhirSource, path: &str) {
        let fits = matches!(
            (f.resource, f.element, q.kind),
            (FhirResource::Patient, FhirElement::BirthDate, QuestionType::Date)
                | (FhirResource::Observation, FhirElement::Value, QuestionType::Number)
                | (FhirResource::Observation, FhirElement::Effective, QuestionType::Date)
                | (
                    FhirResource::Condition | FhirResource::Procedure | FhirResource::PractitionerRole,
                    FhirElement::Code,
                    QuestionType::Choice | QuestionType::YesNo
                )
                | (FhirResource::Medication, FhirElement::Lines, QuestionType::TherapyLines)
        );
        if !fits {
            self.problem(
                ProblemKind::WrongType,
                format!("{path}.element"),
                format!(
                    "{:?} `{}` cannot answer a {} question",
                    f.resource,
                    element_name(f.element),
                    q.kind.name()
                ),
            );
            return;
        }
        let needs_codes = f.resource == FhirResource::Observation || q.kind == QuestionType::YesNo;
        if needs_codes && f.codes.is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.codes"),
                "list the codes that identify the resource",
            );
        }
        if !needs_codes && !f.codes.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.codes"),
                "this mapping reads no codes (a `choice` maps its options' codes in `options`)",
            );
        }
        if q.kind == QuestionType::Choice && f.options.is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.options"),
                "map at least one option to the codes that mean it",
            );
        }
        if q.kind != QuestionType::Choice && !f.options.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.options"),
                "only a `choice` question maps options",
            );
        }
        if f.within_days.is_some() && !matches!(f.resource, FhirResource::Observation | FhirResource::Procedure) {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.within_days"),
                "only Observations and Procedures have a window",
            );
        }
        if f.pause_days.is_some() && f.element != FhirElement::Lines {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.pause_days"),
                "only a `lines` mapping has a pause",
            );
        }
        if f.within_days == Some(0) {
            self.problem(
                ProblemKind::BadValue,
                format!("{path}.within_days"),
                "a window of 0 days admits nothing",
            );
        }
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (j, c) in f.codes.iter().enumerate() {
            self.coding(c, &format!("{path}.codes[{j}]"), &mut seen);
        }
        for (option, codes) in &f.options {
            if !q.options.iter().any(|o| &o.value == option) {
                self.problem(
                    ProblemKind::UnknownReference,
                    format!("{path}.options.{option}"),
                    format!("`{option}` is not an option of `{}`", q.id),
                );
            }
            if codes.is_empty() {
                self.problem(
                    ProblemKind::Missing,
                    format!("{path}.options.{option}"),
                    "list the codes that mean this option",
                );
            }
            for (j, c) in codes.iter().enumerate() {
                self.coding(c, &format!("{path}.options.{option}[{j}]"), &mut seen);
            }
        }
    }

    /// One coding: a known system, a code, a display; no code twice in one mapping (it would
    /// mean two options at once).
    pub(super) fn coding<'c>(&mut self, c: &'c Coding, path: &str, seen: &mut Vec<(&'c str, &'c str)>) {
        if !CODE_SYSTEMS.iter().any(|(uri, _)| *uri == c.system) {
            let known: Vec<&str> = CODE_SYSTEMS.iter().map(|(uri, _)| *uri).collect();
            self.problem(
                ProblemKind::UnknownReference,
                format!("{path}.system"),
                format!("`{}` is not one of {}", c.system, known.join(", ")),
            );
        }
        if c.code.trim().is_empty() {
            self.problem(ProblemKind::Missing, format!("{path}.code"), "the code is empty");
        }
        if c.display.trim().is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.display"),
                "give the display name the code system publishes",
            );
        }
        if seen.contains(&(c.system.as_str(), c.code.as_str())) {
            self.problem(
                ProblemKind::Duplicate,
                format!("{path}.code"),
                format!("`{}` is listed twice in this mapping", c.code),
            );
        } else {
            seen.push((&c.system, &c.code));
        }
    }
}

fn element_name(e: FhirElement) -> &'static str {
    match e {
        FhirElement::BirthDate => "birth_date",
        FhirElement::Value => "value",
        FhirElement::Effective => "effective",
        FhirElement::Code => "code",
        FhirElement::Lines => "lines",
    }
}
