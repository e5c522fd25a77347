//! The policy library at run time: the manifest fetched at start, and a policy's file fetched
//! when it is chosen, its SHA-256 checked against the manifest and the file validated by the
//! engine before use. A bad or tampered file is refused with a message naming it and the
//! problem; every other policy keeps working. The service worker caches them all for offline.

use criteria::LoadedPolicy;
use policies::manifest::{is_intact, Entry, Manifest, MANIFEST};
use yew::Callback;

use crate::services;
use crate::state::{Action, Loaded};

/// Where the library sits beside the page.
const FOLDER: &str = "./policies/";

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
