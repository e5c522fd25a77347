//! One question as a labelled control chosen by its type, with its unit, valid range, help
//! and inline error. Errors are announced and never erase the typed value.

use criteria::model::{Question as Q, QuestionType};
use criteria::LoadedPolicy;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{field_id, PolicyRef};
use crate::state::{Action, Input, LineInput};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: PolicyRef,
    pub id: String,
    pub input: Option<Input>,
    pub error: Option<String>,
    pub missing: bool,
    /// Not relevant now: kept in the DOM (so fields never move) but hidden from everyone.
    pub hidden: bool,
    pub as_of: String,
    /// Where the answer came from, when "Fill from patient record" filled it.
    #[prop_or_default]
    pub filled: Option<crate::record::Filled>,
    /// Where the record's different value came from, when the user had typed another.
    #[prop_or_default]
    pub offer: Option<String>,
    pub dispatch: Callback<Action>,
}

fn range_hint(q: &Q) -> Option<String> {
    let unit = q.unit.as_deref().unwrap_or("");
    let f = criteria::format_number;
    let range = match (q.min, q.max) {
        (Some(a), Some(b)) => Some(format!("{} to {} {unit}", f(a), f(b))),
        (Some(a), None) => Some(format!("{} {unit} or more", f(a))),
        (None, Some(b)) => Some(format!("up to {} {unit}", f(b))),
        (None, None) => None,
    };
    let whole = if q.integer { " (whole number)" } else { "" };
    range.map(|r| format!("Valid: {}{whole}", r.trim_end()))
}

#[component(Question)]
pub fn question(props: &Props) -> Html {
    let lp = &*props.policy.0;
    let Some(q) = lp.question(&props.id) else {
        return html! {};
    };
    let fid = field_id(&q.id);
    let error_id = format!("{fid}-error");
    let help_id = format!("{fid}-help");
    let described = match (&props.error, &q.help) {
        (Some(_), Some(_)) => format!("{error_id} {help_id}"),
        (Some(_), None) => error_id.clone(),
        (None, Some(_)) => help_id.clone(),
        (None, None) => String::new(),
    };
    let invalid = props.error.as_ref().map(|_| "true");
    let not_done = matches!(props.input, Some(Input::NotDone));
    let control = control(lp, q, props, &fid, &described, invalid);
    let on_not_done = {
        let id = q.id.clone();
        props.dispatch.reform(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                Action::Set(id.clone(), Input::NotDone)
            } else {
                Action::Clear(id.clone())
            }
        })
    };
    let partial = props.input.as_ref().map(Input::list);
    let on_partial = {
        let id = q.id.clone();
        props.dispatch.reform(move |e: Event| Action::SetPartial {
            question: id.clone(),
            partial: e.target_unchecked_into::<HtmlInputElement>().checked(),
        })
    };
    let class = classes!(
        "question",
        props.error.as_ref().map(|_| "has-error"),
        props.missing.then_some("is-missing")
    );
    html! {
        <fieldset class={class} id={format!("{fid}-group")} hidden={props.hidden}>
            <legend><span class="prompt">{ &q.prompt }</span>
                if props.missing { <span class="badge-needed">{ "needed" }</span> }
            </legend>
            <fieldset class="value" disabled={not_done}>
                <legend class="visually-hidden">{ format!("Value: {}", q.prompt) }</legend>
                { control }
            </fieldset>
            if q.not_done {
                <span class="option not-done">
                    <input type="checkbox" id={format!("{fid}-not-done")} checked={not_done} onchange={on_not_done} />
                    <label for={format!("{fid}-not-done")}>{ "Not done" }</label>
                </span>
                if not_done {
                    <p class="hint" aria-live="polite">{ "Recorded as not done: criteria that need this result are not met. Choose Clear if it is not known yet." }</p>
                }
            }
            if q.partial {
                if let Some((_, is_partial)) = partial {
                    <span class="option partial">
                        <input type="checkbox" id={format!("{fid}-partial")} checked={is_partial} onchange={on_partial} />
                        <label for={format!("{fid}-partial")}>{ "This list may be incomplete: more may exist" }</label>
                    </span>
                }
            }
            if let Some(help) = &q.help { <p id={help_id} class="hint">{ help }</p> }
            <p id={error_id} class="field-error" aria-live="polite">
                if let Some(e) = &props.error { { format!("{}: {e}", q.prompt) } }
            </p>
            if let Some(f) = &props.filled {
                <p class="from-record">{ format!("From the record: {}. ", f.source) }
                    <button type="button" class="link" aria-label={format!("Undo the record's answer: {}", q.prompt)}
                        onclick={props.dispatch.reform({ let id = q.id.clone(); move |_| Action::UndoFill(id.clone()) })}>{ "Undo" }</button>
                </p>
                if let Some(reasoning) = &f.inferred {
                    <p class={classes!("inferred", (!f.confirmed).then_some("unconfirmed"))}>
                        <strong>{ if f.confirmed { "Inferred, confirmed: " } else { "Inferred, not confirmed: " } }</strong>
                        { reasoning.as_str() }
                        if !f.confirmed {
                            { " " }
                            <button type="button" aria-label={format!("Confirm the inferred answer: {}", q.prompt)}
                                onclick={props.dispatch.reform({ let id = q.id.clone(); move |_| Action::ConfirmInferred(Some(id.clone())) })}>{ "Confirm" }</button>
                        }
                    </p>
                }
            }
            if let Some(source) = &props.offer {
                <p class="record-offer">{ format!("The record says otherwise: {source}. ") }
                    <button type="button" class="link" aria-label={format!("Use the record's value: {}", q.prompt)}
                        onclick={props.dispatch.reform({ let id = q.id.clone(); move |_| Action::AcceptOffer(id.clone()) })}>{ "Use the record's value" }</button>
                    { " " }
                    <button type="button" class="link" aria-label={format!("Keep your answer: {}", q.prompt)}
                        onclick={props.dispatch.reform({ let id = q.id.clone(); move |_| Action::DismissOffer(id.clone()) })}>{ "Keep mine" }</button>
                </p>
            }
            if props.input.is_some() {
                <button type="button" class="link clear" aria-label={format!("Clear the answer: {}", q.prompt)}
                    onclick={props.dispatch.reform({ let id = q.id.clone(); move |_| Action::Clear(id.clone()) })}>{ "Clear" }</button>
            }
        </fieldset>
    }
}

