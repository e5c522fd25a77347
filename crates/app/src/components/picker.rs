//! The start screen: find a policy by drug, procedure, policy id or HCPCS/CPT code.

use std::rc::Rc;

use policies::manifest::Manifest;
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
                    <h2 id="picker-title">{ "Which policy?" }</h2>
                    <p class="warning" role="alert">{ format!("The policy library could not be read: {e}. Reload the page; if this stays, tell the portal's team.") }</p>
                </section>
            }
        }
        None => {
            return html! {
                <section class="picker" aria-labelledby="picker-title">
                    <h2 id="picker-title">{ "Which policy?" }</h2>
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
            <h2 id="picker-title">{ "Which policy?" }</h2>
            <label for="policy-search">{ "Search by drug, procedure, policy id or HCPCS/CPT code" }</label>
            <input id="policy-search" type="search" autocomplete="off" value={props.query.clone()} {oninput}
                placeholder={placeholder(&library)} aria-describedby="picker-count" />
            <p id="picker-count" class="hint" aria-live="polite">
                { match found.len() { 0 => "No policy matches.".to_owned(), 1 => "1 policy matches.".to_owned(), n => format!("{n} policies match.") } }
            </p>
            <ul class="policy-list">
                { for found.iter().map(|p| {
                    let id = p.id.clone();
                    let hit = code_hits.iter().find(|e| e.policy == p.id);
                    let lobs: Vec<&str> = p.lines_of_business.iter().map(|l| l.label()).collect();
                    html! {
                        <li key={id.clone()}>
                            <button type="button" class="policy-card" data-policy={id.clone()}
                                onclick={props.dispatch.reform(move |_| Action::Pick(id.clone()))}>
                                <span class="policy-title">{ &p.title }</span>
                                <span class="policy-meta">{ format!("{} · {} · {}", p.id, p.issuer, lobs.join(", ")) }</span>
                                <span class="policy-meta">{ format!("Last reviewed {}", p.last_review) }</span>
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

/// An example of each way to search, taken from the library itself (a keyword of one policy,
/// another's id, a code), so that no policy is named in code.
fn placeholder(library: &Manifest) -> String {
    let all = &library.policies;
    let keyword = all.first().and_then(|p| p.keywords.first()).map(String::as_str);
    let id = all.get(1).or(all.first()).map(|p| p.id.as_str());
    let code = all.iter().find_map(|p| p.codes.first()).map(|c| c.code.as_str());
    let examples: Vec<&str> = [keyword, id, code].into_iter().flatten().collect();
    if examples.is_empty() {
        String::new()
    } else {
        format!("e.g. {}", examples.join(", "))
    }
}
