//! The reducer's moves between screens and from outside the form: choosing and leaving a
//! policy, following an address, loading answers (from a file, storage, a portal, or waiting
//! for their policy's file), and taking the deployment's SMART server and an EHR launch.

use super::inputs_from_answers;
use super::{Ehr, Saved, State, View};

pub(super) fn pick(state: &mut State, id: &str) {
    if let Some(e) = state.entry(id) {
        let lobs = e.lines_of_business.clone();
        state.policy = Some(e.id.clone());
        state.inputs.clear();
        state.record = crate::record::Record::default();
        state.line_of_business = match lobs.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        state.view = View::Form;
        state.notice = None;
        state.not_found = None;
    }
}

/// The policy being written on the authoring page, each valid version: the only one loaded,
/// and chosen. A new policy id starts a blank form; the same id keeps the answers (those to
/// questions it no longer asks are left out by [`super::assess`]). Not an action of the app's
/// reducer: only the authoring page's own reducer calls it, so that the app is not built with it.
pub fn draft(state: &mut State, policy: super::Loaded) {
    let p = &policy.0.policy;
    if state.policy.as_deref() != Some(p.id.as_str()) {
        state.inputs.clear();
        state.record = crate::record::Record::default();
        state.policy = Some(p.id.clone());
        state.view = View::Form;
    }
    if let [only] = p.lines_of_business.as_slice() {
        state.line_of_business = Some(*only);
    }
    state.loaded = std::iter::once((p.id.clone(), policy.clone())).collect();
}

/// Back to the policy list; answers are cleared, as they belong to one policy.
pub(super) fn close_policy(state: &mut State) {
    state.policy = None;
    state.inputs.clear();
    state.record = crate::record::Record::default();
    state.line_of_business = None;
    state.view = View::Form;
    state.notice = None;
}

/// The screen an address names; a policy the library does not have gets the list, searched
/// for it, with a message.
pub(super) fn navigate(state: &mut State, route: crate::route::Route) {
    use crate::route::Route;
    if state.library.is_none() {
        state.route_pending = Some(route);
        return;
    }
    match route {
        Route::List { query } => {
            if state.policy.is_some() {
                close_policy(state);
            }
            state.query = query;
            state.not_found = None;
        }
        Route::Policy {
            id,
            line_of_business,
            as_of,
            summary,
        } => {
            let Some(entry) = state.entry(&id).cloned() else {
                close_policy(state);
                state.not_found = Some(id);
                state.query = String::new();
                return;
            };
            if state.policy.as_deref() != Some(entry.id.as_str()) {
                pick(state, &entry.id);
            }
            if let Some(l) = line_of_business.filter(|l| entry.lines_of_business.contains(l)) {
                state.line_of_business = Some(l);
            }
            if let Some(d) = as_of {
                state.as_of = d;
                state.as_of_text = None;
            }
            state.view = if summary { View::Summary } else { View::Form };
            state.not_found = None;
        }
    }
}

/// Answers from a file, from storage or from an embedding portal: for a policy of the
/// library, applied at once when its file is loaded, else when it arrives.
pub(super) fn load(state: &mut State, saved: Saved) {
    let Some(entry) = state.entry(&saved.policy).cloned() else {
        if state.library.is_none() {
            state.pending = Some(saved);
        } else {
            state.notice = Some(format!(
                "The file is for policy `{}`, which this app does not have.",
                saved.policy
            ));
        }
        return;
    };
    let Some(p) = state.loaded.get(&entry.id).map(|l| l.0.clone()) else {
        // Fetched by the app on seeing the chosen policy; the answers wait for it.
        state.policy = Some(entry.id.clone());
        state.pending = Some(saved);
        return;
    };
    state.policy = Some(p.policy.id.clone());
    state.line_of_business = saved
        .line_of_business
        .filter(|l| p.policy.lines_of_business.contains(l))
        .or(match p.policy.lines_of_business.as_slice() {
            [only] => Some(*only),
            _ => None,
        });
    if let Some(d) = saved.as_of {
        state.as_of = d;
        state.as_of_text = None;
    }
    let (inputs, skipped) = inputs_from_answers(&p, &saved.answers);
    state.inputs = inputs;
    state.record = saved
        .from_record
        .as_ref()
        .map(|v| crate::record::from_json(v, &state.inputs))
        .unwrap_or_default();
    state.view = View::Form;
    state.notice = Some(if skipped.is_empty() {
        "Answers loaded.".into()
    } else {
        format!("Answers loaded; skipped unknown or malformed: {}.", skipped.join(", "))
    });
}

/// Takes the deployment's SMART server; an EHR launch from any other server is refused, since
/// the token would be asked of a server this deployment does not trust.
pub(super) fn configure(
    state: &mut State,
    smart: Option<interop::smart::SmartConfig>,
    launch: Option<(String, String)>,
) {
    state.ehr = smart.map(|config| Ehr { config, launch: None });
    let Some((iss, launch)) = launch else { return };
    state.notice = Some(match &mut state.ehr {
        Some(ehr) if ehr.config.is_issuer(&iss) => {
            ehr.launch = Some(launch);
            let name = ehr.config.display_name();
            format!("Opened from {name}. Choose a policy, then \"Read from {name}\" to fill it from this patient's record.")
        }
        Some(_) => format!(
            "This page was opened by an EHR at {iss}, which this deployment is not set up to read from; fill from a record file instead."
        ),
        None => format!(
            "This page was opened by an EHR at {iss}, but this deployment reads from no EHR; fill from a record file instead."
        ),
    });
}
