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
                | (
                    FhirResource::Observation,
                    FhirElement::ReferenceHigh | FhirElement::Highest | FhirElement::AtProgression | FhirElement::Nadir,
                    QuestionType::Number
                )
                | (
                    FhirResource::Observation,
                    FhirElement::Abnormal,
                    QuestionType::YesNo | QuestionType::Choice
                )
                | (
                    FhirResource::Medication,
                    FhirElement::FirstDose | FhirElement::LastDose | FhirElement::Stopped,
                    QuestionType::Date
                )
                | (FhirResource::Medication, FhirElement::Ongoing, QuestionType::YesNo)
                | (FhirResource::Medication, FhirElement::Drugs, QuestionType::DrugList)
                | (FhirResource::Condition, FhirElement::Since, QuestionType::Choice)
                | (
                    FhirResource::Medication,
                    FhirElement::Progression | FhirElement::ProgressionAfter | FhirElement::LineEnd,
                    QuestionType::Date
                )
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
        let medication = matches!(
            f.element,
            FhirElement::FirstDose
                | FhirElement::LastDose
                | FhirElement::Stopped
                | FhirElement::Ongoing
                | FhirElement::ProgressionAfter
        );
        let by_rule = matches!(
            f.element,
            FhirElement::Lines
                | FhirElement::Progression
                | FhirElement::ProgressionAfter
                | FhirElement::LineEnd
                | FhirElement::AtProgression
                | FhirElement::Nadir
        );
        let needs_codes = f.resource == FhirResource::Observation
            || f.element == FhirElement::Since
            || (q.kind == QuestionType::YesNo && f.resource != FhirResource::Medication);
        if medication {
            if f.codes.is_empty() && f.names.is_empty() && f.drugs.is_empty() {
                self.problem(
                    ProblemKind::Missing,
                    format!("{path}.drugs"),
                    "name the drugs: catalogue ids in `drugs`, or `codes` and `names`",
                );
            }
        } else if needs_codes && f.codes.is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.codes"),
                "list the codes that identify the resource",
            );
        }
        if !needs_codes && !medication && !f.codes.is_empty() {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.codes"),
                "this mapping reads no codes (a `choice` maps its options' codes in `options`)",
            );
        }
        let by_range = f.element == FhirElement::Abnormal;
        let since = f.element == FhirElement::Since;
        self.fhir_since(q, f, path);
        if q.kind == QuestionType::Choice && !by_range && !since && f.options.is_empty() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.options"),
                "map at least one option to the codes that mean it",
            );
        }
        if (q.kind != QuestionType::Choice || by_range || since) && !f.options.is_empty() {
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
        self.fhir_drugs(q, f, path, medication);
        self.fhir_range_options(q, f, path, by_range);
        self.fhir_rule(f, path, by_rule);
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

    /// A `since` mapping's days and the option they select; no other mapping has them.
    fn fhir_since(&mut self, q: &Question, f: &FhirSource, path: &str) {
        let since = f.element == FhirElement::Since;
        match (since, f.at_least_days, &f.option) {
            (true, Some(_), Some(option)) if !q.options.iter().any(|o| &o.value == option) => self.problem(
                ProblemKind::UnknownReference,
                format!("{path}.option"),
                format!("`{option}` is not an option of `{}`", q.id),
            ),
            (true, None, _) | (true, _, None) => self.problem(
                ProblemKind::Missing,
                format!("{path}.at_least_days"),
                "a `since` mapping gives the days (`at_least_days`) and the option they select (`option`)",
            ),
            (false, Some(_), _) | (false, _, Some(_)) => self.problem(
                ProblemKind::Misplaced,
                format!("{path}.option"),
                "only a `since` mapping has `at_least_days` and `option`",
            ),
            _ => {}
        }
    }

    /// The drugs a medication mapping names (catalogue ids that exist, names not empty) and
    /// its pause; a list read from a record must be allowed to be incomplete.
    fn fhir_drugs(&mut self, q: &Question, f: &FhirSource, path: &str, medication: bool) {
        for (field, given) in [
            ("pause_days", f.pause_days.is_some()),
            ("drugs", !f.drugs.is_empty()),
            ("names", !f.names.is_empty()),
        ] {
            if given && !medication {
                self.problem(
                    ProblemKind::Misplaced,
                    format!("{path}.{field}"),
                    "only a `first_dose`, `last_dose`, `stopped` or `ongoing` mapping names drugs and a pause",
                );
            }
        }
        // A history read from a chart may not hold therapy given elsewhere: never a whole list.
        if matches!(f.element, FhirElement::Lines | FhirElement::Drugs) && !q.partial {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.element"),
                format!(
                    "a list read from a record may be incomplete: give `{}` `partial: true`",
                    q.id
                ),
            );
        }
        for (j, d) in f.drugs.iter().enumerate() {
            if !self.policy.drugs.iter().any(|x| &x.id == d) {
                self.problem(
                    ProblemKind::UnknownReference,
                    format!("{path}.drugs[{j}]"),
                    format!("`{d}` is not a drug of the catalogue"),
                );
            }
        }
        for (j, n) in f.names.iter().enumerate() {
            if n.trim().is_empty() {
                self.problem(ProblemKind::Missing, format!("{path}.names[{j}]"), "the name is empty");
            }
        }
    }

    /// The options an `abnormal` mapping of a `choice` selects, and `ever`.
    fn fhir_range_options(&mut self, q: &Question, f: &FhirSource, path: &str, by_range: bool) {
        for (field, option) in [
            ("abnormal_option", &f.abnormal_option),
            ("normal_option", &f.normal_option),
        ] {
            let Some(option) = option else { continue };
            if !by_range || q.kind != QuestionType::Choice {
                self.problem(
                    ProblemKind::Misplaced,
                    format!("{path}.{field}"),
                    "only an `abnormal` mapping of a `choice` question selects an option by range",
                );
            } else if !q.options.iter().any(|o| &o.value == option) {
                self.problem(
                    ProblemKind::UnknownReference,
                    format!("{path}.{field}"),
                    format!("`{option}` is not an option of `{}`", q.id),
                );
            }
        }
        if f.ever && !by_range {
            self.problem(
                ProblemKind::Misplaced,
                format!("{path}.ever"),
                "only an `abnormal` mapping reads every result",
            );
        }
        if by_range && q.kind == QuestionType::Choice && f.abnormal_option.is_none() && f.normal_option.is_none() {
            self.problem(
                ProblemKind::Missing,
                format!("{path}.abnormal_option"),
                "name the option a result outside its range selects (and `normal_option`)",
            );
        }
    }

    /// A line rule: on the mappings of lines and progression, and only there.
    fn fhir_rule(&mut self, f: &FhirSource, path: &str, by_rule: bool) {
        match (&f.lines, by_rule) {
            (Some(rule), true) => {
                if rule.progression.is_empty() {
                    self.problem(
                        ProblemKind::Missing,
                        format!("{path}.lines.progression"),
                        "list the codes that record progression",
                    );
                }
                let mut seen: Vec<(&str, &str)> = Vec::new();
                for (j, c) in rule.progression.iter().enumerate() {
                    self.coding(c, &format!("{path}.lines.progression[{j}]"), &mut seen);
                }
                for (j, c) in rule.progressed.iter().enumerate() {
                    self.coding(c, &format!("{path}.lines.progressed[{j}]"), &mut seen);
                }
                for (j, c) in rule.therapies.iter().enumerate() {
                    self.coding(c, &format!("{path}.lines.therapies[{j}]"), &mut seen);
                }
            }
            (Some(_), false) => self.problem(
                ProblemKind::Misplaced,
                format!("{path}.lines"),
                "only a mapping of lines or progression has a line rule",
            ),
            (None, true) => self.problem(
                ProblemKind::Missing,
                format!("{path}.lines"),
                "give the policy's line rule: the codes that record progression",
            ),
            (None, false) => {}
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
        FhirElement::ReferenceHigh => "reference_high",
        FhirElement::Abnormal => "abnormal",
        FhirElement::Highest => "highest",
        FhirElement::FirstDose => "first_dose",
        FhirElement::LastDose => "last_dose",
        FhirElement::Stopped => "stopped",
        FhirElement::Ongoing => "ongoing",
        FhirElement::Drugs => "drugs",
        FhirElement::Since => "since",
        FhirElement::Progression => "progression",
        FhirElement::ProgressionAfter => "progression_after",
        FhirElement::LineEnd => "line_end",
        FhirElement::AtProgression => "at_progression",
        FhirElement::Nadir => "nadir",
    }
}
