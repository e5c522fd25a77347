//! The root component: owns the state, derives the assessment, and lays out the screens.

use std::rc::Rc;

use yew::prelude::*;

use super::form::Form;
use super::picker::Picker;
use super::summary::Summary;
use super::toolbar::{record_read, Toolbar, RECORD_TOO_LARGE};
use super::verdict::{verdict, VerdictBar};
use super::{PolicyRef, Shared};
use crate::route::Route;
use crate::services;
use crate::state::{apply, assess, parse_saved, saved_json, Action, State, View};

#[derive(Clone, PartialEq)]
struct Store(State);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Store(apply(self.0.clone(), action)))
    }
}

/// A library already at hand, instead of fetching `policies/`: the component tests'.
#[derive(Clone)]
pub struct AtHand(pub Rc<(policies::manifest::Manifest, Vec<Rc<criteria::LoadedPolicy>>)>);

impl PartialEq for AtHand {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct Props {
    /// None in the app, which fetches its library.
    #[prop_or_default]
    pub library: Option<AtHand>,
    /// The page's static start screen stands in until the library's manifest is here.
    #[prop_or_default]
    pub start: bool,
}

#[component(App)]
pub fn app(props: &Props) -> Html {
    let at_hand = props.library.clone();
    let store = use_reducer(|| Store(State::new(services::today())));
    let dispatch = {
        let store = store.clone();
        Callback::from(move |action: Action| store.dispatch(action))
    };

    // On first render: offline support, and answers the user chose to keep earlier.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let d = dispatch.clone();
            services::register_service_worker(move || d.emit(Action::UpdateReady));
            match at_hand {
                Some(AtHand(library)) => {
                    dispatch.emit(Action::LibraryLoaded(Ok(library.0.clone())));
                    for p in &library.1 {
                        dispatch.emit(Action::PolicyLoaded {
                            id: p.policy.id.clone(),
                            result: Ok(crate::state::Loaded(p.clone())),
                        });
                    }
                }
                None => crate::library::load_manifest(dispatch.clone()),
            }
            // The screen the address names (a link, a reload), once the library is here; then
            // back and forward.
            dispatch.emit(Action::Route(Route::parse(&services::hash(), &services::query())));
            let d = dispatch.clone();
            services::on_address_change(move |hash| d.emit(Action::Route(Route::parse(&hash, ""))));
            crate::smart::configure(dispatch.clone());
            if let Some(text) = services::load_kept() {
                match parse_saved(&text) {
                    Ok(saved) => {
                        dispatch.emit(Action::Load(saved));
                        dispatch.emit(Action::SetKeep(true));
                        dispatch.emit(Action::Notice(Some(
                            "Answers kept on this device were restored.".into(),
                        )));
                    }
                    Err(_) => services::forget(),
                }
            }
            // Answers carried across the reload into a new version.
            if let Some(saved) = services::take_reloaded().and_then(|t| parse_saved(&t).ok()) {
                dispatch.emit(Action::Load(saved));
                dispatch.emit(Action::Notice(Some(
                    "Precheck was updated; your answers are as they were.".into(),
                )));
            }
        });
    }

    let state = &store.0;
    let policy = state.policy();

    // The page's static start screen gives way once the library's manifest is here: the same
    // screen in the same place, with what was typed into it.
    {
        let dispatch = dispatch.clone();
        let ready = props.start && state.library.is_some();
        let on_list = state.policy.is_none() && state.query.is_empty();
        use_effect_with(ready, move |ready| {
            if *ready {
                if let Some(typed) = crate::library::replace_start_screen() {
                    if on_list && !typed.query.is_empty() {
                        dispatch.emit(Action::Search(typed.query));
                    }
                    if typed.focused {
                        services::focus("policy-search");
                    }
                }
            }
        });
    }

    // The address follows the screen (never the answers): a new screen is a history entry.
    {
        let route = (state.library.is_some() && state.route_pending.is_none() && state.not_found.is_none())
            .then(|| Route::of(state));
        use_effect_with(route, move |route| {
            if let Some(route) = route {
                let here = Route::parse(&services::hash(), "");
                if &here != route {
                    services::set_hash(&route.to_hash(), here.screen() != route.screen());
                }
            }
        });
    }

    // A chosen policy whose file is not here yet is fetched, checked and validated.
    {
        let wanted = match (&state.policy, &policy) {
            (Some(id), None) if !state.refused.contains_key(id) => state.entry(id).cloned(),
            _ => None,
        };
        let dispatch = dispatch.clone();
        use_effect_with(wanted, move |wanted| {
            if let Some(entry) = wanted.clone() {
                crate::library::load_policy(entry, dispatch);
            }
        });
    }
    // The assessment for the components, and the explained evaluation for the verdict, from one
    // evaluation.
    let assessed = policy.as_ref().map(|p| assess(p, state));
    let (assessment, evaluation) = match assessed {
        Some((a, e)) => (Some(Shared(Rc::new(a))), Some(e)),
        None => (None, None),
    };

    // Storage only with consent: write on every change while opted in, erase when not.
    {
        let saved = saved_json(state, assessment.as_ref().map(|a| a.0.as_ref())).map(|v| v.to_string());
        let keep = state.keep;
        use_effect_with((keep, saved), move |(keep, saved)| {
            if *keep {
                if let Some(text) = saved {
                    let _ = services::keep(text);
                }
            } else {
                services::forget();
            }
        });
    }

    let body = match (policy.clone(), assessment.clone(), &evaluation) {
        (Some(p), Some(a), _) if state.view == View::Summary => html! {
            <Summary policy={PolicyRef(p)} assessment={a} dispatch={dispatch.clone()} />
        },
        (Some(p), Some(a), Some(e)) => html! {
            <>
                <Toolbar policy={PolicyRef(p.clone())} state={state.clone()} assessment={a.clone()} dispatch={dispatch.clone()} />
                <div class="workspace">
                    <Form policy={PolicyRef(p.clone())} state={state.clone()} assessment={a.clone()} dispatch={dispatch.clone()} />
                    <VerdictBar assessment={a.clone()} />
                    { verdict(&p, e, &a.0.rests_on) }
                </div>
            </>
        },
        (None, _, _) if state.policy.is_some() => {
            let id = state.policy.clone().unwrap_or_default();
            let title = state.entry(&id).map_or(id.clone(), |e| e.title.clone());
            match state.refused.get(&id) {
                Some(problem) => html! {
                    <section class="picker" aria-labelledby="refused-title">
                        <h2 id="refused-title">{ title }</h2>
                        <p class="warning" role="alert">{ format!("This policy's file cannot be used: {problem}. Every other policy works; tell the portal's team.") }</p>
                        <button type="button" class="link" onclick={dispatch.reform(|_| Action::ChangePolicy)}>{ "Choose another policy" }</button>
                    </section>
                },
                None => html! {
                    <section class="picker" aria-labelledby="loading-title">
                        <h2 id="loading-title">{ title }</h2>
                        <p class="hint" role="status">{ "Loading the policy…" }</p>
                    </section>
                },
            }
        }
        _ => html! {
            <>
                if let Some(id) = &state.not_found {
                    <p class="warning" role="alert" id="not-found">
                        { format!("This library has no policy \"{id}\". The link may be old, or the policy may have another id now: search for it below.") }
                    </p>
                }
                <Picker query={state.query.clone()} library={state.library.clone()} dispatch={dispatch.clone()} />
            </>
        },
    };

    // In a portal's frame: the verdict to the portal on every change, the portal's answers in.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.embed.clone(), move |embed| {
            if let Some(e) = embed {
                services::on_parent_message(e.parent.clone(), move |text| dispatch.emit(Action::FromPortal(text)));
            }
        });
        let message = match (&state.embed, &assessment) {
            (Some(to), Some(a)) => evaluation.as_ref().map(|e| {
                (
                    to.parent.clone(),
                    crate::embed::verdict(e, &a.0.answers, to.answers, &a.0.rests_on),
                )
            }),
            _ => None,
        };
        use_effect_with(message, |message| {
            if let Some((parent, text)) = message {
                services::post_to_parent(text, parent);
            }
        });
    }

    // A FHIR record file dropped on the form fills it, as "Fill from patient record" does; a
    // drop anywhere else on the app never lets the browser open the file over the answers.
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let d = dispatch.clone();
        let open = policy.is_some();
        Callback::from(move |e: DragEvent| {
            if open {
                services::read_dropped(&e, services::MAX_RECORD_FILE, RECORD_TOO_LARGE, record_read(d.clone()));
            } else {
                e.prevent_default();
                d.emit(Action::Notice(Some(
                    "Choose a policy first, then drop the patient's record on its form.".into(),
                )));
            }
        })
    };

    html! {
        <>
            <a class="skip" href="#main">{ policies::start::SKIP }</a>
            <header class="masthead">
                <h1>{ policies::start::NAME }</h1>
                <p class="tagline">{ policies::start::TAGLINE }</p>
            </header>
            if state.update_ready {
                <p class="notice update" role="status" id="update">
                    { "A new version of Precheck or of its policies is ready. " }
                    <button type="button" onclick={{
                        let saved = saved_json(state, assessment.as_ref().map(|a| a.0.as_ref())).map(|v| v.to_string());
                        Callback::from(move |_| services::reload_into_new_version(saved.clone()))
                    }}>{ "Reload now (answers are kept)" }</button>
                </p>
            }
            if let Some(notice) = &state.notice {
                <p class="notice" role="status">{ notice }
                    <button type="button" class="link" onclick={dispatch.reform(|_| Action::Notice(None))}>{ "Dismiss" }</button>
                </p>
            }
            <main id="main" tabindex="-1" {ondragover} {ondrop}>{ body }</main>
            <footer class="caveat">{ criteria::CAVEAT }</footer>
        </>
    }
}