fn control(lp: &LoadedPolicy, q: &Q, props: &Props, fid: &str, described: &str, invalid: Option<&'static str>) -> Html {
    let d = &props.dispatch;
    let id = q.id.clone();
    let described = (!described.is_empty()).then(|| described.to_owned());
    match q.kind {
        QuestionType::Number => {
            let (text, unit) = match &props.input {
                Some(Input::Text { text, unit }) => (text.clone(), unit.clone()),
                _ => (String::new(), None),
            };
            let base_unit = q.unit.clone().unwrap_or_default();
            let oninput = {
                let (id, unit) = (id.clone(), unit.clone());
                d.reform(move |e: InputEvent| {
                    let text = e.target_unchecked_into::<HtmlInputElement>().value();
                    if text.trim().is_empty() {
                        Action::Clear(id.clone())
                    } else {
                        Action::Set(
                            id.clone(),
                            Input::Text {
                                text,
                                unit: unit.clone(),
                            },
                        )
                    }
                })
            };
            let on_unit = {
                let (id, text, base) = (id.clone(), text.clone(), base_unit.clone());
                d.reform(move |e: Event| {
                    let u = e.target_unchecked_into::<HtmlSelectElement>().value();
                    let unit = (u != base).then_some(u);
                    Action::Set(
                        id.clone(),
                        Input::Text {
                            text: text.clone(),
                            unit,
                        },
                    )
                })
            };
            let hint = range_hint(q);
            html! {
                <div class="number">
                    <label for={fid.to_owned()} class="visually-hidden">{ &q.prompt }</label>
                    <TextField id={fid.to_owned()} kind="text" {text} invalid={invalid} described={described} max={None::<String>}
                        oninput={Some(oninput)} onchange={None::<Callback<Event>>} />
                    if q.accepts_units.is_empty() {
                        <span class="unit">{ &base_unit }</span>
                    } else {
                        <label for={format!("{fid}-unit")} class="visually-hidden">{ format!("Unit for {}", q.prompt) }</label>
                        <select id={format!("{fid}-unit")} class="unit" onchange={on_unit}>
                            <option value={base_unit.clone()} selected={unit.is_none()}>{ &base_unit }</option>
                            { for q.accepts_units.iter().map(|u| html! {
                                <option value={u.clone()} selected={unit.as_deref() == Some(u.as_str())}>{ u }</option>
                            }) }
                        </select>
                    }
                    if let Some(h) = hint { <span class="range">{ h }</span> }
                </div>
            }
        }
        QuestionType::Date => {
            let text = match &props.input {
                Some(Input::Text { text, .. }) => text.clone(),
                _ => String::new(),
            };
            let onchange = d.reform(move |e: Event| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                if text.trim().is_empty() {
                    Action::Clear(id.clone())
                } else {
                    Action::Set(id.clone(), Input::Text { text, unit: None })
                }
            });
            html! {
                <>
                    <label for={fid.to_owned()} class="visually-hidden">{ &q.prompt }</label>
                    <TextField id={fid.to_owned()} kind="date" {text} invalid={invalid} described={described} max={Some(props.as_of.clone())}
                        oninput={None::<Callback<InputEvent>>} onchange={Some(onchange)} />
                </>
            }
        }
        QuestionType::YesNo => {
            let current = match &props.input {
                Some(Input::Bool(b)) => Some(*b),
                _ => None,
            };
            let radio = |value: bool, label: &str, first: bool| {
                let id = id.clone();
                let onchange = d.reform(move |_| Action::Set(id.clone(), Input::Bool(value)));
                let rid = if first { fid.to_owned() } else { format!("{fid}-no") };
                html! {
                    <span class="option">
                        <input type="radio" id={rid.clone()} name={fid.to_owned()} value={if value { "yes" } else { "no" }} checked={current == Some(value)} {onchange}
                            aria-invalid={invalid} aria-describedby={described.clone()} />
                        <label for={rid}>{ label }</label>
                    </span>
                }
            };
            html! { <div class="options inline">{ radio(true, "Yes", true) }{ radio(false, "No", false) }</div> }
        }
        QuestionType::Choice => {
            let current = match &props.input {
                Some(Input::Choice(c)) => Some(c.clone()),
                _ => None,
            };
            html! {
                <div class="options">
                    { for q.options.iter().enumerate().map(|(i, o)| {
                        let value = o.value.clone();
                        let id = id.clone();
                        let onchange = d.reform(move |_| Action::Set(id.clone(), Input::Choice(value.clone())));
                        let rid = if i == 0 { fid.to_owned() } else { format!("{fid}-{}", o.value) };
                        html! {
                            <span class="option">
                                <input type="radio" id={rid.clone()} name={fid.to_owned()} value={o.value.clone()} checked={current.as_deref() == Some(o.value.as_str())}
                                    {onchange} aria-describedby={described.clone()} />
                                <label for={rid}>{ &o.label }</label>
                            </span>
                        }
                    }) }
                </div>
            }
        }
        QuestionType::MultiChoice | QuestionType::DrugList => {
            let partial = props.input.as_ref().is_some_and(|i| i.list().1);
            let current = match props.input.as_ref().map(|i| i.list().0) {
                Some(Input::Many(set)) => Some(set.clone()),
                _ => None,
            };
            let wrap = move |input: Input| {
                if partial {
                    Input::Partial(Box::new(input))
                } else {
                    input
                }
            };
            let items: Vec<(String, String)> = if q.kind == QuestionType::MultiChoice {
                q.options.iter().map(|o| (o.value.clone(), o.label.clone())).collect()
            } else {
                lp.policy
                    .drugs
                    .iter()
                    .filter(|dr| q.classes.is_empty() || q.classes.iter().any(|c| dr.classes.contains(c)))
                    .map(|dr| (dr.id.clone(), dr.label.clone()))
                    .collect()
            };
            let has_none_option = items.iter().any(|(v, _)| v == "none");
            let none_checked = current.as_ref().is_some_and(|s| s.is_empty());
            let on_none = {
                let id = id.clone();
                d.reform(move |e: Event| {
                    if e.target_unchecked_into::<HtmlInputElement>().checked() {
                        Action::Set(id.clone(), wrap(Input::Many(Default::default())))
                    } else {
                        Action::Clear(id.clone())
                    }
                })
            };
            html! {
                <div class="options columns">
                    if !has_none_option {
                        <span class="option">
                            <input type="checkbox" id={fid.to_owned()} checked={none_checked} onchange={on_none} aria-describedby={described.clone()} />
                            <label for={fid.to_owned()}>{ "None of these" }</label>
                        </span>
                    }
                    { for items.iter().enumerate().map(|(i, (value, label))| {
                        let checked = current.as_ref().is_some_and(|s| s.contains(value));
                        let value_attr = value.clone();
                        let (id, value, set) = (id.clone(), value.clone(), current.clone().unwrap_or_default());
                        let onchange = d.reform(move |e: Event| {
                            let mut set = set.clone();
                            if e.target_unchecked_into::<HtmlInputElement>().checked() { set.insert(value.clone()); } else { set.remove(&value); }
                            Action::Set(id.clone(), wrap(Input::Many(set)))
                        });
                        let cid = if i == 0 && has_none_option { fid.to_owned() } else { format!("{fid}-{i}") };
                        html! {
                            <span class="option">
                                <input type="checkbox" id={cid.clone()} name={fid.to_owned()} value={value_attr} {checked} {onchange} aria-describedby={described.clone()} />
                                <label for={cid}>{ label }</label>
                            </span>
                        }
                    }) }
                </div>
            }
        }
        QuestionType::TherapyLines => therapy_lines(lp, q, props, fid),
    }
}

