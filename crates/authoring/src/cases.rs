//! The clinical case format (one file of cases per policy, as `tests/cases/` holds them) and
//! its check: each case run against a loaded policy, with every difference from what the case
//! expects as data, so that the corpus test and an author's editor say the same thing.

use criteria::{evaluate, parse_answers, Context, Date, Evaluation, LineOfBusiness, LoadedPolicy};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A file of cases for one policy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub policy: String,
    /// Criteria that cannot fail by construction, each with the reason (the coverage rule does
    /// not ask the cases to fail them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cannot_fail: Vec<CannotFail>,
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CannotFail {
    pub criterion: String,
    pub reason: String,
}

/// One clinical case: the answers and what the policy should make of them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_of_business: Option<String>,
    pub answers: Value,
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_to: Option<Vec<String>>,
}

/// How a case's result differs from what it expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    /// The case cannot be run: its as-of date, line of business or answers cannot be read.
    Unreadable {
        message: String,
    },
    /// An answer of the case is refused (the others still count).
    Answer {
        message: String,
    },
    Outcome {
        expected: String,
        got: String,
    },
    Failed {
        expected: Vec<String>,
        got: Vec<String>,
    },
    Missing {
        expected: Vec<String>,
        got: Vec<String>,
    },
    ReferTo {
        expected: Vec<String>,
        got: Vec<String>,
    },
    /// The result lacks its policy id, as-of date or caveat.
    Unmarked,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Unreadable { message } => f.write_str(message),
            Difference::Answer { message } => write!(f, "answer error: {message}"),
            Difference::Outcome { expected, got } => write!(f, "outcome: expected {expected}, got {got}"),
            Difference::Failed { expected, got } => write!(f, "failed: expected {expected:?}, got {got:?}"),
            Difference::Missing { expected, got } => write!(f, "missing: expected {expected:?}, got {got:?}"),
            Difference::ReferTo { expected, got } => write!(f, "refer_to: expected {expected:?}, got {got:?}"),
            Difference::Unmarked => f.write_str("result lacks policy id, as-of date or caveat"),
        }
    }
}

/// The context a case names, or why it cannot be read.
pub fn context(case: &Case) -> Result<Context, Difference> {
    let as_of = Date::parse(&case.as_of).ok_or_else(|| Difference::Unreadable {
        message: format!("bad as_of `{}`", case.as_of),
    })?;
    let line_of_business = match case.line_of_business.as_deref().map(LineOfBusiness::parse) {
        Some(None) => {
            return Err(Difference::Unreadable {
                message: "bad line_of_business".into(),
            })
        }
        Some(Some(lob)) => Some(lob),
        None => None,
    };
    Ok(Context {
        as_of,
        line_of_business,
    })
}

/// Runs one case: every difference from what it expects (none when it passes), and the
/// explained result when it could be run.
pub fn run<'p>(policy: &'p LoadedPolicy, case: &Case) -> (Vec<Difference>, Option<Evaluation<'p>>) {
    let ctx = match context(case) {
        Ok(ctx) => ctx,
        Err(d) => return (vec![d], None),
    };
    let (answers, errors) = match parse_answers(policy, &case.answers.to_string(), ctx.as_of) {
        Ok(parsed) => parsed,
        Err(e) => return (vec![Difference::Unreadable { message: e.to_string() }], None),
    };
    let mut out: Vec<Difference> = errors
        .iter()
        .map(|e| Difference::Answer { message: e.to_string() })
        .collect();
    let r = evaluate(policy, &answers, &ctx);
    if r.outcome.as_str() != case.outcome {
        out.push(Difference::Outcome {
            expected: case.outcome.clone(),
            got: r.outcome.as_str().to_owned(),
        });
    }
    let owned = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    if r.failed != case.failed {
        out.push(Difference::Failed {
            expected: case.failed.clone(),
            got: owned(&r.failed),
        });
    }
    if r.missing != case.missing {
        out.push(Difference::Missing {
            expected: case.missing.clone(),
            got: owned(&r.missing),
        });
    }
    if let Some(expected) = &case.refer_to {
        let got = referrals(&r);
        if &got != expected {
            out.push(Difference::ReferTo {
                expected: expected.clone(),
                got,
            });
        }
    }
    // Every result must carry what makes it honest.
    if r.policy.id.is_empty() || r.as_of != case.as_of || r.caveat.is_empty() {
        out.push(Difference::Unmarked);
    }
    (out, Some(r))
}

/// Where a result refers, as a case writes it: the policy named, or the referral's label.
pub fn referrals(r: &Evaluation<'_>) -> Vec<String> {
    r.refer_to
        .iter()
        .map(|t| t.policy.clone().unwrap_or_else(|| t.label.clone()))
        .collect()
}

/// A new case from a result ("save the current form as a case"): what it got is what it
/// expects, so that a later revision that changes it shows.
pub fn case_of(name: &str, answers: Value, r: &Evaluation<'_>) -> Case {
    Case {
        name: name.to_owned(),
        as_of: r.as_of.clone(),
        line_of_business: r.line_of_business.map(|l| l.as_str().to_owned()),
        answers,
        outcome: r.outcome.as_str().to_owned(),
        failed: r.failed.iter().map(|s| (*s).to_owned()).collect(),
        missing: r.missing.iter().map(|s| (*s).to_owned()).collect(),
        refer_to: (!r.refer_to.is_empty()).then(|| referrals(r)),
    }
}
