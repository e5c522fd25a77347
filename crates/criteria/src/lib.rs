//! Precheck's criteria engine: a clinical policy as data, checked strictly, evaluated with
//! three-valued logic against a prescriber's answers, with every verdict explained.
//!
//! The crate is pure and platform-free: no I/O, no clock (the as-of date is an input), no
//! browser bindings. It builds natively and for `wasm32-unknown-unknown`.
//!
//! ```
//! use criteria::{evaluate, parse_answers, Context, Date, LoadedPolicy, Outcome};
//!
//! let policy = LoadedPolicy::from_json("demo.json", r#"{
//!   "id": "DEMO.1", "title": "Demo", "subject": "Demo drug", "issuer": "Demo plan",
//!   "plan": "All plans", "lines_of_business": ["commercial"], "last_review": "2026-01",
//!   "questions": [{"id": "age", "prompt": "Age", "type": "number", "unit": "years", "min": 0, "max": 130}],
//!   "sections": [{"id": "I", "title": "Adults", "kind": "initial", "effect": "criteria",
//!     "criteria": {"id": "I.1", "label": "Adult", "check": {"ge": [{"q": "age"}, {"qty": [18, "years"]}]}}}]
//! }"#).unwrap();
//! let as_of = Date::parse("2026-11-22").unwrap();
//! let ctx = Context { as_of, line_of_business: None };
//!
//! let (answers, errors) = parse_answers(&policy, "{}", as_of).unwrap();
//! assert!(errors.is_empty());
//! let result = evaluate(&policy, &answers, &ctx);
//! assert_eq!(result.outcome, Outcome::Incomplete);
//! assert_eq!(result.missing, ["age"]);
//!
//! let (answers, _) = parse_answers(&policy, r#"{"age": 17}"#, as_of).unwrap();
//! let result = evaluate(&policy, &answers, &ctx);
//! assert_eq!(result.outcome, Outcome::DoesNotMeet);
//! assert_eq!(result.failed, ["I.1"]);
//! ```

mod answers;
mod date;
pub mod diff;
mod error;
mod eval;
mod hash;
pub mod model;
mod prepared;
mod program;
mod relevance;
mod result;
mod units;
mod validate;
mod value;

pub use answers::{
    answers_from_json, check_answer, check_together, format_number, parse_answers, Answer, AnswerError,
    AnswerErrorKind, Answers, AnswersError, Line,
};
pub use date::{Date, PolicyDate};
pub use error::{PolicyError, Problem, ProblemKind};
pub use eval::{evaluate, evaluate_summary, rests_on, verdict};
pub use model::{LineOfBusiness, Policy};
pub use prepared::Prepared;
pub use relevance::GatePath;
pub use result::{
    ApprovalResult, Context, DocumentationGap, DoseCheck, Evaluation, Freshness, NodeResult, Note, Outcome, PolicyInfo,
    Progress, Quantity, SectionResult, Shown, Status, Used, ValueKind, ValueResult, Verdict, CAVEAT,
};
pub use units::factor as unit_factor;
pub use validate::LoadedPolicy;
