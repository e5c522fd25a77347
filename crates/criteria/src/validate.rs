//! Loading a policy file: strict parsing, then the rules serde cannot express.
//!
//! A policy that loads is one the evaluator can run without failing: every reference
//! resolves, every comparison compares like units, every question is reachable, and `use`
//! references form no cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::hash::FastMap;

use crate::date::PolicyDate;
use crate::error::{PolicyError, Problem, ProblemKind};
use crate::model::{Expr, Node, Policy, Pred, QuestionType};
use crate::units;

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
        for (i, s) in p.sections.iter().enumerate() {
            for (j, pred) in s.applies_when.iter().enumerate() {
                self.pred(pred, &format!("sections[{i}].applies_when[{j}]"));
            }
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

    fn metadata(&mut self) {
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

    fn question(&mut self, i: usize) {
        let q = &self.policy.questions[i];
        let path = format!("questions[{i}]");
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

    fn collect_nodes(&mut self, node: &'p Node, path: &str) {
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

    fn derived_values(&mut self) {
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
    fn expr(&mut self, expr: &Expr, path: &str) -> Option<UnitOf> {
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

    fn same_units(&mut self, items: Vec<&Expr>, path: &str) -> Option<UnitOf> {
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

    fn typed_question(&mut self, id: &str, kinds: &[QuestionType], path: &str) -> Option<&'p crate::model::Question> {
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

    fn pred(&mut self, pred: &Pred, path: &str) {
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

    fn node(&mut self, node: &'p Node, path: &str) {
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

    fn use_cycles(&mut self) {
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
    fn criteria_depth(&mut self, edges: &BTreeMap<String, Vec<String>>) {
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

    fn reachability(&mut self) {
        let p = self.policy;
        // Questions reached through derived values count as used.
        let mut pending: Vec<String> = Vec::new();
        let mut refs = Vec::new();
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
