//! Loading a policy file: strict parsing, then the rules serde cannot express.
//!
//! A policy that loads is one the evaluator can run without failing: every reference
//! resolves, every comparison compares like units, every question is reachable, and `use`
//! references form no cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::hash::FastMap;

use crate::error::{PolicyError, Problem, ProblemKind};
use crate::model::{Node, Policy, QuestionType};

mod criteria;
mod exprs;
mod fhir;
mod fields;
mod graph;

/// Derived values may be built on one another this many deep: evaluation recurses through them.
pub const MAX_DERIVED_DEPTH: usize = 64;
/// Criteria may nest this many deep, counting the nodes that `use` references lead to.
pub const MAX_CRITERIA_DEPTH: usize = 200;
/// Drug classes a policy may define: evaluation keeps each drug's classes as bits of a u64.
pub const MAX_CLASSES: usize = 64;

/// A policy that passed validation, with the look-ups the evaluator needs.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    pub policy: Policy,
    pub(crate) questions: FastMap<String, usize>,
    pub(crate) derived: FastMap<String, usize>,
    pub(crate) nodes: FastMap<String, Node>,
    pub(crate) drug_classes: FastMap<String, Vec<String>>,
    /// Drug id to its position in the catalogue.
    pub(crate) drug_index: FastMap<String, usize>,
    /// The policy compiled for evaluation.
    pub(crate) program: crate::program::Program,
}

impl LoadedPolicy {
    /// Every criterion id, in the order [`crate::Verdict::failed_at`] counts them (each
    /// section's tree in preorder).
    pub fn criterion_ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.program.nodes.iter().map(|n| n.id.as_str())
    }

    /// Parses and validates a policy file; `file` names it in every error.
    pub fn from_json(file: &str, text: &str) -> Result<LoadedPolicy, PolicyError> {
        let policy = parse(file, text)?;
        LoadedPolicy::new(file, policy)
    }

    /// Validates a policy built in memory.
    pub fn new(file: &str, policy: Policy) -> Result<LoadedPolicy, PolicyError> {
        let mut v = Validator::new(&policy);
        v.run();
        if !v.problems.is_empty() {
            return Err(PolicyError::Invalid {
                file: file.to_owned(),
                problems: v.problems,
            });
        }
        let Validator {
            questions,
            derived,
            nodes,
            drug_classes,
            ..
        } = v;
        let nodes = nodes.into_iter().map(|(id, node)| (id, node.clone())).collect();
        let drug_index = policy
            .drugs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let questions: FastMap<String, usize> = questions.into_iter().collect();
        let derived: FastMap<String, usize> = derived.into_iter().collect();
        let drug_classes = drug_classes.into_iter().collect();
        let program = crate::program::compile(&policy, &questions, &derived);
        Ok(LoadedPolicy {
            policy,
            questions,
            derived,
            nodes,
            drug_classes,
            drug_index,
            program,
        })
    }

    pub fn question(&self, id: &str) -> Option<&crate::model::Question> {
        self.questions.get(id).map(|&i| &self.policy.questions[i])
    }

    /// A derived value's definition, by id.
    pub fn derived_def(&self, id: &str) -> Option<&crate::model::Derived> {
        self.derived.get(id).map(|&i| &self.policy.derived[i])
    }

    /// The UCUM code the policy declares for one of its own units (`units[].ucum`).
    pub fn declared_ucum(&self, unit: &str) -> Option<&str> {
        self.policy
            .units
            .iter()
            .find(|u| u.unit == unit)
            .and_then(|u| u.ucum.as_deref())
    }

    /// A criterion by its id in the policy's numbering (the target of a `use`).
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The paraphrased label of a criterion, by its id in the policy's numbering.
    pub fn criterion_label(&self, id: &str) -> Option<&str> {
        self.nodes.get(id).map(|n| n.label.as_str())
    }

    /// A drug's label, or its id when it is not in the catalogue.
    pub fn drug_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.drug_index
            .get(id)
            .map_or(id, |&i| self.policy.drugs[i].label.as_str())
    }

    /// The other policies a request may be referred to, each once, in the order the criteria
    /// name them: what a code's look-up says besides the policy itself (a pump's code may route
    /// to the baclofen policy).
    pub fn referral_targets(&self) -> Vec<&crate::model::Referral> {
        let mut out: Vec<&crate::model::Referral> = Vec::new();
        for n in &self.program.nodes {
            for r in &n.refer {
                if r.policy.is_some() && !out.iter().any(|o| o.policy == r.policy) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Whether a drug of the catalogue belongs to a class.
    pub fn drug_in_class(&self, drug: &str, class: &str) -> bool {
        self.drug_classes
            .get(drug)
            .is_some_and(|classes| classes.iter().any(|c| c == class))
    }
}

/// A policy file is one JSON object (serde would also take a struct written as an array).
fn require_object(file: &str, text: &str) -> Result<(), PolicyError> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
    if start.starts_with('{') {
        return Ok(());
    }
    Err(PolicyError::Parse {
        file: file.to_owned(),
        path: ".".into(),
        message: "a policy file must be one JSON object".into(),
    })
}

/// Parses a policy file, locating errors by JSON path.
#[cfg(feature = "json-paths")]
fn parse(file: &str, text: &str) -> Result<Policy, PolicyError> {
    require_object(file, text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let policy: Policy = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        PolicyError::Parse {
            file: file.to_owned(),
            path,
            message: inner.to_string(),
        }
    })?;
    de.end().map_err(|err| PolicyError::Parse {
        file: file.to_owned(),
        path: ".".into(),
        message: err.to_string(),
    })?;
    Ok(policy)
}

