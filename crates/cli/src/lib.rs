//! The `precheck` command line as a library: rendering results for a clinician and the batch
//! path payers use to replay many requests. `main.rs` only parses arguments and prints.

pub mod deploy;
pub mod diff;
pub mod lint;

use std::io::{BufRead, Write};

use criteria::{evaluate, parse_answers, Context, Date, LineOfBusiness, LoadedPolicy, Prepared};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// An error for the user: one line, naming the field or file at fault. The variant is the
/// kind (a batch line reports it beside the message); the engine's errors keep theirs inside.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An argument or a case field that is not valid: a date, a line of business, a missing
    /// option.
    #[error("{0}")]
    Usage(String),
    /// A policy id that the library does not have.
    #[error("unknown policy `{0}`; `precheck policies` lists them")]
    UnknownPolicy(String),
    /// A file or stream that cannot be read or written.
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// Input that is not what the command reads (not UTF-8, too large, not a case).
    #[error("{0}")]
    Input(String),
    /// A policy file that does not load.
    #[error(transparent)]
    Policy(#[from] criteria::PolicyError),
    /// An answers document that cannot be read at all.
    #[error(transparent)]
    Answers(#[from] criteria::AnswersError),
    /// A refused answer (the first, and how many more there are).
    #[error("answer {first}{}", more(*others + 1))]
    Answer {
        first: criteria::AnswerError,
        others: usize,
    },
    /// A FHIR QuestionnaireResponse that cannot be read.
    #[error(transparent)]
    Response(#[from] interop::fhir::read::ResponseError),
    /// An error in one input file.
    #[error("`{path}`: {source}")]
    File {
        path: String,
        #[source]
        source: Box<CliError>,
    },
    /// An error under one of the two versions `precheck diff` compares.
    #[error("{which} policy: {source}")]
    Version {
        which: &'static str,
        #[source]
        source: Box<CliError>,
    },
}

impl CliError {
    /// The kind as a batch line reports it.
    pub fn kind(&self) -> &'static str {
        match self {
            CliError::Usage(_) => "usage",
            CliError::UnknownPolicy(_) => "unknown_policy",
            CliError::Io { .. } => "io",
            CliError::Input(_) => "input",
            CliError::Policy(_) => "policy",
            CliError::Answers(_) => "answers",
            CliError::Answer { .. } => "answer",
            CliError::Response(_) => "response",
            CliError::File { source, .. } | CliError::Version { source, .. } => source.kind(),
        }
    }

    /// The first refused answer as the error, when there is one.
    pub fn from_answer_errors(errors: Vec<criteria::AnswerError>) -> Result<(), CliError> {
        let others = errors.len().saturating_sub(1);
        match errors.into_iter().next() {
            Some(first) => Err(CliError::Answer { first, others }),
            None => Ok(()),
        }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
        let what = what.into();
        move |source| CliError::Io { what, source }
    }
}

/// Today's date from the system clock: the only place Precheck reads a clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    Date::from_days(days).unwrap_or(Date::UNIX_EPOCH)
}

/// Parses an as-of date given on the command line or in a batch case.
pub fn parse_as_of(text: &str) -> Result<Date, CliError> {
    Date::parse(text)
        .ok_or_else(|| CliError::Usage(format!("as-of date `{text}` is not a real date in YYYY-MM-DD form")))
}

pub fn parse_lob(text: &str) -> Result<LineOfBusiness, CliError> {
    LineOfBusiness::parse(text).ok_or_else(|| {
        CliError::Usage(format!(
            "line of business `{text}` is not one of commercial, marketplace, medicaid, medicare"
        ))
    })
}

/// Finds a policy by id, or says how to list them.
pub fn find_policy(id: &str) -> Result<&'static LoadedPolicy, CliError> {
    policies::get(id).ok_or_else(|| CliError::UnknownPolicy(id.to_owned()))
}

/// Checks one set of answers; answer errors are fatal here, each naming its question.
pub fn check_json(policy: &LoadedPolicy, answers: &str, ctx: &Context) -> Result<Value, CliError> {
    let (answers, errors) = parse_answers(policy, answers, ctx.as_of)?;
    CliError::from_answer_errors(errors)?;
    let result = evaluate(policy, &answers, ctx);
    serde_json::to_value(&result).map_err(|e| CliError::Input(format!("cannot encode the result: {e}")))
}

/// " (and N more)" after the first of several errors, so that one line reports them all.
pub fn more(errors: usize) -> String {
    if errors > 1 {
        format!(" (and {} more)", errors - 1)
    } else {
        String::new()
    }
}

