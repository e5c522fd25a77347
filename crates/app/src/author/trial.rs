//! The authoring page's form: the policy being written, as a prescriber would see it (the
//! screening app's own form and verdict, on a state of their own), and "save the answers as a
//! case", which hands the page a case expecting what this version gives.

use std::rc::Rc;

use authoring::cases::{case_of, Case};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{context, verdict, Form, PolicyRef, Shared};
use crate::services;
use crate::state::{assess, draft, edit, Action, Loaded, State};

/// The form's state: the form's own steps of the app's reducer (`edit`: no screens, library,
/// record or portal here), and each new version of the file being written.
#[derive(Clone, PartialEq)]
struct Store(State);

enum Step {
    App(Action),
    Draft(Loaded),
}

impl Reducible for Store {
    type Action = Step;

    fn reduce(self: Rc<Self>, step: Step) -> Rc<Self> {
        let mut state = self.0.clone();
        match step {
            Step::App(action) => edit(&mut state, action),
            Step::Draft(policy) => draft(&mut state, policy),
        }
        Rc::new(Store(state))
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The file being written, each time it is valid.
    pub policy: PolicyRef,
    /// A case of the form's answers, as the policy decides them now.
    pub on_case: Callback<Case>,
}

#[component(Trial)]
pub fn trial(props: &Props) -> Html {
    let store = use_reducer(|| Store(State::new(services::today())));
    let dispatch = {
        let store = store.clone();
        Callback::from(move |action: Action| store.dispatch(Step::App(action)))
    };
    // Each valid version becomes the form's policy; the answers that still fit are kept.
    {
        let store = store.clone();
        use_effect_with(props.policy.clone(), move |p| {
            store.dispatch(Step::Draft(Loaded(p.0.clone())))
        });
    }
    let name = use_state(String::new);
    let state = &store.0;
    let Some(policy) = state.policy() else {
        return Html::default();
    };
    let (a, evaluation) = assess(&policy, state);
    let a = Shared(Rc::new(a));
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let save = {
        let (a, name, on_case) = (a.clone(), name.clone(), props.on_case.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let answers = a.0.answers.to_json();
            on_case.emit(case_of(name.trim(), answers, &a.0.evaluation()));
            name.set(String::new());
        })
    };
    let d = &dispatch;
    html! {
        <section aria-labelledby="trial-title" class="trial">
            <h2 id="trial-title">{ "Try the form" }</h2>
            <p class="hint">{ "The form and verdict a prescriber gets from this version of the file, as you write it." }</p>
            { context(&policy.policy.lines_of_business, state, d) }
            <form class="actions save-case" onsubmit={save}>
                <label for="case-name">{ "Case name" }</label>
                <input id="case-name" type="text" required=true value={(*name).clone()} oninput={on_name}
                    aria-describedby="case-name-hint" />
                <button type="submit" disabled={name.trim().is_empty()}>{ "Save the answers as a case" }</button>
                <button type="button" onclick={d.reform(|_| Action::StartOver)}>{ "Clear the answers" }</button>
                <p id="case-name-hint" class="hint">{ "The case expects what this version gives now, so that a later edit that changes it shows." }</p>
            </form>
            <div class="workspace">
                <Form policy={PolicyRef(policy.clone())} state={state.clone()} assessment={a.clone()} dispatch={d.clone()} />
                { verdict(&policy, &evaluation, &[]) }
            </div>
        </section>
    }
}