/// Parses a policy file, locating errors by line and column only.
#[cfg(not(feature = "json-paths"))]
fn parse(file: &str, text: &str) -> Result<Policy, PolicyError> {
    require_object(file, text)?;
    serde_json::from_str(text).map_err(|err| PolicyError::Parse {
        file: file.to_owned(),
        path: ".".into(),
        message: err.to_string(),
    })
}

/// The unit of an expression, where it can be known statically.
#[derive(Debug, Clone, PartialEq)]
enum UnitOf {
    Known(String),
    /// A product or quotient of two measured quantities: only a derived value may name it.
    Composite,
}

struct Validator<'p> {
    policy: &'p Policy,
    problems: Vec<Problem>,
    questions: HashMap<String, usize>,
    derived: HashMap<String, usize>,
    nodes: HashMap<String, &'p Node>,
    drug_classes: HashMap<String, Vec<String>>,
    classes: BTreeSet<String>,
    /// Questions referenced from somewhere reachable.
    used: BTreeSet<String>,
    /// `use` edges, for cycle detection.
    uses: BTreeMap<String, Vec<String>>,
}

impl<'p> Validator<'p> {
    fn new(policy: &'p Policy) -> Self {
        Validator {
            policy,
            problems: Vec::new(),
            questions: HashMap::new(),
            derived: HashMap::new(),
            nodes: HashMap::new(),
            drug_classes: HashMap::new(),
            classes: BTreeSet::new(),
            used: BTreeSet::new(),
            uses: BTreeMap::new(),
        }
    }

    /// `count`, or a unit the policy declares a count of things (`units[].count`).
    fn is_count_unit(&self, unit: &str) -> bool {
        unit == "count" || self.policy.units.iter().any(|u| u.count && u.unit == unit)
    }

