//! `precheck`: pre-screen a prior-authorization request against a clinical policy from the
//! command line. Every error is one line naming the field or file, with a non-zero exit.

use std::io::{self, BufReader, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use criteria::{Context, LoadedPolicy, PolicyError};
use precheck::{check_json, find_policy, parse_as_of, parse_lob, run_batch, today, CliError};
use serde_json::json;

/// Largest answers or policy file read, so that a runaway file cannot exhaust memory.
const MAX_INPUT: u64 = 8 * 1024 * 1024;
/// A patient's record may be much larger than a policy or an answers file.
const MAX_RECORD: u64 = 256 * 1024 * 1024;

#[derive(Parser)]
#[command(
    name = "precheck",
    version,
    about = "Pre-screen a prior-authorization request against a clinical policy, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A format another engine can run.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// JsonLogic rules per section; see `interop::jsonlogic` for the data convention.
    Jsonlogic,
}

#[derive(Subcommand)]
enum Command {
    /// List the policies: id, title, plan and dates.
    Policies {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List a policy's questions: ids, types, units and ranges.
    Questions {
        policy: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check answers against a policy, or replay a batch of cases.
    Check {
        /// The policy id, for example CP.PHAR.533 (not with --batch).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        policy: Option<String>,
        /// A JSON file of answers: {"question-id": value, ...}; `-` reads standard input. With
        /// --bundle, these are typed answers that win over the record's.
        #[arg(long, required_unless_present_any = ["batch", "response", "bundle"], conflicts_with = "response")]
        answers: Option<String>,
        /// A patient's FHIR R4 record (a Bundle, or one resource): its answers are proposed from
        /// the policy's mappings (`precheck prefill`), and --answers overrides them. An answer
        /// the record only lets us infer (lines grouped, results combined) stays unconfirmed
        /// until named in --confirmed or typed: the result says when the outcome rests on one.
        #[arg(long, conflicts_with = "response")]
        bundle: Option<String>,
        /// With --bundle: the inferred answers you have checked and confirm, as question ids
        /// separated by commas, or `all`.
        #[arg(long, requires = "bundle", value_delimiter = ',')]
        confirmed: Vec<String>,
        /// A FHIR R4 QuestionnaireResponse to the policy's questionnaire (`precheck fhir
        /// questionnaire`), filled in any SDC form renderer, instead of an answers file.
        #[arg(long)]
        response: Option<String>,
        /// The date the screen is for (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        as_of: Option<String>,
        /// commercial, marketplace, medicaid or medicare.
        #[arg(long)]
        line_of_business: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// A JSON-lines file of cases ({"policy", "answers", "as_of", "line_of_business", "id"});
        /// writes one JSON result per line.
        #[arg(long, conflicts_with_all = ["answers", "response", "line_of_business"])]
        batch: Option<String>,
    },
    /// Propose answers from a patient's FHIR R4 record (a Bundle of any type, or one
    /// resource), each with the resources it came from, and list what was set aside and why.
    Prefill {
        /// The policy id, for example CP.PHAR.533.
        policy: String,
        /// The record, as FHIR JSON; `-` reads standard input.
        #[arg(long)]
        bundle: String,
        /// The date the screen is for (YYYY-MM-DD); defaults to today. Windows count to it.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Which policies list a HCPCS or CPT code.
    Lookup {
        code: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write a policy's criteria in another rule format, as JSON on standard output.
    Export {
        #[arg(value_enum)]
        format: ExportFormat,
        /// The policy id, for example CP.PHAR.533.
        policy: String,
    },
    /// Write a policy's form as a FHIR R4 Questionnaire, or answers as a QuestionnaireResponse.
    Fhir {
        #[command(subcommand)]
        resource: FhirCommand,
    },
    /// Replay cases against two versions of a policy file: which results change, and why.
    Diff {
        /// The policy file before the change.
        old: String,
        /// The policy file after the change.
        new: String,
        /// A JSON-lines file of cases, as `check --batch` reads them; `-` reads standard input.
        #[arg(long)]
        cases: String,
        /// The as-of date for cases that give none (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        as_of: Option<String>,
        /// `json` writes one object per case that differs; the summary line goes to stderr.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the JSON Schema of the policy format (as committed in docs/policy.schema.json).
    Schema,
    /// Validate policy files and report every problem with its location.
    Validate {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Check a policy file as its author needs it: every problem at its line and column; with
    /// --source (the policy document as text), every text of the file that repeats a run of
    /// its words; with --cases (a case file), every case run with its differences, and the
    /// criteria no case fails or meets; with --earlier (a previous version of the file), every
    /// case whose result the revision changes. Problems and failing cases exit 1.
    Lint {
        file: String,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        cases: Option<String>,
        /// An earlier version of the policy: report every case (of --cases) whose result the
        /// revision changes, with the criteria where the change starts.
        #[arg(long)]
        earlier: Option<String>,
    },
    /// The policy library of a folder: validate every policy file and write its manifest.
    Library {
        #[command(subcommand)]
        command: LibraryCommand,
    },
    /// Configure a built app folder (dist/) for one portal, without a rebuild: the SMART
    /// launch's FHIR server and client id, the portals that may embed it. Writes
    /// dist/precheck.config.json, sets the page's CSP connect-src to exactly the origins it
    /// names, writes dist/_headers (the CSP with frame-ancestors), and renews the service worker.
    Deploy {
        /// The built app folder (`trunk build` writes dist/).
        dist: String,
        /// The deployment's configuration, a JSON file: {"smart": {"fhir_base_url",
        /// "client_id", "auth_origin"?, "name"?}, "embed": {"parents": [origins]}}; `{}`
        /// removes every setting.
        #[arg(long)]
        config: String,
    },
}

/// `precheck library ...`.
#[derive(Subcommand)]
enum LibraryCommand {
    /// Validate every policy file (*.json) in DIR and write DIR/manifest.json, which the app
    /// reads to list the policies and to check each file's SHA-256. Fails, writing nothing, with
    /// every problem located. For dist/policies, the service worker is renewed too.
    Build { dir: String },
}

/// The FHIR R4 resources `precheck fhir` writes, as JSON on standard output.
#[derive(Subcommand)]
enum FhirCommand {
    /// The policy's questions as a Questionnaire, with enableWhen taken from the criteria.
    Questionnaire {
        /// The policy id, for example CP.PHAR.533.
        policy: String,
    },
    /// Answers as a QuestionnaireResponse; answers to questions not shown now are left out.
    Response {
        /// The policy id, for example CP.PHAR.533.
        policy: String,
        /// A JSON file of answers: {"question-id": value, ...}; `-` reads standard input.
        #[arg(long)]
        answers: String,
        /// The patient's FHIR record the answers were filled from: each answer is marked with
        /// its origin (Da Vinci DTR information-origin: auto, override or manual).
        #[arg(long)]
        bundle: Option<String>,
        /// The date the screen is for (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        as_of: Option<String>,
        /// commercial, marketplace, medicaid or medicare.
        #[arg(long)]
        line_of_business: Option<String>,
    },
}

/// `precheck fhir ...`: a bad answer is an error naming its question, as for `check`.
fn fhir(resource: FhirCommand) -> Result<serde_json::Value, CliError> {
    match resource {
        FhirCommand::Questionnaire { policy } => Ok(interop::fhir::questionnaire(find_policy(&policy)?)),
        FhirCommand::Response {
            policy,
            answers,
            bundle,
            as_of,
            line_of_business,
        } => {
            let lp = find_policy(&policy)?;
            let as_of = as_of.as_deref().map(parse_as_of).transpose()?.unwrap_or_else(today);
            let line_of_business = line_of_business.as_deref().map(parse_lob).transpose()?;
            let text = read_input(&answers)?;
            let (parsed, errors) = criteria::parse_answers(lp, &text, as_of)?;
            CliError::from_answer_errors(errors)?;
            let ctx = Context {
                as_of,
                line_of_business,
            };
            let Some(bundle) = bundle else {
                return Ok(interop::fhir::response(lp, &parsed, &ctx));
            };
            // What the record proposes, against what the answers file says.
            let from_record = prefill_file(lp, &bundle, as_of)?.answers();
            let typed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let origin = |q: &str| {
                use interop::fhir::Origin;
                Some(match (from_record.get(q), typed.get(q)) {
                    (Some(r), Some(t)) if r == t => Origin::Auto,
                    (Some(_), Some(_)) => Origin::Override,
                    _ => Origin::Manual,
                })
            };
            Ok(interop::fhir::response_with_origins(lp, &parsed, &ctx, origin))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run(cli.command, &mut out) {
        Ok(code) => code,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {}", one_line(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Keeps an error on one line whatever user text it quotes: control characters are escaped.
fn one_line(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The record at `path`, read against the policy's mappings.
fn prefill_file(lp: &LoadedPolicy, path: &str, as_of: criteria::Date) -> Result<interop::prefill::Prefill, CliError> {
    interop::prefill::prefill(lp, &read_limited(path, MAX_RECORD)?, as_of).map_err(|e| CliError::File {
        path: path.to_owned(),
        source: Box::new(CliError::Input(e.to_string())),
    })
}

fn read_input(path: &str) -> Result<String, CliError> {
    read_limited(path, MAX_INPUT)
}

fn read_limited(path: &str, limit: u64) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io::stdin().lock().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    result.map_err(CliError::io(format!("cannot read `{path}`")))?;
    if bytes.len() as u64 > limit {
        return Err(CliError::Input(format!(
            "`{path}` is larger than {} MiB",
            limit / 1024 / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        CliError::Input(format!(
            "`{path}` is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn write(out: &mut impl Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).map_err(CliError::io("cannot write"))
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn run(command: Command, out: &mut impl Write) -> Result<ExitCode, CliError> {
    match command {
        Command::Policies { format } => {
            let all = policies::all();
            if format == Format::Json {
                let list: Vec<_> = all
                    .iter()
                    .map(|p| {
                        let p = &p.policy;
                        json!({"id": p.id, "title": p.title, "subject": p.subject, "issuer": p.issuer, "plan": p.plan,
                               "lines_of_business": p.lines_of_business, "effective": p.effective, "last_review": p.last_review,
                               "codes": p.codes.iter().map(|c| &c.code).collect::<Vec<_>>()})
                    })
                    .collect();
                write(out, &pretty(&json!(list)))?;
            } else {
                for p in all {
                    let p = &p.policy;
                    let lobs: Vec<&str> = p.lines_of_business.iter().map(|l| l.as_str()).collect();
                    write(
                        out,
                        &format!(
                            "{:<16} {}\n{:<16} {}; {}; {}\n{:<16} effective {}, last reviewed {}\n\n",
                            p.id,
                            p.title,
                            "",
                            p.issuer,
                            p.plan,
                            lobs.join(", "),
                            "",
                            p.effective.as_deref().unwrap_or("not stated"),
                            p.last_review
                        ),
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Questions { policy, format } => {
            let lp = find_policy(&policy)?;
            if format == Format::Json {
                write(out, &pretty(&json!(lp.policy.questions)))?;
            } else {
                for q in &lp.policy.questions {
                    write(out, &format!("{}\n", question_line(lp, q)))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            policy,
            answers,
            response,
            bundle,
            confirmed,
            as_of,
            line_of_business,
            format,
            batch,
        } => {
            let as_of = as_of.as_deref().map(parse_as_of).transpose()?.unwrap_or_else(today);
            if let Some(batch) = batch {
                let input: Box<dyn io::BufRead> = if batch == "-" {
                    Box::new(BufReader::new(io::stdin()))
                } else {
                    let file = std::fs::File::open(&batch).map_err(CliError::io(format!("cannot read `{batch}`")))?;
                    Box::new(BufReader::new(file))
                };
                let (cases, failed) = run_batch(input, &mut *out, as_of)?;
                if failed > 0 {
                    eprintln!("error: {failed} of {cases} batch cases could not be checked (see their `error` lines)");
                    return Ok(ExitCode::from(1));
                }
                return Ok(ExitCode::SUCCESS);
            }
            let policy = policy.ok_or_else(|| CliError::Usage("name a policy, or give --batch".into()))?;
            let lp = find_policy(&policy)?;
            // The record's inferred answers the user has neither typed nor confirmed.
            let mut unconfirmed: Vec<String> = Vec::new();
            let text = match (answers.as_deref(), response) {
                _ if bundle.is_some() => {
                    let path = bundle.as_deref().unwrap_or("-");
                    let found = prefill_file(lp, path, as_of)?;
                    unconfirmed = found
                        .proposals
                        .iter()
                        .filter(|p| p.inferred.is_some())
                        .map(|p| p.question.clone())
                        .filter(|q| !confirmed.iter().any(|c| c == q || c == "all"))
                        .collect();
                    let mut merged = found.answers();
                    if let Some(typed) = &answers {
                        let text = read_input(typed)?;
                        let typed: serde_json::Value = serde_json::from_str(&text)
                            .map_err(|e| CliError::Input(format!("`{typed}`: answers are not valid JSON: {e}")))?;
                        let serde_json::Value::Object(typed) = typed else {
                            return Err(CliError::from(criteria::AnswersError::NotAnObject));
                        };
                        // A typed answer is never overwritten by the record.
                        unconfirmed.retain(|q| !typed.contains_key(q));
                        merged.extend(typed);
                    }
                    serde_json::Value::Object(merged).to_string()
                }
                (Some(path), _) => read_input(path)?,
                (None, Some(path)) => {
                    let in_file = |source: CliError| CliError::File {
                        path: path.clone(),
                        source: Box::new(source),
                    };
                    let (answers, errors) = interop::fhir::read::answers_from_response(lp, &read_input(&path)?)
                        .map_err(|e| in_file(e.into()))?;
                    CliError::from_answer_errors(errors).map_err(in_file)?;
                    answers.to_string()
                }
                (None, None) => return Err(CliError::Usage("--answers FILE or --response FILE is required".into())),
            };
            let line_of_business = line_of_business.as_deref().map(parse_lob).transpose()?;
            let ctx = Context {
                as_of,
                line_of_business,
            };
            let mut value = check_json(lp, &text, &ctx)?;
            let (answers, _) = criteria::parse_answers(lp, &text, as_of)?;
            let rests = criteria::rests_on(lp, &answers, &ctx, &unconfirmed);
            if format == Format::Json {
                if bundle.is_some() {
                    value["rests_on_unconfirmed"] = json!(rests);
                }
                write(out, &pretty(&value))?;
            } else {
                let result = criteria::evaluate(lp, &answers, &ctx);
                let mut text = String::new();
                if let Some(line) = render::unconfirmed(result.outcome, rests.len()) {
                    let prompts: Vec<String> = rests
                        .iter()
                        .map(|q| format!("{} ({q})", lp.question(q).map_or(q.as_str(), |x| x.prompt.as_str())))
                        .collect();
                    text.push_str(&format!(
                        "{line}: {}. Check them against the record (`precheck prefill`), then give --confirmed.\n\n",
                        prompts.join("; ")
                    ));
                }
                text.push_str(&render::plain(lp, &result));
                write(out, &text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Prefill {
            policy,
            bundle,
            as_of,
            format,
        } => {
            let lp = find_policy(&policy)?;
            let as_of = as_of.as_deref().map(parse_as_of).transpose()?.unwrap_or_else(today);
            let found = prefill_file(lp, &bundle, as_of)?;
            if format == Format::Json {
                let value = json!({"patient": found.patient, "answers": found.answers(), "proposals": found.proposals, "ignored": found.ignored, "unreadable": found.unreadable});
                write(out, &pretty(&value))?;
            } else {
                write(out, &render::prefill(lp, &found))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lookup { code, format } => {
            let found = policies::lookup(&code);
            if format == Format::Json {
                let list: Vec<_> = found
                    .iter()
                    .map(|e| {
                        let lp = policies::get(e.policy);
                        let routes = lp.map(|p| p.referral_targets()).unwrap_or_default();
                        json!({"code": e.code, "system": e.system, "label": e.label, "policy": e.policy,
                                    "title": lp.map(|p| p.policy.title.as_str()), "routes": routes})
                    })
                    .collect();
                write(out, &pretty(&json!(list)))?;
            } else if found.is_empty() {
                return Err(CliError::Usage(format!(
                    "code `{}` is not listed by any policy",
                    code.trim()
                )));
            } else {
                for e in &found {
                    let lp = policies::get(e.policy);
                    let title = lp.map_or("", |p| p.policy.title.as_str());
                    write(
                        out,
                        &format!("{} {} ({}): {} — {}\n", e.system, e.code, e.label, e.policy, title),
                    )?;
                    let routes = lp.map(|p| p.referral_targets()).unwrap_or_default();
                    if !routes.is_empty() {
                        write(out, &format!("  {}\n", render::routes(&routes)))?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, policy } => {
            let lp = find_policy(&policy)?;
            let value = match format {
                ExportFormat::Jsonlogic => interop::jsonlogic::export(lp),
            };
            write(out, &pretty(&value))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Fhir { resource } => {
            write(out, &pretty(&fhir(resource)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            old,
            new,
            cases,
            as_of,
            format,
        } => diff(&old, &new, &cases, as_of.as_deref(), format, out),
        Command::Schema => {
            write(out, &pretty(&criteria::model::json_schema()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { files } => {
            let mut bad = 0;
            for file in &files {
                let text = read_input(file)?;
                match LoadedPolicy::from_json(file, &text) {
                    Ok(lp) => write(
                        out,
                        &format!(
                            "{file}: ok ({}, {} questions, {} sections)\n",
                            lp.policy.id,
                            lp.policy.questions.len(),
                            lp.policy.sections.len()
                        ),
                    )?,
                    Err(e) => {
                        bad += 1;
                        for line in PolicyError::lines(&e) {
                            eprintln!("error: {}", one_line(&line));
                        }
                    }
                }
            }
            Ok(if bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Lint {
            file,
            source,
            cases,
            earlier,
        } => {
            let text = read_input(&file)?;
            let source_text = source.as_deref().map(read_input).transpose()?;
            let cases_text = cases.as_deref().map(read_input).transpose()?;
            let earlier_text = earlier.as_deref().map(read_input).transpose()?;
            let found = precheck::lint::lint(
                out,
                &file,
                &text,
                source.as_deref().zip(source_text.as_deref()),
                cases.as_deref().zip(cases_text.as_deref()),
                earlier.as_deref().zip(earlier_text.as_deref()),
            )?;
            Ok(if found.errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Library {
            command: LibraryCommand::Build { dir },
        } => {
            let (manifest, version) = precheck::deploy::library_build(std::path::Path::new(&dir))?;
            let worker = version
                .map(|v| format!("; service worker version {v}"))
                .unwrap_or_default();
            write(
                out,
                &format!("{dir}: {} policies in manifest.json{worker}\n", manifest.policies.len()),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Deploy { dist, config } => {
            let text = read_input(&config)?;
            let done = precheck::deploy::deploy(std::path::Path::new(&dist), &config, &text)?;
            write(
                out,
                &format!(
                    "{dist}: configured; connect-src {}; service worker version {}\n",
                    done.connect_src, done.version
                ),
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `precheck diff`: both files must load; a case in error is reported on its line and makes
/// the exit non-zero, as in `check --batch`.
fn diff(
    old: &str,
    new: &str,
    cases: &str,
    as_of: Option<&str>,
    format: Format,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let load =
        |path: &str| -> Result<LoadedPolicy, CliError> { Ok(LoadedPolicy::from_json(path, &read_input(path)?)?) };
    let (old, new) = (load(old)?, load(new)?);
    let as_of = as_of.map(parse_as_of).transpose()?.unwrap_or_else(today);
    let input = read_input(cases)?;
    let summary = precheck::diff::run_diff(&old, &new, input.as_bytes(), &mut *out, format == Format::Json, as_of)?;
    if format == Format::Json {
        eprintln!("{}", summary.line());
    } else {
        write(out, &format!("{}\n", summary.line()))?;
    }
    // A file with no case for either version is almost certainly the wrong file.
    if summary.cases == 0 && summary.errors == 0 {
        return Err(CliError::Input(format!(
            "no case in `{cases}` is for `{}` or `{}`",
            old.policy.id, new.policy.id
        )));
    }
    Ok(if summary.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn question_line(lp: &LoadedPolicy, q: &criteria::model::Question) -> String {
    use criteria::model::QuestionType as T;
    let detail = match q.kind {
        T::Number => {
            let unit = q.unit.as_deref().unwrap_or("");
            let range = match (q.min, q.max) {
                (Some(a), Some(b)) => format!(" {}..{}", criteria::format_number(a), criteria::format_number(b)),
                (Some(a), None) => format!(" >= {}", criteria::format_number(a)),
                (None, Some(b)) => format!(" <= {}", criteria::format_number(b)),
                (None, None) => String::new(),
            };
            let also = if q.accepts_units.is_empty() {
                String::new()
            } else {
                format!(" (also {})", q.accepts_units.join(", "))
            };
            format!("number [{unit}]{range}{also}")
        }
        T::Choice | T::MultiChoice => {
            let values: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            format!(
                "{} {{{}}}",
                if q.kind == T::Choice { "choice" } else { "multi_choice" },
                values.join(", ")
            )
        }
        T::DrugList | T::TherapyLines => {
            let n = lp.policy.drugs.len();
            format!(
                "{} (drug ids from a list of {n})",
                if q.kind == T::DrugList {
                    "drug_list"
                } else {
                    "therapy_lines"
                }
            )
        }
        T::YesNo => "yes_no".into(),
        T::Date => "date YYYY-MM-DD".into(),
    };
    format!("{:<28} {:<40} {}", q.id, detail, q.prompt)
}