fn therapy_lines(lp: &LoadedPolicy, q: &Q, props: &Props, fid: &str) -> Html {
    let d = &props.dispatch;
    let lines = match props.input.as_ref().map(|i| i.list().0) {
        Some(Input::Lines(lines)) => Some(lines.clone()),
        _ => None,
    };
    let label_of = |id: &str| {
        lp.policy
            .drugs
            .iter()
            .find(|x| x.id == id)
            .map_or(id.to_owned(), |x| x.label.clone())
    };
    let qid = q.id.clone();
    let none = {
        let qid = qid.clone();
        d.reform(move |_| Action::Set(qid.clone(), Input::Lines(Vec::new())))
    };
    let add_line = {
        let qid = qid.clone();
        d.reform(move |_| Action::AddLine(qid.clone()))
    };
    let rows = lines.clone().unwrap_or_default();
    html! {
        <div class="lines">
            if lines.as_ref().is_some_and(Vec::is_empty) {
                <p class="hint">{ "No prior lines of therapy." }</p>
            }
            <ol>
            { for rows.iter().enumerate().map(|(n, line)| {
                let select_id = if n == 0 { fid.to_owned() } else { format!("{fid}-line-{n}") };
                let on_add = {
                    let qid = qid.clone();
                    d.reform(move |e: Event| {
                        let el = e.target_unchecked_into::<HtmlSelectElement>();
                        let drug = el.value();
                        el.set_value("");
                        Action::AddDrug { question: qid.clone(), line: n, drug }
                    })
                };
                let remove_line = { let qid = qid.clone(); d.reform(move |_| Action::RemoveLine { question: qid.clone(), line: n }) };
                html! {
                    <li key={n}>
                        <span class="line-title">{ format!("Line {}", n + 1) }</span>
                        <ul class="chips">
                            { for line.drugs.iter().map(|drug| {
                                let (qid, drug_id) = (qid.clone(), drug.clone());
                                let remove = d.reform(move |_| Action::RemoveDrug { question: qid.clone(), line: n, drug: drug_id.clone() });
                                let label = label_of(drug);
                                html! { <li class="chip">{ &label }
                                    <button type="button" class="chip-remove" aria-label={format!("Remove {label} from line {}", n + 1)} onclick={remove}>{ "×" }</button>
                                </li> }
                            }) }
                        </ul>
                        <label for={select_id.clone()} class="visually-hidden">{ format!("Add a drug to line {}", n + 1) }</label>
                        <select id={select_id} onchange={on_add}>
                            <option value="" selected=true>{ format!("Add a drug to line {}…", n + 1) }</option>
                            { for lp.policy.drugs.iter().filter(|x| !line.drugs.contains(&x.id)).map(|x| html! {
                                <option value={x.id.clone()}>{ &x.label }</option>
                            }) }
                        </select>
                        if q.line_dates {
                            { line_start(props, &qid, fid, n, line) }
                        }
                        { line_unknown_drugs(props, &qid, fid, n, line) }
                        <button type="button" class="link" onclick={remove_line}>{ format!("Remove line {}", n + 1) }</button>
                    </li>
                }
            }) }
            </ol>
            <div class="line-actions">
                <button type="button" id={if rows.is_empty() { fid.to_owned() } else { format!("{fid}-add") }} onclick={add_line}>{ "Add a prior line" }</button>
                if lines.is_none() {
                    <button type="button" onclick={none}>{ "No prior lines" }</button>
                }
            </div>
        </div>
    }
}

