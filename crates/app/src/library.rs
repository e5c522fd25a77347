//! The policy library at run time: the manifest read from the page's start screen (or fetched
//! at start where the page has none), and a policy's file fetched when it is chosen, its SHA-256 checked against the manifest and the file validated by the
//! engine before use. A bad or tampered file is refused with a message naming it and the
//! problem; every other policy keeps working. The service worker caches them all for offline.

use criteria::LoadedPolicy;
use policies::manifest::{is_intact, Entry, Manifest, MANIFEST};
use yew::Callback;

use crate::services;
use crate::state::{Action, Loaded};

/// Where the library sits beside the page.
const FOLDER: &str = "./policies/";

/// What the page's static start screen holds when the app starts ([`policies::start`]): the
/// library's manifest, and what the user typed into its search box before the app arrived.
#[derive(Debug, PartialEq)]
pub struct Start {
    pub manifest: Result<Manifest, String>,
    pub query: String,
    pub focused: bool,
}

/// Takes the static start screen out of the page (the app renders the same screen in its
/// place), with what it holds; `None` when the page has none (`trunk serve`).
pub fn take_start_screen() -> Option<Start> {
    use policies::start::{MANIFEST_ID, STATIC_ID, STATIC_SEARCH_ID};
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let data = document.get_element_by_id(MANIFEST_ID)?;
    let manifest = Manifest::from_json(&data.text_content().unwrap_or_default());
    data.remove();
    let input = document
        .get_element_by_id(STATIC_SEARCH_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let query = input.as_ref().map(|i| i.value()).unwrap_or_default();
    let focused = match (input, document.active_element()) {
        (Some(i), Some(active)) => {
            let i: &web_sys::Element = i.as_ref();
            i == &active
        }
        _ => false,
    };
    if let Some(screen) = document.get_element_by_id(STATIC_ID) {
        screen.remove();
    }
    Some(Start {
        manifest,
        query,
        focused,
    })
}

/// Fetches the manifest and hands it to the state.
pub fn load_manifest(dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = match services::fetch(&format!("{FOLDER}{MANIFEST}"), None, None).await {
            Ok((200, text)) => Manifest::from_json(&text),
            Ok((status, _)) => Err(format!("policies/{MANIFEST} answered {status}")),
            Err(e) => Err(e),
        };
        dispatch.emit(Action::LibraryLoaded(result));
    });
}

/// Fetches one policy's file, checks it, and hands it to the state.
pub fn load_policy(entry: Entry, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let file = format!("policies/{}", entry.file);
        let result = match services::fetch(&format!("{FOLDER}{}", entry.file), None, None).await {
            Ok((200, text)) => check(&entry, &file, &text),
            Ok((status, _)) => Err(format!("{file} answered {status}")),
            Err(e) => Err(format!("{file}: {e}")),
        };
        dispatch.emit(Action::PolicyLoaded { id: entry.id, result });
    });
}

/// A file is used only if it is the one the manifest lists and the engine accepts it.
fn check(entry: &Entry, file: &str, text: &str) -> Result<Loaded, String> {
    if !is_intact(entry, text.as_bytes()) {
        return Err(format!(
            "{file} is not the file the library's manifest lists (its SHA-256 differs): it was changed after `precheck library build`, so it is not used"
        ));
    }
    let policy = LoadedPolicy::from_json(file, text).map_err(|e| e.to_string())?;
    if !policy.policy.id.eq_ignore_ascii_case(&entry.id) {
        return Err(format!(
            "{file} holds policy `{}`, not `{}`",
            policy.policy.id, entry.id
        ));
    }
    // Kept for the page's life: a library is a handful of files, each loaded once.
    Ok(Loaded(Box::leak(Box::new(policy))))
}
