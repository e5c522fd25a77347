//! The form, generated from the policy: only the questions the engine reports as relevant now,
//! in the policy's order.

use yew::prelude::*;

use super::question::Question;
use super::{PolicyRef, Shared};
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: PolicyRef,
    pub state: State,
    pub assessment: Shared,
    pub dispatch: Callback<Action>,
}

#[component(Form)]
pub fn form(props: &Props) -> Html {
    let lp = &props.policy.0;
    let a = &props.assessment.0;
    html! {
        <form class="questions" aria-labelledby="form-title" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <h2 id="form-title">{ "Answers" }</h2>
            <p class="hint">{ "Questions appear as they become relevant. Leave anything you do not know blank: blank is never read as \"no\"." }</p>
            // Every question is rendered and the irrelevant ones hidden, so that the DOM never
            // moves a field (a moved field loses focus mid-typing).
            { for lp.policy.questions.iter().enumerate().map(|(i, q)| {
                let hidden = !a.shown.get(i).copied().unwrap_or(false);
                let input = props.state.inputs.get(&q.id).cloned();
                let error = a.errors.get(&q.id).cloned();
                let is_missing = a.missing.get(i).copied().unwrap_or(false);
                let filled = props.state.record.filled.get(&q.id).cloned();
                let offer = props.state.record.offers.get(&q.id).map(|(_, source, _)| source.clone());
                html! {
                    <Question key={q.id.clone()} policy={props.policy.clone()} id={q.id.clone()} {input} {error} {hidden}
                        missing={is_missing} as_of={props.state.as_of.to_string()} {filled} {offer}
                        dispatch={props.dispatch.clone()} />
                }
            }) }
        </form>
    }
}
