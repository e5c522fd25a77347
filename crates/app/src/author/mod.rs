//! The policy authoring page (`author/`, a bundle of its own, issue 14): open or paste a
//! policy file, see every problem at its line (each one a button to the place), its criteria
//! in the policy's numbering, its cases run with their differences and coverage, and where it
//! repeats the source document; download it. Nothing leaves the device. All the checking is
//! `check.rs`, on the authoring core.

pub mod check;

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::services;
use check::{check, offset_of, Cases, Checked};

/// The largest policy, case or source file the page reads.
const MAX_FILE: f64 = 5_000_000.0;
const TOO_LARGE: &str = "the file is larger than 5 MB";

/// Which of the page's files a file input opens.
#[derive(Clone, Copy)]
enum Opened {
    Policy,
    Cases,
    Source,
}

#[derive(Clone, PartialEq, Default)]
struct Texts {
    policy: String,
    cases: Option<(String, String)>,
    source: Option<(String, String)>,
}

#[component(Author)]
pub fn author() -> Html {
    let texts = use_state(Texts::default);
    let notice = use_state(|| None::<String>);
    // The app's library, fetched only when asked for: (id, title, file) of each policy.
    let library = use_state(|| None::<Vec<(String, String, String)>>);
    let chosen = use_state(String::new);
    let editor = use_node_ref();
    let gutter = use_node_ref();
    let checked: Rc<Checked> = {
        let t = (*texts).clone();
        use_memo(t, |t| {
            check(
                &t.policy,
                t.cases.as_ref().map(|(_, s)| s.as_str()),
                t.source.as_ref().map(|(_, s)| s.as_str()),
            )
        })
    };

    let oninput = {
        let texts = texts.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            texts.set(Texts {
                policy: value,
                ..(*texts).clone()
            });
        })
    };
    let onscroll = {
        let (editor, gutter) = (editor.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(e), Some(g)) = (editor.cast::<HtmlTextAreaElement>(), gutter.cast::<web_sys::Element>()) {
                g.set_scroll_top(e.scroll_top());
            }
        })
    };
    // Opening a file: the policy replaces the text; cases and source sit beside it.
    let open = |which: Opened| {
        let texts = texts.clone();
        let notice = notice.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let name = input
                .files()
                .and_then(|f| f.get(0))
                .map(|f| f.name())
                .unwrap_or_default();
            let (texts, notice) = (texts.clone(), notice.clone());
            services::read_file(&input, MAX_FILE, TOO_LARGE, move |result| match result {
                Ok(text) => {
                    let mut t = (*texts).clone();
                    match which {
                        Opened::Policy => t.policy = text,
                        Opened::Cases => t.cases = Some((name.clone(), text)),
                        Opened::Source => t.source = Some((name.clone(), text)),
                    }
                    texts.set(t);
                    notice.set(Some(format!("{name} opened.")));
                }
                Err(e) => notice.set(Some(format!("{name} could not be read: {e}."))),
            });
        })
    };
    let download = {
        let texts = texts.clone();
        let checked = checked.clone();
        let notice = notice.clone();
        Callback::from(move |_| {
            let name = checked
                .policy
                .as_ref()
                .map_or("policy.json".to_owned(), |p| format!("{}.json", p.policy.id));
            if let Err(e) = services::download(&name, &texts.policy, "application/json") {
                notice.set(Some(format!("The download failed: {e}.")));
            }
        })
    };
    // Starting from a policy of the library beside the page (`../policies/`), on request.
    let list_library = {
        let (library, notice, chosen) = (library.clone(), notice.clone(), chosen.clone());
        Callback::from(move |_| {
            let (library, notice, chosen) = (library.clone(), notice.clone(), chosen.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = match services::fetch("../policies/manifest.json", None, None).await {
                    Ok((200, text)) => policies::manifest::Manifest::from_json(&text),
                    Ok((status, _)) => Err(format!("the library answered {status}")),
                    Err(e) => Err(e),
                };
                match read {
                    Ok(m) => {
                        let list: Vec<(String, String, String)> =
                            m.policies.into_iter().map(|e| (e.id, e.title, e.file)).collect();
                        chosen.set(list.first().map(|(_, _, f)| f.clone()).unwrap_or_default());
                        library.set(Some(list));
                    }
                    Err(e) => notice.set(Some(format!("The library could not be read: {e}."))),
                }
            });
        })
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let open_library = {
        let (texts, notice, chosen) = (texts.clone(), notice.clone(), chosen.clone());
        Callback::from(move |_| {
            let (texts, notice, file) = (texts.clone(), notice.clone(), (*chosen).clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::fetch(&format!("../policies/{file}"), None, None).await {
                    Ok((200, text)) => {
                        texts.set(Texts {
                            policy: text,
                            ..(*texts).clone()
                        });
                        notice.set(Some(format!("{file} opened from the library.")));
                    }
                    Ok((status, _)) => notice.set(Some(format!("{file}: the library answered {status}."))),
                    Err(e) => notice.set(Some(format!("{file} could not be read: {e}."))),
                }
            });
        })
    };
    // A problem's button puts the cursor at its place in the file.
    let go = {
        let editor = editor.clone();
        let texts = texts.clone();
        move |line: usize, column: usize| {
            let editor = editor.clone();
            let text = texts.policy.clone();
            Callback::from(move |_| {
                if let Some(e) = editor.cast::<HtmlTextAreaElement>() {
                    let at = text[..offset_of(&text, line, column)].encode_utf16().count() as u32;
                    let _ = e.focus();
                    let _ = e.set_selection_range(at, at);
                    let height = e.scroll_height() as f64 / text.lines().count().max(1) as f64;
                    e.set_scroll_top(((line.saturating_sub(3)) as f64 * height) as i32);
                }
            })
        }
    };

    let lines = texts.policy.lines().count().max(1);
    let numbers: String = (1..=lines).map(|n| format!("{n}\n")).collect();
    let status = match (&checked.policy, checked.problems.len()) {
        (Some(p), _) => format!(
            "Valid: {} ({} questions, {} criteria).",
            p.policy.id,
            p.policy.questions.len(),
            p.criterion_ids().len()
        ),
        (None, 0) => "Paste a policy file, or open one.".to_owned(),
        (None, 1) => "1 problem.".to_owned(),
        (None, n) => format!("{n} problems."),
    };
    let valid = checked.policy.is_some();

    html! {
        <>
            <a class="skip" href="#policy-text">{ "Skip to the policy file" }</a>
            <header class="masthead">
                <h1>{ "Precheck" }</h1>
                <p class="tagline">{ "Write a policy file and check it against its cases. It runs in this browser: nothing leaves this device." }</p>
            </header>
            if let Some(n) = &*notice {
                <p class="notice" role="status">{ n }</p>
            }
            <main id="main" class="author">
                <div class="actions author-files">
                    <input id="open-policy" class="visually-hidden" type="file" accept="application/json,.json" onchange={open(Opened::Policy)} />
                    <label class="button" for="open-policy">{ "Open a policy file" }</label>
                    <input id="open-cases" class="visually-hidden" type="file" accept="application/json,.json" onchange={open(Opened::Cases)} />
                    <label class="button" for="open-cases">{ "Open its cases" }</label>
                    <input id="open-source" class="visually-hidden" type="file" accept="text/plain,.txt" onchange={open(Opened::Source)} />
                    <label class="button" for="open-source">{ "Open the policy document (text)" }</label>
                    <button type="button" onclick={download} disabled={texts.policy.is_empty()}>{ "Download the policy file" }</button>
                    if let Some(list) = &*library {
                        <label for="library-policy">{ "Library policy" }</label>
                        <select id="library-policy" onchange={on_choose}>
                            { for list.iter().map(|(id, title, file)| html! {
                                <option value={file.clone()} selected={*file == *chosen}>{ format!("{id}: {title}") }</option>
                            }) }
                        </select>
                        <button type="button" onclick={open_library}>{ "Open the chosen policy" }</button>
                    } else {
                        <button type="button" onclick={list_library}>{ "Start from a library policy" }</button>
                    }
                </div>
                <div class="author-grid">
                    <section aria-labelledby="editor-title">
                        <h2 id="editor-title">{ "Policy file" }</h2>
                        <div class="editor">
                            <pre class="gutter" aria-hidden="true" ref={gutter}>{ numbers }</pre>
                            <textarea id="policy-text" ref={editor} aria-label="Policy file (JSON)" spellcheck="false" wrap="off"
                                value={texts.policy.clone()} {oninput} {onscroll} />
                        </div>
                    </section>
                    <section aria-labelledby="check-title" class="author-check">
                        <h2 id="check-title">{ "Check" }</h2>
                        <p id="author-status" role="status" class={if valid { "ok" } else { "hint" }}>{ status }</p>
                        if !checked.problems.is_empty() {
                            <ul class="problems" aria-label="Problems">
                                { for checked.problems.iter().map(|p| html! {
                                    <li><button type="button" class="link" onclick={go(p.line, p.column)}>
                                        { format!("Line {}, column {}: {}: {}", p.line, p.column, p.path, p.message) }
                                    </button></li>
                                }) }
                            </ul>
                        }
                        { cases_view(&checked.cases, texts.cases.as_ref().map(|(n, _)| n.as_str())) }
                        if !checked.copies.is_empty() {
                            <h3>{ "Repeats the policy document" }</h3>
                            <p class="hint">{ "Paraphrase these and cite the criterion number instead." }</p>
                            <ul class="copies">
                                { for checked.copies.iter().map(|c| html! {
                                    <li><button type="button" class="link" onclick={go(c.line, 1)}>
                                        { format!("Line {}: {} repeats {} words: \u{201c}{}\u{201d}", c.line, c.path, c.count, c.words) }
                                    </button></li>
                                }) }
                            </ul>
                        }
                        if valid {
                            <h3>{ "Criteria" }</h3>
                            <ul class="outline">
                                { for checked.outline.iter().map(|r| html! {
                                    <li class={format!("depth-{}", r.depth.min(8))}>
                                        <button type="button" class="link" onclick={go(r.line, 1)}>
                                            <span class="criterion-id">{ &r.id }</span>{ " " }{ &r.label }
                                        </button>
                                        if let Some((line, passage)) = &r.source {
                                            <details class="passage">
                                                <summary>{ format!("The document, line {line}") }</summary>
                                                <p>{ passage }</p>
                                            </details>
                                        }
                                    </li>
                                }) }
                            </ul>
                        }
                    </section>
                </div>
            </main>
            <footer class="caveat">{ criteria::CAVEAT }</footer>
        </>
    }
}

