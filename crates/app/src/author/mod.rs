//! The policy authoring page (`author/`, a bundle of its own, issue 14): open or paste a
//! policy file, see every problem at its line (each one a button to the place), its criteria
//! in the policy's numbering, its cases run with their differences and coverage, what it
//! changes from an earlier version, and where it repeats the source document; try its form
//! and save the answers as a case; download the policy, its cases, or the library with it.
//! Nothing leaves the device. All the checking is `check.rs`, on the authoring core; the form
//! is `trial.rs`; the library beside the page is `library.rs`.

pub mod check;
mod library;
mod report;
mod trial;

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use authoring::cases::Case;
use criteria::LoadedPolicy;

use crate::components::PolicyRef;
use crate::services;
use check::{check, offset_of, with_case, Checked};
use report::{Report, Same};
use trial::Trial;

/// How long typing must pause before the file is checked again, in milliseconds.
const PAUSE_MS: u32 = 200;

/// The largest policy, case or source file the page reads.
const MAX_FILE: f64 = 5_000_000.0;
const TOO_LARGE: &str = "the file is larger than 5 MB";

/// Which of the page's files a file input opens.
#[derive(Clone, Copy)]
enum Opened {
    Policy,
    Cases,
    Source,
    Earlier,
}

impl Opened {
    /// What a file dropped on the page is: the policy document when it is text, a case file
    /// when it has a `cases` key, else the policy file.
    fn of_dropped(name: &str, text: &str) -> Opened {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".txt") || lower.ends_with(".md") {
            return Opened::Source;
        }
        // A `"cases"` key: the policy format has none, and inside a string its quotes would be
        // escaped. Not parsed, so that a case file with a mistake still goes to the cases.
        let key = text
            .match_indices("\"cases\"")
            .any(|(at, k)| !text[..at].ends_with('\\') && text[at + k.len()..].trim_start().starts_with(':'));
        if key {
            Opened::Cases
        } else {
            Opened::Policy
        }
    }
}

/// Puts an opened file's text where it goes.
fn place(
    texts: &UseReducerHandle<Texts>,
    notice: &UseStateHandle<Option<String>>,
    which: Opened,
    name: String,
    text: String,
) {
    let what = match which {
        Opened::Policy => "the policy file",
        Opened::Cases => "its cases",
        Opened::Source => "the policy document",
        Opened::Earlier => "the earlier version",
    };
    notice.set(Some(format!("{name} opened as {what}.")));
    texts.dispatch(Put::Opened(which, name, text));
}

/// The texts the page holds, each with the name it is shown by. A reducer, so that a file read
/// or fetched while another arrives never puts back what was there before either. The files
/// beside the policy are shared (`Rc`): a keystroke copies and compares only the policy's text.
#[derive(Clone, PartialEq, Default)]
struct Texts {
    policy: String,
    cases: Option<Named>,
    source: Option<Named>,
    /// An earlier version of the policy, to see what the revision changes.
    earlier: Option<Named>,
}

/// A file's name and text.
type Named = (String, Rc<str>);

/// A change of one of the texts.
enum Put {
    /// The editor's text, as typed.
    Policy(String),
    Opened(Opened, String, String),
    /// A library policy: the file to write, and the earlier version to compare with.
    Library(String, String),
}

impl Reducible for Texts {
    type Action = Put;

    fn reduce(self: Rc<Self>, put: Put) -> Rc<Self> {
        let mut t = (*self).clone();
        match put {
            Put::Policy(text) | Put::Opened(Opened::Policy, _, text) => t.policy = text,
            Put::Opened(Opened::Cases, name, text) => t.cases = Some((name, text.into())),
            Put::Opened(Opened::Source, name, text) => t.source = Some((name, text.into())),
            Put::Opened(Opened::Earlier, name, text) => t.earlier = Some((name, text.into())),
            Put::Library(file, text) => {
                t.earlier = Some((format!("the library's {file}"), text.as_str().into()));
                t.policy = text;
            }
        }
        Rc::new(t)
    }
}

