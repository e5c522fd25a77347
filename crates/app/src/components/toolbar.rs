//! The bar above the form: the policy's identity and dates, line of business, as-of date, and
//! the answer actions (export, import, start over, keep on this device, summary).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{PolicyRef, Shared};
use crate::services;
use crate::state::{parse_saved, saved_from_response, saved_json, Action, State, View};
use criteria::{Freshness, LineOfBusiness};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: PolicyRef,
    pub state: State,
    pub assessment: Shared,
    pub dispatch: Callback<Action>,
}

/// Why a record file is refused before it is read.
pub const RECORD_TOO_LARGE: &str = "the record is larger than 20 MB: export only this patient's recent results, conditions, medications and demographics, and try again. Your answers are unchanged";

/// What to do with a record file once read (chosen or dropped): fill from it, or say why not.
pub fn record_read(d: Callback<Action>) -> impl FnOnce(Result<String, String>) {
    move |result| match result {
        Ok(text) => d.emit(Action::FillFromRecord(text)),
        Err(e) => d.emit(Action::Notice(Some(format!("The record could not be read: {e}.")))),
    }
}

/// The line of business (when the policy lists more than one) and the as-of date: the context
/// every verdict is reached in.
pub fn context(lobs: &[LineOfBusiness], state: &State, d: &Callback<Action>) -> Html {
    let on_lob = d.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetLineOfBusiness(LineOfBusiness::parse(&v))
    });
    let on_as_of = d.reform(|e: Event| Action::SetAsOf(e.target_unchecked_into::<HtmlInputElement>().value()));
    html! {
        <div class="context">
            if lobs.len() > 1 {
                <label for="lob">{ "Line of business" }</label>
                <select id="lob" onchange={on_lob}>
                    <option value="" selected={state.line_of_business.is_none()}>{ "Not specified (show every referral)" }</option>
                    { for lobs.iter().map(|l| html! {
                        <option value={l.as_str()} selected={state.line_of_business == Some(*l)}>{ l.label() }</option>
                    }) }
                </select>
            } else if let Some(l) = lobs.first() {
                <p class="fixed">{ format!("Line of business: {}", l.label()) }</p>
            }
            <label for="as-of">{ "As-of date" }</label>
            <input id="as-of" type="date" value={state.as_of_text.clone().unwrap_or_else(|| state.as_of.to_string())}
                onchange={on_as_of} aria-describedby="as-of-hint" />
            <p id="as-of-hint" class="hint">{ "Windows and ages count to this date." }</p>
        </div>
    }
}

#[component(Toolbar)]
pub fn toolbar(props: &Props) -> Html {
    let p = &props.policy.0.policy;
    let d = &props.dispatch;
    let state = &props.state;
    let export = {
        let file = saved_json(state, Some(props.assessment.0.as_ref()))
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default());
        let name = format!("precheck-{}-{}.json", p.id, state.as_of);
        let d = d.clone();
        Callback::from(move |_| {
            if let Some(text) = &file {
                if let Err(e) = services::download(&name, text, "application/json") {
                    d.emit(Action::Notice(Some(format!("Export failed: {e}."))));
                }
            }
        })
    };
    // The FHIR export carries only the answers shown now, as the verdict does. It is built on
    // click, not on every render, since building it evaluates the policy once more.
    let export_fhir = {
        let policy = props.policy.0.clone();
        let answers = props.assessment.0.answers.clone();
        let ctx = state.context();
        let name = format!("precheck-{}-{}.fhir.json", p.id, state.as_of);
        let d = d.clone();
        let origins = props.assessment.0.origins.clone();
        Callback::from(move |_| {
            // Each answer says whether it came from the patient's record (read, or inferred and
            // whether confirmed), was changed after that, or was typed.
            let origin = |q: &str| origins.get(q).copied();
            let resource = interop::fhir::response_with_origins(&policy, &answers, &ctx, origin);
            let text = serde_json::to_string_pretty(&resource).unwrap_or_default();
            if let Err(e) = services::download(&name, &text, "application/fhir+json") {
                d.emit(Action::Notice(Some(format!("FHIR export failed: {e}."))));
            }
        })
    };
    let import = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let d = d.clone();
            let too_large = "the file is larger than 2 MB; it is not a Precheck answers file";
            services::read_file(
                &input,
                services::MAX_ANSWERS_FILE,
                too_large,
                move |result| match result.and_then(|text| parse_saved(&text)) {
                    Ok(saved) => d.emit(Action::Load(saved)),
                    Err(e) => d.emit(Action::Notice(Some(format!("Import failed: {e}.")))),
                },
            );
        })
    };
    let import_fhir = {
        let d = d.clone();
        let (policy, lob) = (props.policy.0.clone(), state.line_of_business);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let (d, policy) = (d.clone(), policy.clone());
            let too_large = "the file is larger than 2 MB; it is not a QuestionnaireResponse";
            services::read_file(
                &input,
                services::MAX_ANSWERS_FILE,
                too_large,
                move |result| match result.and_then(|text| saved_from_response(&policy, lob, &text)) {
                    Ok((saved, skipped)) => {
                        d.emit(Action::Load(saved));
                        if !skipped.is_empty() {
                            d.emit(Action::Notice(Some(format!(
                                "Answers loaded from the FHIR response; not read: {}.",
                                skipped.join("; ")
                            ))));
                        }
                    }
                    Err(e) => d.emit(Action::Notice(Some(format!("FHIR import failed: {e}.")))),
                },
            );
        })
    };
    let fill = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            services::read_file(
                &input,
                services::MAX_RECORD_FILE,
                RECORD_TOO_LARGE,
                record_read(d.clone()),
            );
        })
    };
    let read_ehr = state.ehr.clone().map(|ehr| {
        let (policy, d) = (props.policy.0.clone(), d.clone());
        let name = ehr.config.display_name();
        (
            name,
            Callback::from(move |_| crate::smart::read_record(&ehr, policy.clone(), d.clone())),
        )
    });
    let on_keep = d.reform(|e: Event| Action::SetKeep(e.target_unchecked_into::<HtmlInputElement>().checked()));
    html! {
        <section class="toolbar" aria-label="Policy and answers">
            <div class="policy-head">
                <h2>{ &p.title }</h2>
                <p class="policy-meta">
                    { format!("{} · {} · {}", p.id, p.issuer, p.plan) }<br />
                    { format!("Effective {} · last reviewed {}", p.effective.as_deref().unwrap_or("not stated"), p.last_review) }
                </p>
                if let Some(warning) = Freshness::of(p, state.as_of).stale_note(p).map(|n| render::note(&n)) {
                    <p class="warning" role="note">{ warning }</p>
                }
                <button type="button" class="link" onclick={d.reform(|_| Action::ChangePolicy)}>{ "Choose another policy" }</button>
            </div>
            { context(&p.lines_of_business, state, d) }
            <div class="actions">
                <button type="button" onclick={export}>{ "Export answers" }</button>
                <button type="button" onclick={export_fhir}>{ "Export FHIR" }</button>
                <label class="button" for="import">{ "Import answers" }</label>
                <input id="import" class="visually-hidden" type="file" accept="application/json,.json" onchange={import} />
                <label class="button" for="import-fhir">{ "Import FHIR" }</label>
                <input id="import-fhir" class="visually-hidden" type="file" accept="application/fhir+json,application/json,.json" onchange={import_fhir} />
                <label class="button" for="fill-record" title="Or drop a FHIR record file anywhere on the form">{ "Fill from patient record" }</label>
                <input id="fill-record" class="visually-hidden" type="file" accept="application/fhir+json,application/json,.json" onchange={fill} />
                if let Some((name, onclick)) = read_ehr {
                    <button type="button" id="read-ehr" {onclick}>{ format!("Read from {name}") }</button>
                }
                <button type="button" onclick={d.reform(|_| Action::StartOver)}>{ "Start over" }</button>
                <button type="button" onclick={d.reform(|_| Action::ShowView(View::Summary))}>{ "Summary / print" }</button>
                <span class="keep">
                    <input id="keep" type="checkbox" checked={state.keep} onchange={on_keep} />
                    <label for="keep">{ "Keep answers on this device" }</label>
                    if state.keep {
                        <button type="button" class="link" onclick={d.reform(|_| Action::SetKeep(false))}>{ "Clear stored answers" }</button>
                    }
                </span>
            </div>
            { from_record(&state.record, d) }
        </section>
    }
}