/// One line of a batch file (also the case format `precheck diff` replays).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchCase {
    pub(crate) policy: String,
    /// Kept as raw text so that duplicate keys and unreadable numbers are reported per answer.
    #[serde(default)]
    pub(crate) answers: Option<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    pub(crate) as_of: Option<String>,
    #[serde(default)]
    pub(crate) line_of_business: Option<String>,
    /// Free text carried through to the output (a case or claim number).
    #[serde(default)]
    pub(crate) id: Option<Value>,
}

/// One batch result line, its keys in the order they have always been written.
#[derive(Serialize)]
struct BatchResult<'a> {
    #[serde(serialize_with = "as_text")]
    as_of: Date,
    failed: Vec<&'a str>,
    id: &'a Option<Value>,
    line: usize,
    missing: Vec<&'a str>,
    outcome: criteria::Outcome,
    policy: &'a str,
    refer_to: &'a [&'a criteria::model::Referral],
}

fn as_text<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Evaluates one batch line and writes its result line (without the newline). Errors become
/// `{"line", "error"}` objects so that one bad case never stops the rest; returns whether the
/// line was in error.
fn batch_line(line_no: usize, line: &str, default_as_of: Date, out: &mut impl Write) -> Result<bool, CliError> {
    let written = match batch_case(line, default_as_of) {
        Ok((case, policy, ctx, prepared)) => {
            let v = prepared.verdict(&ctx);
            serde_json::to_writer(
                &mut *out,
                &BatchResult {
                    as_of: ctx.as_of,
                    failed: v.failed().collect(),
                    id: &case.id,
                    line: line_no,
                    missing: v.missing().collect(),
                    outcome: v.outcome,
                    policy: &policy.policy.id,
                    refer_to: &v.refer_to,
                },
            )
            .map(|()| false)
        }
        Err(e) => {
            let mut v = json!({"line": line_no, "error": e.to_string(), "kind": e.kind()});
            if let (CliError::Answer { first, .. }, Value::Object(map)) = (&e, &mut v) {
                map.insert("question".into(), json!(first.question));
                map.insert("answer_error".into(), json!(first.kind));
            }
            serde_json::to_writer(&mut *out, &v).map(|()| true)
        }
    };
    written.map_err(|e| CliError::io("cannot write")(std::io::Error::from(e)))
}

/// Reads one batch line, naming the field at fault.
pub(crate) fn parse_case(line: &str) -> Result<BatchCase, CliError> {
    let mut de = serde_json::Deserializer::from_str(line);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            CliError::Input(format!("not a batch case: {}", e.into_inner()))
        } else {
            CliError::Input(format!("not a batch case: `{path}`: {}", e.into_inner()))
        }
    })
}

/// A batch case read and its answers checked: the answers go straight into the policy's
/// slots, and the batch needs only the lean verdict.
fn batch_case(
    line: &str,
    default_as_of: Date,
) -> Result<(BatchCase, &'static LoadedPolicy, Context, Prepared<'static>), CliError> {
    let case = parse_case(line)?;
    let policy = find_policy(&case.policy)?;
    let as_of = match &case.as_of {
        Some(text) => parse_as_of(text)?,
        None => default_as_of,
    };
    let line_of_business = case.line_of_business.as_deref().map(parse_lob).transpose()?;
    let ctx = Context {
        as_of,
        line_of_business,
    };
    let text = case.answers.as_deref().map_or("{}", serde_json::value::RawValue::get);
    let (prepared, errors) = Prepared::parse(policy, text, as_of)?;
    CliError::from_answer_errors(errors)?;
    Ok((case, policy, ctx, prepared))
}

/// Replays a JSON-lines batch: one case per line in, one result per line out. Returns the
/// number of cases and of cases that were in error.
pub fn run_batch(input: impl BufRead, mut out: impl Write, default_as_of: Date) -> Result<(usize, usize), CliError> {
    let mut cases = 0;
    let mut failed = 0;
    for (i, line) in input.split(b'\n').enumerate() {
        let bytes = line.map_err(CliError::io(format!("batch line {}: cannot read", i + 1)))?;
        let in_error = match std::str::from_utf8(&bytes) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => batch_line(i + 1, text, default_as_of, &mut out)?,
            // One line that is not text spoils only itself.
            Err(e) => {
                let v = json!({"line": i + 1, "error": format!("the line is not UTF-8 text (byte {})", e.valid_up_to()), "kind": "input"});
                write!(out, "{v}").map_err(CliError::io("cannot write"))?;
                true
            }
        };
        cases += 1;
        failed += usize::from(in_error);
        out.write_all(b"\n").map_err(CliError::io("cannot write"))?;
    }
    Ok((cases, failed))
}