/// Whether some drugs of prior line `n` are not documented: the line still counts, and proves
/// no drug it does not list.
fn line_unknown_drugs(props: &Props, qid: &str, fid: &str, n: usize, line: &LineInput) -> Html {
    let id = format!("{fid}-line-{n}-unknown");
    let onchange = {
        let qid = qid.to_owned();
        props.dispatch.reform(move |e: Event| Action::SetLineUnknownDrugs {
            question: qid.clone(),
            line: n,
            unknown: e.target_unchecked_into::<HtmlInputElement>().checked(),
        })
    };
    html! {
        <span class="line-unknown">
            <input type="checkbox" id={id.clone()} checked={line.unknown_drugs} {onchange} />
            <label for={id}>{ format!("Line {}: not every drug is documented (for example an outside regimen)", n + 1) }</label>
        </span>
    }
}

/// The start date of prior line `n`, for policies that ask for it.
fn line_start(props: &Props, qid: &str, fid: &str, n: usize, line: &LineInput) -> Html {
    let id = format!("{fid}-line-{n}-start");
    let onchange = {
        let qid = qid.to_owned();
        props.dispatch.reform(move |e: Event| Action::SetLineStart {
            question: qid.clone(),
            line: n,
            text: e.target_unchecked_into::<HtmlInputElement>().value(),
        })
    };
    html! {
        <span class="line-start">
            <label for={id.clone()}>{ format!("Line {} started", n + 1) }</label>
            <TextField id={id} kind="date" text={line.start.clone()} invalid={None} described={None::<String>} max={Some(props.as_of.clone())}
                oninput={None::<Callback<InputEvent>>} onchange={Some(onchange)} />
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct TextProps {
    id: String,
    kind: &'static str,
    text: String,
    invalid: Option<&'static str>,
    described: Option<String>,
    max: Option<String>,
    oninput: Option<Callback<InputEvent>>,
    onchange: Option<Callback<Event>>,
}

/// A text or date input whose DOM value is written from the state only while the user is not
/// typing in it (after an import, a clear or a restore). Writing it on every render would race
/// fast typing and drop keystrokes.
#[component(TextField)]
fn text_field(props: &TextProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.text.clone(), move |text| {
            if let Some(input) = node.cast::<HtmlInputElement>() {
                let focused = gloo::utils::document().active_element().is_some_and(|el| el == **input);
                if !focused && input.value() != *text {
                    input.set_value(text);
                }
            }
        });
    }
    html! {
        <input ref={node} id={props.id.clone()} type={props.kind} inputmode={(props.kind == "text").then_some("decimal")}
            autocomplete="off" max={props.max.clone()} aria-invalid={props.invalid} aria-describedby={props.described.clone()}
            oninput={props.oninput.clone()} onchange={props.onchange.clone()} />
    }
}
