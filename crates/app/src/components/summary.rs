//! The printable summary: policy and dates, as-of date, answers, verdict, criterion trail and
//! the pre-screen caveat. The browser's print dialog saves it as PDF.

use yew::prelude::*;

use super::tree::Tree;
use super::verdict::outcome_class;
use super::{PolicyRef, Shared};
use crate::services;
use crate::state::{Action, View};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: PolicyRef,
    pub assessment: Shared,
    pub dispatch: Callback<Action>,
}

#[component(Summary)]
pub fn summary(props: &Props) -> Html {
    let lp = props.policy.0;
    let p = &lp.policy;
    let a = &props.assessment.0;
    let r = &a.evaluation;
    html! {
        <article class="summary">
            <div class="actions no-print">
                <button type="button" onclick={Callback::from(|_| services::print())}>{ "Print or save as PDF" }</button>
                <button type="button" onclick={props.dispatch.reform(|_| Action::ShowView(View::Form))}>{ "Back to the form" }</button>
            </div>
            <h2>{ format!("Pre-screen summary: {}", p.title) }</h2>
            <dl class="meta">
                <dt>{ "Policy" }</dt><dd>{ format!("{} ({}; {})", p.id, p.issuer, p.plan) }</dd>
                <dt>{ "Policy dates" }</dt><dd>{ format!("effective {}, last reviewed {}", p.effective.as_deref().unwrap_or("not stated"), p.last_review) }</dd>
                <dt>{ "As of" }</dt><dd>{ &r.as_of }</dd>
                <dt>{ "Line of business" }</dt><dd>{ r.line_of_business.map_or("not specified", |l| l.label()) }</dd>
            </dl>
            <p class={outcome_class(r.outcome)}>{ r.outcome.label() }</p>
            if !r.failed.is_empty() {
                <h3>{ "Criteria not met" }</h3>
                <ul>{ for r.failed.iter().map(|id| html! { <li><strong>{ *id }</strong>{ " " }{ lp.criterion_label(id).unwrap_or("") }</li> }) }</ul>
            }
            if !r.missing.is_empty() {
                <h3>{ "Still needed" }</h3>
                <ul>{ for r.missing.iter().filter_map(|id| lp.question(id)).map(|q| html! { <li>{ &q.prompt }</li> }) }</ul>
            }
            if let Some(ap) = &r.approval {
                <p>{ format!("If approved: {}{}", ap.duration, ap.quantity.as_ref().map(|q| format!("; {q}")).unwrap_or_default()) }</p>
            }
            <h3>{ "Answers" }</h3>
            <table class="answers">
                <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Answer" }</th></tr></thead>
                <tbody>
                    { for p.questions.iter().filter_map(|q| a.answers.get(&q.id).map(|ans| (q, ans))).map(|(q, ans)| html! {
                        <tr><td>{ &q.prompt }</td><td>{ format!("{}{}", ans, q.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()) }</td></tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Criterion trail" }</h3>
            <Tree assessment={props.assessment.clone()} expand=true />
            if !r.notes.is_empty() {
                <h3>{ "Notes" }</h3><ul>{ for r.notes.iter().map(|n| html! { <li>{ n.as_ref() }</li> }) }</ul>
            }
            <p class="caveat"><strong>{ r.caveat }</strong></p>
        </article>
    }
}
