//! Shown in a portal's `<iframe>` (`?embed=1&parent=<origin>`): the verdict posted to that one
//! origin on every change, so that the portal can prefill its own request form, and the
//! portal's message that sets answers. The answers themselves are posted only when the portal
//! asked for them in the address (`&answers=1`). Plain Rust, tested natively; `services` posts
//! and listens, to and from the parent origin only.

use serde::Deserialize;
use serde_json::{json, Value};

use criteria::{Answers, Evaluation};

use crate::state::{Saved, State};

/// The message's `type`, and the version of its shape.
pub const VERDICT: &str = "precheck.verdict";
pub const SET_ANSWERS: &str = "precheck.set_answers";

/// The verdict as the portal receives it: the policy and its version, the context, the
/// outcome, failed criteria (the policy's numbering), missing question ids, the approval,
/// referrals and the pre-screen caveat; the answers when asked for. JSON text.
/// `rests_on_unconfirmed`: the inferred answers from a record the outcome rests on, not yet
/// confirmed; while there are any, the portal must not treat the outcome as settled.
pub fn verdict(e: &Evaluation<'_>, answers: &Answers, with_answers: bool, rests_on: &[String]) -> String {
    let mut out = json!({
        "type": VERDICT,
        "version": 1,
        "policy": {"id": e.policy.id, "title": e.policy.title, "effective": e.policy.effective, "last_review": e.policy.last_review},
        "as_of": e.as_of,
        "line_of_business": e.line_of_business,
        "outcome": e.outcome,
        "failed": e.failed,
        "missing": e.missing,
        "approval": e.approval.as_ref().map(|a| json!({
            "section": a.section, "duration": a.duration, "duration_months": a.duration_months, "quantity": a.quantity,
        })),
        "referrals": e.refer_to,
        "caveat": e.caveat,
        "rests_on_unconfirmed": rests_on,
    });
    if let (true, Some(obj)) = (with_answers, out.as_object_mut()) {
        obj.insert("answers".into(), answers.to_json());
    }
    out.to_string()
}

/// The portal's request to set answers: `{"type": "precheck.set_answers", "answers": {...},
/// "as_of"?, "line_of_business"?}`, for the policy on screen (or another of the library, by
/// `policy`). Anything else is not for us.
pub fn set_answers(state: &State, text: &str) -> Option<Result<Saved, String>> {
    #[derive(Deserialize)]
    struct Message {
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        policy: Option<String>,
        #[serde(default)]
        answers: Option<Value>,
        #[serde(default)]
        as_of: Option<String>,
        #[serde(default)]
        line_of_business: Option<String>,
    }
    let m: Message = serde_json::from_str(text).ok()?;
    if m.kind != SET_ANSWERS {
        return None;
    }
    let Some(policy) = m.policy.or_else(|| state.policy.clone()) else {
        return Some(Err("the portal set answers before a policy was chosen".into()));
    };
    let answers = m.answers.unwrap_or(Value::Object(Default::default()));
    if !answers.is_object() {
        return Some(Err("the portal's answers are not an object".into()));
    }
    let as_of = match m.as_of {
        Some(d) => match criteria::Date::parse(&d) {
            Some(d) => Some(d),
            None => return Some(Err(format!("the portal's as-of date {d:?} is not a date"))),
        },
        None => None,
    };
    Some(Ok(Saved {
        from_record: None,
        policy,
        line_of_business: m.line_of_business.as_deref().and_then(criteria::LineOfBusiness::parse),
        as_of: as_of.or(Some(state.as_of)),
        answers,
    }))
}