    fn problem(&mut self, kind: ProblemKind, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            kind,
            path: path.into(),
            message: message.into(),
        });
    }

    /// The conditions of documentation that depends on the answers.
    fn documentation(&mut self, items: &'p [crate::model::Documentation], path: &str) {
        for (i, item) in items.iter().enumerate() {
            if item.text().trim().is_empty() {
                self.problem(
                    ProblemKind::Missing,
                    format!("{path}[{i}]"),
                    "the documentation's text is empty",
                );
            }
            let (when, complete) = item.conditions();
            for (j, pred) in when.iter().enumerate() {
                self.pred(pred, &format!("{path}[{i}].when[{j}]"));
            }
            if let Some(pred) = complete {
                self.pred(pred, &format!("{path}[{i}].complete"));
            }
        }
    }

    fn run(&mut self) {
        let p = self.policy;
        self.metadata();
        for (i, u) in p.units.iter().enumerate() {
            if u.unit.trim().is_empty() {
                self.problem(ProblemKind::Missing, format!("units[{i}].unit"), "the unit is empty");
            } else if p.units[..i].iter().any(|o| o.unit == u.unit) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("units[{i}].unit"),
                    format!("unit `{}` is declared twice", u.unit),
                );
            }
            if u.ucum.as_deref().is_some_and(|c| c.trim().is_empty()) {
                self.problem(
                    ProblemKind::Missing,
                    format!("units[{i}].ucum"),
                    "the UCUM code is empty",
                );
            }
        }
        if p.classes.len() > MAX_CLASSES {
            self.problem(
                ProblemKind::Limit,
                format!("classes[{MAX_CLASSES}]"),
                format!(
                    "{} drug classes; a policy may define at most {MAX_CLASSES}",
                    p.classes.len()
                ),
            );
        }
        for (i, class) in p.classes.iter().enumerate() {
            if !self.classes.insert(class.id.clone()) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("classes[{i}].id"),
                    format!("duplicate class id `{}`", class.id),
                );
            }
        }
        for (i, drug) in p.drugs.iter().enumerate() {
            let mut seen = Vec::new();
            for (j, c) in drug.codes.iter().enumerate() {
                self.coding(c, &format!("drugs[{i}].codes[{j}]"), &mut seen);
            }
            if let Some(j) = drug.names.iter().position(|n| n.trim().is_empty()) {
                self.problem(
                    ProblemKind::Missing,
                    format!("drugs[{i}].names[{j}]"),
                    "the name is empty",
                );
            }
        }
        for (i, drug) in p.drugs.iter().enumerate() {
            for (j, class) in drug.classes.iter().enumerate() {
                if !self.classes.contains(class) {
                    self.problem(
                        ProblemKind::UnknownReference,
                        format!("drugs[{i}].classes[{j}]"),
                        format!("unknown class `{class}`"),
                    );
                }
            }
            if self
                .drug_classes
                .insert(drug.id.clone(), drug.classes.clone())
                .is_some()
            {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("drugs[{i}].id"),
                    format!("duplicate drug id `{}`", drug.id),
                );
            }
        }
        for (i, q) in p.questions.iter().enumerate() {
            if self.questions.insert(q.id.clone(), i).is_some() {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("questions[{i}].id"),
                    format!("duplicate question id `{}`", q.id),
                );
            }
            self.question(i);
        }
        for (i, d) in p.derived.iter().enumerate() {
            if self.questions.contains_key(&d.id) || self.derived.insert(d.id.clone(), i).is_some() {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("derived[{i}].id"),
                    format!("duplicate id `{}`", d.id),
                );
            }
        }
        if let Some(birth) = &p.birth_date_question {
            match self.questions.get(birth).map(|&i| p.questions[i].kind) {
                Some(QuestionType::Date) => {}
                Some(_) => self.problem(
                    ProblemKind::WrongType,
                    "birth_date_question",
                    format!("`{birth}` is not a date question"),
                ),
                None => self.problem(
                    ProblemKind::UnknownReference,
                    "birth_date_question",
                    format!("unknown question `{birth}`"),
                ),
            }
        }
        let mut section_ids = BTreeSet::new();
        for (i, s) in p.sections.iter().enumerate() {
            if !section_ids.insert(s.id.clone()) {
                self.problem(
                    ProblemKind::Duplicate,
                    format!("sections[{i}].id"),
                    format!("duplicate section id `{}`", s.id),
                );
            }
            self.collect_nodes(&s.criteria, &format!("sections[{i}].criteria"));
        }
        if p.sections.is_empty() {
            self.problem(ProblemKind::Missing, "sections", "a policy needs at least one section");
        }
        self.derived_values();
        self.documentation(&p.documentation, "documentation");
        for (i, s) in p.sections.iter().enumerate() {
            for (j, pred) in s.applies_when.iter().enumerate() {
                self.pred(pred, &format!("sections[{i}].applies_when[{j}]"));
            }
            self.documentation(&s.documentation, &format!("sections[{i}].documentation"));
            self.node(&s.criteria, &format!("sections[{i}].criteria"));
            if let Some(approval) = &s.approval {
                if let Some(from) = &approval.quantity_from {
                    if !self.derived.contains_key(from) {
                        self.problem(
                            ProblemKind::UnknownReference,
                            format!("sections[{i}].approval.quantity_from"),
                            format!("unknown derived value `{from}`"),
                        );
                    }
                }
            }
        }
        self.use_cycles();
        self.reachability();
    }
}