#[component(Author)]
pub fn author() -> Html {
    let texts = use_reducer(Texts::default);
    let notice = use_state(|| None::<String>);
    // The app's library, fetched only when asked for: (id, title, file) of each policy.
    let library = use_state(|| None::<Vec<(String, String, String)>>);
    let chosen = use_state(String::new);
    let editor = use_node_ref();
    let gutter = use_node_ref();
    // The earlier version, loaded once each time it is opened.
    let earlier: Rc<Option<Result<Rc<LoadedPolicy>, String>>> = use_memo(texts.earlier.clone(), |e| {
        e.as_ref().map(|(name, text)| {
            LoadedPolicy::from_json(name, text)
                .map(Rc::new)
                .map_err(|e| e.to_string())
        })
    });
    // The checks run once typing pauses: a file the size of Kineret's with its 88 cases and an
    // earlier version takes about 0.1 s to check, so each keystroke only updates the text.
    let settled = use_state(|| (*texts).clone());
    {
        let settled = settled.clone();
        use_effect_with((*texts).clone(), move |t| {
            let t = t.clone();
            let timer = gloo::timers::callback::Timeout::new(PAUSE_MS, move || settled.set(t));
            move || drop(timer)
        });
    }
    let checked: Rc<Checked> = {
        let t = (*settled).clone();
        let earlier = earlier.clone();
        use_memo(t, move |t| {
            check(
                &t.policy,
                t.cases.as_ref().map(|(_, s)| &**s),
                t.source.as_ref().map(|(_, s)| &**s),
                earlier.as_ref().as_ref().and_then(|r| r.as_ref().ok()).map(|p| &**p),
            )
        })
    };

    let oninput = {
        let texts = texts.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            texts.dispatch(Put::Policy(value));
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
                Ok(text) => place(&texts, &notice, which, name, text),
                Err(e) => notice.set(Some(format!("{name} could not be read: {e}."))),
            });
        })
    };
    // A file dropped anywhere on the page goes where its kind says.
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (texts, notice) = (texts.clone(), notice.clone());
        Callback::from(move |e: DragEvent| {
            let name = services::dropped_name(&e).unwrap_or_default();
            let (texts, notice) = (texts.clone(), notice.clone());
            services::read_dropped(&e, MAX_FILE, TOO_LARGE, move |result| match result {
                Ok(text) => place(&texts, &notice, Opened::of_dropped(&name, &text), name, text),
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
                match library::manifest().await {
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
    // The library's file is also the earlier version the revision is compared with.
    let open_library = {
        let (texts, notice, chosen) = (texts.clone(), notice.clone(), chosen.clone());
        Callback::from(move |_| {
            let (texts, notice, file) = (texts.clone(), notice.clone(), (*chosen).clone());
            wasm_bindgen_futures::spawn_local(async move {
                match library::policy_file(&file).await {
                    Ok(text) => {
                        notice.set(Some(format!("{file} opened from the library.")));
                        texts.dispatch(Put::Library(file, text));
                    }
                    Err(e) => notice.set(Some(format!("{file} could not be read: {e}."))),
                }
            });
        })
    };
    // "Save the answers as a case": added to the open case file, or to a new one. The same
    // callback until the cases or the policy change, so that the form is not rendered again
    // for every keystroke in the editor.
    let on_case = {
        let (texts, notice) = (texts.clone(), notice.clone());
        let deps = (
            texts.cases.clone(),
            checked.policy.as_ref().map(|p| p.policy.id.clone()),
        );
        use_callback(deps, move |case: Case, (cases, id)| {
            let Some(id) = id else { return };
            let open = cases.as_ref().map(|(name, text)| (name.as_str(), &**text));
            match with_case(open, id, case) {
                Ok((name, text, message)) => {
                    notice.set(Some(message));
                    texts.dispatch(Put::Opened(Opened::Cases, name, text));
                }
                Err(e) => notice.set(Some(e)),
            }
        })
    };
    let download_cases = {
        let (texts, notice) = (texts.clone(), notice.clone());
        Callback::from(move |_| {
            if let Some((name, text)) = &texts.cases {
                if let Err(e) = services::download(name, text, "application/json") {
                    notice.set(Some(format!("The download failed: {e}.")));
                }
            }
        })
    };
    let download_library = {
        let (texts, notice, checked) = (texts.clone(), notice.clone(), checked.clone());
        Callback::from(move |_| {
            let Some(id) = checked.policy.as_ref().map(|p| p.policy.id.clone()) else {
                return;
            };
            let (text, notice) = (texts.policy.clone(), notice.clone());
            notice.set(Some("Building the library…".into()));
            wasm_bindgen_futures::spawn_local(async move {
                let message = match library::with_policy(&id, &text).await {
                    Ok((zip, file)) => match services::download_bytes("precheck-library.zip", &zip, "application/zip") {
                        Ok(()) => format!(
                            "precheck-library.zip holds the library with this policy as policies/{file}, its manifest, and the app's sw.js and index.html renewed for it: unpack it over the deployed app."
                        ),
                        Err(e) => format!("The download failed: {e}."),
                    },
                    Err(e) => format!("The library could not be built: {e}."),
                };
                notice.set(Some(message));
            });
        })
    };
    // A problem's or criterion's button puts the cursor at its place in the file, as the editor
    // holds it now.
    let go = {
        let editor = editor.clone();
        use_callback((), move |(line, column): (usize, usize), _| {
            if let Some(e) = editor.cast::<HtmlTextAreaElement>() {
                let text = e.value();
                let at = text[..offset_of(&text, line, column)].encode_utf16().count() as u32;
                let _ = e.focus();
                let _ = e.set_selection_range(at, at);
                let height = e.scroll_height() as f64 / text.lines().count().max(1) as f64;
                e.set_scroll_top(((line.saturating_sub(3)) as f64 * height) as i32);
            }
        })
    };
    let lines = texts.policy.lines().count().max(1);
    let numbers = use_memo(lines, |lines| {
        (1..=*lines).map(|n| format!("{n}\n")).collect::<String>()
    });
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
            <main id="main" class="author" {ondragover} {ondrop}>
                <div class="actions author-files">
                    <input id="open-policy" class="visually-hidden" type="file" accept="application/json,.json" onchange={open(Opened::Policy)} />
                    <label class="button" for="open-policy">{ "Open a policy file" }</label>
                    <input id="open-cases" class="visually-hidden" type="file" accept="application/json,.json" onchange={open(Opened::Cases)} />
                    <label class="button" for="open-cases">{ "Open its cases" }</label>
                    <input id="open-source" class="visually-hidden" type="file" accept="text/plain,.txt" onchange={open(Opened::Source)} />
                    <label class="button" for="open-source">{ "Open the policy document (text)" }</label>
                    <input id="open-earlier" class="visually-hidden" type="file" accept="application/json,.json" onchange={open(Opened::Earlier)} />
                    <label class="button" for="open-earlier">{ "Open an earlier version" }</label>
                    <button type="button" id="download-policy" onclick={download} disabled={texts.policy.is_empty()}>{ "Download the policy file" }</button>
                    if texts.cases.is_some() {
                        <button type="button" id="download-cases" onclick={download_cases}>{ "Download the cases" }</button>
                    }
                    if valid {
                        <button type="button" onclick={download_library}>{ "Download the library with this policy" }</button>
                    }
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
                            <pre class="gutter" aria-hidden="true" ref={gutter}>{ (*numbers).clone() }</pre>
                            <textarea id="policy-text" ref={editor} aria-label="Policy file (JSON)" spellcheck="false" wrap="off"
                                value={texts.policy.clone()} {oninput} {onscroll} />
                        </div>
                    </section>
                    <Report checked={Same(checked.clone())} earlier={Same(earlier.clone())} {go}
                        cases_name={texts.cases.as_ref().map(|(n, _)| n.clone())}
                        earlier_name={texts.earlier.as_ref().map(|(n, _)| n.clone())} />
                </div>
                if let Some(lp) = &checked.policy {
                    <Trial policy={PolicyRef(lp.clone())} {on_case} />
                }
            </main>
            <footer class="caveat">{ criteria::CAVEAT }</footer>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::Opened;

    #[test]
    fn a_dropped_file_goes_where_its_kind_says() {
        let policy = include_str!("../../../policies/data/abecma.json");
        let cases = include_str!("../../../../tests/cases/abecma.json");
        assert!(matches!(Opened::of_dropped("abecma.json", policy), Opened::Policy));
        assert!(matches!(Opened::of_dropped("c.json", cases), Opened::Cases));
        // A case file with a mistake still goes to the cases, where its problem is shown.
        let broken = cases.replacen("\"as_of\"", "\"as-of\"", 1);
        assert!(matches!(Opened::of_dropped("c.json", &broken), Opened::Cases));
        // "cases" as a value, or inside a label, is not the key.
        let label = r#"{"id": "X", "label": "Two \"cases\": both", "question": "cases"}"#;
        assert!(matches!(Opened::of_dropped("p.json", label), Opened::Policy));
        assert!(matches!(Opened::of_dropped("Policy.TXT", policy), Opened::Source));
    }
}