/// The record's patient while its answers are on the screen, another patient's record waiting
/// for a choice, and the list of everything the record proposed (also for questions not asked
/// yet) and set aside, each inferred answer with its reasoning.
fn from_record(record: &crate::record::Record, d: &Callback<Action>) -> Html {
    let unconfirmed = record.unconfirmed().len();
    html! {
        <>
            if let Some((other, _)) = &record.pending {
                <div class="patient-switch" role="alert">
                    <p>{ format!("This record is of {}. The screen holds another patient's answers.", render::patient(other)) }</p>
                    <button type="button" onclick={d.reform(|_| Action::ReplacePatient)}>{ "Replace every answer with this record's" }</button>
                    { " " }
                    <button type="button" onclick={d.reform(|_| Action::KeepPatient)}>{ "Keep the current patient" }</button>
                </div>
            }
            if let Some(p) = &record.patient {
                <p class="patient" id="record-patient"><strong>{ "Patient: " }</strong>{ render::patient(p) }</p>
            }
            if !record.proposed.is_empty() || !record.set_aside.is_empty() {
                <details class="from-record-list" open={unconfirmed > 0}>
                    <summary>{ format!("From the record: {} proposed, {} set aside", record.proposed.len(), record.set_aside.len()) }</summary>
                    <ul class="proposed">{ for record.proposed.iter().map(|p| {
                        let state = match record.filled.get(&p.question) {
                            Some(f) if f.unconfirmed() => "filled, inferred: not confirmed",
                            Some(f) if f.inferred.is_some() => "filled, inferred: confirmed",
                            Some(_) => "filled",
                            None if record.offers.contains_key(&p.question) => "differs from your answer",
                            None => "not used: you answered it",
                        };
                        html! {
                            <li><strong>{ format!("{}: ", p.prompt) }</strong>{ &p.answer }
                                <span class="state">{ format!(" ({state})") }</span>
                                <br /><span class="hint">{ format!("From {}", p.source) }</span>
                                if let Some(reasoning) = &p.inferred { <br /><span class="inferred">{ reasoning }</span> }
                            </li>
                        }
                    }) }</ul>
                    if unconfirmed > 0 {
                        <button type="button" onclick={d.reform(|_| Action::ConfirmInferred(None))}>
                            { format!("I have checked the {} against the record: confirm", render::count(unconfirmed as i64, "inferred answer", "inferred answers")) }
                        </button>
                    }
                    if !record.set_aside.is_empty() {
                        <h3>{ "Set aside" }</h3>
                        <ul class="set-aside">{ for record.set_aside.iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                    }
                </details>
            }
        </>
    }
}
