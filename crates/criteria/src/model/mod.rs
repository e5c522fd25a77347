//! The policy model: what a policy file says, exactly as it is written in JSON.
//!
//! Every struct denies unknown fields so that a typo in a policy file is an error, never a
//! silently ignored criterion. Structural rules that serde cannot express (exactly one rule per
//! node, references that resolve, units that agree) are checked by `validate`.

use serde::{Deserialize, Serialize};

mod fhir;
mod walk;

pub use fhir::{Coding, FhirElement, FhirResource, FhirSource, LineRule, CODE_SYSTEMS};

/// A clinical policy: metadata, the questions a prescriber answers, values derived from them,
/// and the sections whose criteria trees decide the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The issuer's reference number, as the document prints it (`CP.PHAR.000`).
    pub id: String,
    pub title: String,
    /// What is requested: a drug with its brand name, or a procedure family.
    pub subject: String,
    pub issuer: String,
    pub plan: String,
    pub lines_of_business: Vec<LineOfBusiness>,
    /// `YYYY-MM-DD`, or `YYYY-MM` where the policy gives only a month.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM`: the last review or revision the document records.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")))]
    pub last_review: String,
    /// Words a user may search by: brand and generic names, abbreviations, procedure names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// Drug classes that criteria refer to (PI, IMiD, anti-CD38, TNF blockers...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<DrugClass>,
    /// The drug catalogue offered by `drug_list` and `therapy_lines` questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drugs: Vec<Drug>,
    /// Units this policy uses that the engine does not know (a count of syringes, a score in
    /// points), each with what it is: see [`UnitDef`]. Units such as kg, mg/dL or days need no
    /// entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitDef>,
    /// The question holding the date of birth, if any: no other date may precede it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date_question: Option<String>,
    pub questions: Vec<Question>,
    /// Questions an earlier version asked and this one no longer does, each with what replaced
    /// it: an answers file that still answers one is refused with that note, so that an old
    /// file is never read as if it said nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Retired>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<Derived>,
    pub sections: Vec<Section>,
    /// Where the request goes for a line of business this policy does not list, where the
    /// document names another policy for it (absent `line_of_business`: every unlisted one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_lines_of_business: Vec<Referral>,
    /// Notes that accompany every result (for example a committee review requirement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Documentation the plan expects with every request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<Documentation>,
}

/// What the plan expects sent with a request: a sentence, or a sentence with the answers it
/// depends on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Documentation {
    Text(String),
    Rule(DocumentationRule),
}

