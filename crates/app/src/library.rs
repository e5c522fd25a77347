//! The policy library at run time: the manifest fetched at start (the page's static start
//! screen stands in until it is here), and a policy's file fetched when it is chosen, its SHA-256 checked against the manifest and the file validated by the
//! engine before use. A bad or tampered file is refused with a message naming it and the
//! problem; every other policy keeps working. The service worker caches them all for offline.

use criteria::LoadedPolicy;
use policies::manifest::{is_intact, Entry, Manifest, MANIFEST};
use yew::Callback;

use crate::services;
use crate::state::{Action, Loaded};

/// Where the library sits beside the page.
const FOLDER: &str = "./policies/";

/// What the user typed into the page's static start screen ([`policies::start`]) before the
/// app arrived, and whether the search box has the focus.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub query: String,
    pub focused: bool,
}

/// Whether the page has a static start screen (not under `trunk serve`).
pub fn has_start_screen() -> bool {
    gloo::utils::document()
        .get_element_by_id(policies::start::STATIC_ID)
        .is_some()
}

/// The app's own start screen is ready: the static one leaves the page, the app's root is
/// shown in its place, and what was typed into the static one is handed over.
pub fn replace_start_screen() -> Option<Typed> {
    use policies::start::{APP_ID, STATIC_ID, STATIC_SEARCH_ID};
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let screen = document.get_element_by_id(STATIC_ID)?;
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
    screen.remove();
    if let Some(root) = document.get_element_by_id(APP_ID) {
        let _ = root.remove_attribute("hidden");
    }
    Some(Typed { query, focused })
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
    Ok(Loaded(std::rc::Rc::new(policy)))
}
