//! List answers: the options of a `multi_choice`, the drugs of a `drug_list`, and prior lines of
//! therapy with their dates and whether their drugs are all documented.

use serde_json::Value as Json;

use super::{describe, refuse, Answer, Kind, Line, Refusal};
use crate::date::Date;
use crate::model::QuestionType;
use crate::validate::LoadedPolicy;

/// A list answer: options of a `multi_choice`, drug ids of a `drug_list`, or prior lines.
pub(super) fn check_list(
    policy: &LoadedPolicy,
    q: &crate::model::Question,
    value: &Json,
    as_of: Date,
) -> Result<Answer, Refusal> {
    let wrong = || {
        refuse(
            Kind::WrongType,
            format!("expects a {} answer, got {}", q.kind.name(), describe(value)),
        )
    };
    match q.kind {
        QuestionType::MultiChoice | QuestionType::DrugList => {
            let items = string_list(value).ok_or_else(wrong)?;
            for item in &items {
                let known = if q.kind == QuestionType::MultiChoice {
                    q.options.iter().any(|o| o.value == *item)
                } else {
                    drug_allowed(policy, q, item)
                };
                if !known {
                    return Err(refuse(
                        Kind::NotOffered,
                        format!("`{item}` is not one of the choices offered"),
                    ));
                }
            }
            Ok(Answer::Many(dedup(items)))
        }
        QuestionType::TherapyLines => {
            let Json::Array(lines) = value else { return Err(wrong()) };
            let mut out = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                let n = i + 1;
                // `{"drugs": [...], "start": "YYYY-MM-DD", "unknown_drugs": true}`: a start
                // date where the policy asks for dates, and whether drugs are missing from it.
                let (drugs, start, unknown_drugs) = match line {
                    Json::Object(map) => {
                        let fields: &[&str] = if q.line_dates {
                            &["drugs", "start", "unknown_drugs"]
                        } else {
                            &["drugs", "unknown_drugs"]
                        };
                        if let Some(key) = map.keys().find(|k| !fields.contains(&k.as_str())) {
                            let hint = if q.line_dates {
                                "use `drugs`, `start` and `unknown_drugs`"
                            } else {
                                "use `drugs` and `unknown_drugs`; this policy asks no line dates"
                            };
                            return Err(refuse(
                                Kind::WrongType,
                                format!("line {n}: `{key}` is not a field of a line ({hint})"),
                            ));
                        }
                        let unknown_drugs = match map.get("unknown_drugs") {
                            None | Some(Json::Null) => false,
                            Some(Json::Bool(b)) => *b,
                            Some(_) => {
                                return Err(refuse(
                                    Kind::WrongType,
                                    format!("line {n}: `unknown_drugs` must be true or false"),
                                ))
                            }
                        };
                        let start = match map.get("start") {
                            None | Some(Json::Null) => None,
                            Some(Json::String(text)) => {
                                let d = Date::parse(text).ok_or_else(|| {
                                    refuse(Kind::BadDate, {
                                        format!("line {n}: `{text}` is not a real date in YYYY-MM-DD form")
                                    })
                                })?;
                                if d > as_of {
                                    return Err(refuse(
                                        Kind::AfterAsOf,
                                        format!("line {n}: {d} is after the as-of date {as_of}"),
                                    ));
                                }
                                Some(d)
                            }
                            Some(_) => {
                                return Err(refuse(
                                    Kind::BadDate,
                                    format!("line {n}: `start` must be a YYYY-MM-DD date"),
                                ))
                            }
                        };
                        let drugs = match map.get("drugs") {
                            None | Some(Json::Null) if unknown_drugs => &EMPTY_LIST,
                            other => other.unwrap_or(&Json::Null),
                        };
                        (drugs, start, unknown_drugs)
                    }
                    other => (other, None, false),
                };
                let drugs = string_list(drugs)
                    .ok_or_else(|| refuse(Kind::WrongType, format!("line {n} must be a list of drug ids")))?;
                if drugs.is_empty() && !unknown_drugs {
                    return Err(refuse(
                        Kind::WrongType,
                        format!("line {n} lists no drug (mark it `\"unknown_drugs\": true` when its drugs are not documented)"),
                    ));
                }
                if let Some(bad) = drugs.iter().find(|d| !policy.drug_classes.contains_key(*d)) {
                    return Err(refuse(
                        Kind::NotOffered,
                        format!("line {}: `{bad}` is not a drug in this policy's list", i + 1),
                    ));
                }
                out.push(Line {
                    drugs: dedup(drugs),
                    start,
                    unknown_drugs,
                });
            }
            Ok(Answer::Lines(out))
        }
        _ => Err(wrong()),
    }
}

pub(super) fn drug_allowed(policy: &LoadedPolicy, q: &crate::model::Question, drug: &str) -> bool {
    policy.drug_classes.contains_key(drug)
        && (q.classes.is_empty() || q.classes.iter().any(|c| policy.drug_in_class(drug, c)))
}

fn string_list(value: &Json) -> Option<Vec<String>> {
    let Json::Array(items) = value else { return None };
    items.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

/// The drugs of a line whose drugs are not documented, when it lists none.
static EMPTY_LIST: Json = Json::Array(Vec::new());

/// The items in order, each once (lists are short: a linear look beats a set's copies).
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