/// Read by the JSON value's own type, not by serde's `untagged`, which buffers every value and
/// would put that buffering code into the browser's bundle (15 KB gzip, measured), and which
/// names no field when the object is wrong.
impl<'de> Deserialize<'de> for Documentation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Documentation;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sentence, or an object with `text`, `when` and `complete`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Documentation, E> {
                Ok(Documentation::Text(text.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Documentation, A::Error> {
                DocumentationRule::deserialize(de::value::MapAccessDeserializer::new(map)).map(Documentation::Rule)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// Documentation that depends on the answers: asked for only where `when` holds, and found
/// missing where the answers show `complete` does not hold (a prior line with no date, where
/// the plan wants the date of each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentationRule {
    pub text: String,
    /// Listed only while these hold or are still unknown (an outpatient attestation is not
    /// asked for an inpatient infusion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Pred>,
    /// What the answers must show for the documentation to be complete. Not met: the result
    /// names the gap, and a request that otherwise meets the criteria is
    /// `documentation_incomplete`, not `meets`; unknown says nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete: Option<Pred>,
}

impl Documentation {
    pub fn text(&self) -> &str {
        match self {
            Documentation::Text(text) => text,
            Documentation::Rule(rule) => &rule.text,
        }
    }

    /// Its `when` and `complete` conditions (none for a plain sentence).
    pub fn conditions(&self) -> (&[Pred], Option<&Pred>) {
        match self {
            Documentation::Text(_) => (&[], None),
            Documentation::Rule(rule) => (&rule.when, rule.complete.as_ref()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineOfBusiness {
    Commercial,
    /// Health insurance marketplace (HIM), including ICHRA.
    Marketplace,
    Medicaid,
    Medicare,
}

impl LineOfBusiness {
    pub const ALL: [LineOfBusiness; 4] = [
        LineOfBusiness::Commercial,
        LineOfBusiness::Marketplace,
        LineOfBusiness::Medicaid,
        LineOfBusiness::Medicare,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineOfBusiness::Commercial => "commercial",
            LineOfBusiness::Marketplace => "marketplace",
            LineOfBusiness::Medicaid => "medicaid",
            LineOfBusiness::Medicare => "medicare",
        }
    }

    pub fn parse(text: &str) -> Option<LineOfBusiness> {
        LineOfBusiness::ALL.into_iter().find(|lob| lob.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            LineOfBusiness::Commercial => "Commercial",
            LineOfBusiness::Marketplace => "Health insurance marketplace",
            LineOfBusiness::Medicaid => "Medicaid",
            LineOfBusiness::Medicare => "Medicare",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// `HCPCS` or `CPT`.
    pub system: String,
    pub code: String,
    /// A short paraphrase of the code's meaning.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DrugClass {
    pub id: String,
    pub label: String,
}

/// A unit of this policy's own: policy data, so that no policy's unit is named in code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// The unit as questions and derived values write it (`syringes/day`).
    pub unit: String,
    /// A count of things: a derived value computed from plain numbers (a sum of yes answers, a
    /// score) may be declared in this unit.
    #[serde(default, skip_serializing_if = "is_false")]
    pub count: bool,
    /// The unit's UCUM code (`{syringes}/d`), for FHIR exports; without it FHIR carries the
    /// unit as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ucum: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Drug {
    pub id: String,
    /// Generic name with brand names, as a prescriber would recognise it.
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// The names a chart may record the drug by (generic and brand), for reading a medication
    /// history coded only by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Its codes (RxNorm), each with the display name the code system publishes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Coding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    YesNo,
    Number,
    /// A calendar date, never after the as-of date.
    Date,
    Choice,
    MultiChoice,
    /// Several drugs from the catalogue (optionally limited to `classes`).
    DrugList,
    /// Prior lines of therapy, each a list of drugs from the catalogue.
    TherapyLines,
}

/// One thing the prescriber is asked. Which optional fields apply depends on `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// A paraphrased prompt, phrased as a fact to report.
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// `number`: the unit answers are stored in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `number`: other units an answer may be given in, converted to `unit`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepts_units: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub integer: bool,
    /// `choice` and `multi_choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// `drug_list`: limit the catalogue to drugs of these classes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// The question may be answered "not done" (`{"not_done": true}`): the fact is known to be
    /// absent, for example a test that was never ordered, where the policy accepts other
    /// evidence. Not for `multi_choice`, `drug_list` or `therapy_lines`, whose "none" is an
    /// empty list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_done: bool,
    /// Questions that belong to this one (a lab's date, the ratio of the same test): while this
    /// one is answered "not done" they are not asked and read as not done too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub companions: Vec<String>,
    /// `drug_list` and `therapy_lines`: the list may be answered as known so far, with more
    /// possibly missing (`{"partial": [...]}`); only what is listed counts, and nothing is
    /// concluded from what is not.
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
    /// `therapy_lines`: each line may carry the date it started
    /// (`{"drugs": [...], "start": "YYYY-MM-DD"}`), for policies that ask for the dates.
    #[serde(default, skip_serializing_if = "is_false")]
    pub line_dates: bool,
    /// `drug_list` with `classes`: the list covers the whole history of those classes, the
    /// drugs of this `therapy_lines` question included ("BCMA-targeted therapy ever, lines
    /// included"). Answered complete, it decides whether the lines hold a drug of its classes
    /// whatever the state of the line list; a line that lists such a drug it does not is a
    /// contradiction, refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub covers: Option<String>,
    /// Where the answer may be found in a patient's FHIR R4 record, for "Fill from patient
    /// record": the prefill proposes it with its source, the user confirms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fhir: Option<FhirSource>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A question an earlier version of the policy asked, and what asks for its fact now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Retired {
    /// The old question's id.
    pub question: String,
    /// What replaced it, said to whoever sends an answer to it (`now asked as the daily
    /// doses before and after the wean`).
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A value computed from answers: a score, a dose per kilogram, days since a lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub id: String,
    pub label: String,
    /// The unit of the result; required, and checked against the expression where it can be.
    pub unit: String,
    pub expr: Expr,
}

/// Arithmetic over answers. Any unanswered input makes the value unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// A `number` question's answer.
    Q(String),
    /// A derived value.
    D(String),
    /// A dimensionless constant.
    Num(f64),
    /// A constant with a unit: `[0.5, "g/dL"]`.
    Qty(f64, String),
    Add(Vec<Expr>),
    /// The first operand minus the second.
    Sub(Box<[Expr; 2]>),
    Mul(Vec<Expr>),
    /// The first operand divided by the second; unknown when the divisor is zero.
    Div(Box<[Expr; 2]>),
    Min(Vec<Expr>),
    Max(Vec<Expr>),
    /// Whole days from a `date` answer to the as-of date.
    DaysSince(String),
    /// Whole days from one `date` answer to another (negative when `to` is earlier).
    DaysBetween {
        from: String,
        to: String,
    },
    /// Completed years from a `date` answer to the as-of date (age).
    YearsSince(String),
    /// Completed calendar months from a `date` answer to the as-of date (a trial still going
    /// on): the rule of `within_months`, so 1 February to 1 May is 3 months.
    MonthsSince(String),
    /// Completed calendar months from one `date` answer to another (a trial's first and last
    /// dose), negative when `to` is earlier.
    MonthsBetween {
        from: String,
        to: String,
    },
    /// Prior lines of therapy in a `therapy_lines` answer that contain a drug of every class
    /// listed (all lines when the list is empty).
    CountLines {
        question: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        with_all: Vec<String>,
    },
    /// Points for a `choice` answer, as in a scoring table.
    Score {
        question: String,
        points: std::collections::BTreeMap<String, f64>,
    },
    /// A banded table: the first `values[i]` with `of <= upto[i]`, else the last value.
    Bands {
        of: Box<Expr>,
        upto: Vec<f64>,
        values: Vec<f64>,
        unit: String,
    },
}

/// A leaf test. Each is Met, NotMet or Unknown (when something it needs is unanswered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Pred {
    /// A `yes_no` question answered yes.
    Yes(String),
    /// A `yes_no` question answered no.
    No(String),
    /// A `choice` answer is one of `values`.
    ChoiceIn {
        question: String,
        values: Vec<String>,
    },
    /// A `multi_choice`, `drug_list` or `therapy_lines` answer includes any of `values`
    /// (option values or drug ids) or any drug of `class`.
    IncludesAny {
        question: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
    },
    /// Every line of a `therapy_lines` answer that takes line dates carries its start date
    /// (unknown while the list is known only in part and its lines so far are dated).
    LinesDated(String),
    /// A `date` answer falls within `days` days before the as-of date (inclusive).
    WithinDays {
        question: String,
        days: u32,
    },
    /// A `date` answer falls within `months` calendar months before the as-of date: on or after
    /// the same day of the month `months` months earlier (the last day of that month where it
    /// is shorter), and not after the as-of date.
    WithinMonths {
        question: String,
        months: u32,
    },
    /// The condition does not hold: met when it is not met, unknown while it is unknown. Over
    /// a test not done it is met (`{"not": {"ge": [{"q": "urine"}, ...]}}`: no measurable urine
    /// protein shown).
    Not(Box<Pred>),
    Ge(Box<[Expr; 2]>),
    Gt(Box<[Expr; 2]>),
    Le(Box<[Expr; 2]>),
    Lt(Box<[Expr; 2]>),
    Eq(Box<[Expr; 2]>),
}

/// A criterion. Exactly one of `all`, `any`, `at_least` with `of`, `not`, `check` or `use`
/// gives its rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The rule `validate` enforces, said in the schema too so that an editor flags a node with two
// rules or none while the author types.
#[cfg_attr(
    feature = "schema",
    schemars(extend("oneOf" = [
        {"required": ["all"]},
        {"required": ["any"]},
        {"required": ["at_least", "of"]},
        {"required": ["not"]},
        {"required": ["check"]},
        {"required": ["use"]}
    ]))
)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The policy's own numbering (`I.A.4.a.ii`); sub-steps the policy leaves unnumbered get a
    /// suffix such as `I.A.5.a.i-window`.
    pub id: String,
    /// A short paraphrase of the criterion.
    pub label: String,
    /// The node only counts when these all hold; otherwise it is not applicable and its
    /// questions are hidden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Pred>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Node>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Node>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Vec<Node>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Node>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<Pred>,
    /// Re-use another node of this policy by id (as in "the trial criteria above are met").
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// When this node is met, the request goes elsewhere instead of being approved here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refer: Vec<Referral>,
    /// Marks a dose or quantity limit, reported among the dose checks.
    #[serde(default, skip_serializing_if = "is_false")]
    pub dose_check: bool,
    /// Where the policy text is ambiguous: the reading encoded here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambiguity: Option<String>,
}

/// Where a request is sent instead: another policy (for a line of business) or a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Referral {
    /// Absent when the referral holds for every line of business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_of_business: Option<LineOfBusiness>,
    /// The policy referred to, for example `CP.CPA.09`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Initial,
    Continued,
    /// Uses the policy does not authorize.
    NotAuthorized,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The request meets the section when its criteria are met.
    Criteria,
    /// The request is not authorized whenever the section applies.
    Deny,
}

/// A part of the policy: initial approval for an indication, continued therapy, another
/// diagnosis, or a use that is not authorized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub kind: SectionKind,
    pub effect: Effect,
    /// The section applies when all of these hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_when: Vec<Pred>,
    /// The criteria tree (`criteria` sections) or the reason (`deny` sections).
    pub criteria: Node,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<Documentation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// For example "3 months" or "not applicable".
    pub duration: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// A derived value that gives the quantity (for example syringes per day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_from: Option<String>,
}

/// The JSON Schema (draft 2020-12) of a policy file, derived from these types as serde reads
/// them, so that it cannot say something the parser does not. Structural rules beyond serde's
/// (references that resolve, units that agree) remain `validate`'s; the schema is for editors.
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<Policy>()
        .to_value()
}
