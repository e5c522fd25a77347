//! The authoring page's reach into the app's library beside it (`../policies/`), only when the
//! author asks: its list of policies, one policy's file, and the ready-to-deploy library with
//! the file being written in it, as one zip archive of what `precheck library build` would
//! write over the deployed app (`policies/`, `sw.js`, `index.html`).

use policies::manifest::{Manifest, MANIFEST};

use crate::services;

/// The library folder, from the authoring page (`author/`).
const FOLDER: &str = "../policies/";

async fn get(path: &str) -> Result<String, String> {
    match services::fetch(path, None, None).await {
        Ok((200, text)) => Ok(text),
        Ok((status, _)) => Err(format!("{path} answered {status}")),
        Err(e) => Err(format!("{path}: {e}")),
    }
}

/// The library's manifest.
pub async fn manifest() -> Result<Manifest, String> {
    Manifest::from_json(&get(&format!("{FOLDER}{MANIFEST}")).await?)
}

/// One file of the library.
pub async fn policy_file(file: &str) -> Result<String, String> {
    get(&format!("{FOLDER}{file}")).await
}

/// The deployed library with `text` (policy `id`) in it, replacing that policy's file or added
/// beside the others: the archive's bytes, and the file name the policy got in it.
pub async fn with_policy(id: &str, text: &str) -> Result<(Vec<u8>, String), String> {
    let manifest = manifest().await?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut name = None;
    for e in &manifest.policies {
        if e.id.eq_ignore_ascii_case(id) {
            name = Some(e.file.clone());
            continue;
        }
        files.push((e.file.clone(), policy_file(&e.file).await?.into_bytes()));
    }
    let name = name.unwrap_or_else(|| file_name(id, &files));
    files.push((name.clone(), text.as_bytes().to_vec()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // The app's worker and page, when the library is a built app's (as `library build` finds).
    let worker = get("../sw.js").await.ok();
    let page = match worker {
        Some(_) => get("../index.html").await.ok(),
        None => None,
    };
    let built =
        policies::site::library_build(&files, worker.as_deref(), page.as_deref(), "policies").map_err(|problems| {
            problems
                .iter()
                .map(|p| format!("{}: {}", p.file, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
    let mut entries: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(file, bytes)| (format!("policies/{file}"), bytes))
        .collect();
    entries.push((format!("policies/{MANIFEST}"), built.manifest_json.into_bytes()));
    if let Some((worker, _)) = built.worker {
        entries.push(("sw.js".into(), worker.into_bytes()));
    }
    if let Some(page) = built.page {
        entries.push(("index.html".into(), page.into_bytes()));
    }
    Ok((authoring::zip::archive(&entries)?, name))
}

/// A file name for a new policy: its id in lower case, each run of other characters a hyphen,
/// numbered when another file has it.
fn file_name(id: &str, files: &[(String, Vec<u8>)]) -> String {
    let mut stem = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = match stem.trim_matches('-') {
        "" => "policy".to_owned(),
        s => s.to_owned(),
    };
    let taken = |n: &str| files.iter().any(|(f, _)| f.eq_ignore_ascii_case(n));
    let mut name = format!("{stem}.json");
    let mut n = 2;
    while taken(&name) || name == MANIFEST {
        name = format!("{stem}-{n}.json");
        n += 1;
    }
    name
}
