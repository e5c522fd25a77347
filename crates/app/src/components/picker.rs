//! The start screen: find a policy by drug, procedure, policy id or HCPCS/CPT code. Its texts
//! are `policies::start`'s, which the page's static start screen is written from.

use std::rc::Rc;

use policies::manifest::Manifest;
use policies::start::{card_lines, count_text, placeholder, PICKER_TITLE, SEARCH_LABEL};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub query: String,
    /// The library's manifest, or why it could not be read; none while it is fetched.
    pub library: Option<Result<Rc<Manifest>, String>>,
    pub dispatch: Callback<Action>,
}

#[component(Picker)]
pub fn picker(props: &Props) -> Html {
    let library = match &props.library {
        Some(Ok(m)) => m.clone(),
        Some(Err(e)) => {
            return html! {
                <section class="picker" aria-labelledby="picker-title">
                    <h2 id="picker-title">{ PICKER_TITLE }</h2>
                    <p class="warning" role="alert">{ format!("The policy library could not be read: {e}. Reload the page; if this stays, tell the portal's team.") }</p>
                </section>
            }
        }
        None => {
            return html! {
                <section class="picker" aria-labelledby="picker-title">
                    <h2 id="picker-title">{ PICKER_TITLE }</h2>
                    <p class="hint" role="status">{ "Loading the policy library…" }</p>
                </section>
            }
        }
    };
    let found = library.search(&props.query);
    let code = props.query.trim();
    let code_hits = library.lookup(code);
    let oninput = props
        .dispatch
        .reform(|e: InputEvent| Action::Search(e.target_unchecked_into::<HtmlInputElement>().value()));
    html! {
        <section class="picker" aria-labelledby="picker-title">
            <h2 id="picker-title">{ PICKER_TITLE }</h2>
            <label for="policy-search">{ SEARCH_LABEL }</label>
            <input id="policy-search" type="search" autocomplete="off" value={props.query.clone()} {oninput}
                placeholder={placeholder(&library)} aria-describedby="picker-count" />
            <p id="picker-count" class="hint" aria-live="polite">
                { count_text(found.len()) }
            </p>
            <ul class="policy-list">
                { for found.iter().map(|p| {
                    let id = p.id.clone();
                    let hit = code_hits.iter().find(|e| e.policy == p.id);
                    let [meta, review] = card_lines(p);
                    html! {
                        <li key={id.clone()}>
                            <button type="button" class="policy-card" data-policy={id.clone()}
                                onclick={props.dispatch.reform(move |_| Action::Pick(id.clone()))}>
                                <span class="policy-title">{ &p.title }</span>
                                <span class="policy-meta">{ meta }</span>
                                <span class="policy-meta">{ review }</span>
                                if let Some(e) = hit {
                                    <span class="policy-code">{ format!("{} {}: {}", e.system, e.code, e.label) }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