fn cases_view(cases: &Cases, name: Option<&str>) -> Html {
    let name = name.unwrap_or("the case file");
    match cases {
        Cases::None => Html::default(),
        Cases::Refused(e) => html! { <p class="warning" role="alert">{ e }</p> },
        Cases::Ran { rows, coverage } => {
            let passed = rows.iter().filter(|r| r.differences.is_empty()).count();
            html! {
                <>
                    <h3>{ format!("Cases: {passed} of {} pass ({name})", rows.len()) }</h3>
                    <ul class="cases">
                        { for rows.iter().map(|r| html! {
                            <li class={if r.differences.is_empty() { "case pass" } else { "case fail" }}>
                                <span class="case-status">{ if r.differences.is_empty() { "Passes" } else { "Fails" } }</span>
                                { format!(": {}", r.name) }
                                if !r.differences.is_empty() {
                                    <ul>{ for r.differences.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                                }
                            </li>
                        }) }
                    </ul>
                    <h3>{ "Coverage" }</h3>
                    <p class="hint">{ format!("{} of {} criteria seen failing.", coverage.criteria - coverage.never_failed.len(), coverage.criteria) }</p>
                    <ul class="coverage">
                        { for coverage.never_failed.iter().map(|id| html! { <li>{ format!("{id}: no case fails it") }</li> }) }
                        { for coverage.alternatives_never_met.iter().map(|id| html! { <li>{ format!("{id}: an alternative no case meets") }</li> }) }
                    </ul>
                </>
            }
        }
    }
}
