//! The built site's files that a portal's tools change after the build, as pure text edits:
//! the page's CSP `connect-src` (`precheck deploy`) and the service worker's version and list
//! of files to cache (`precheck deploy`, `precheck library build`), so that open tabs and
//! offline copies pick a change up. Shared by the CLI and the npm package.

/// The page with its CSP's `connect-src` set to `sources`.
pub fn with_connect_src(page: &str, sources: &str) -> Result<String, String> {
    let missing = || "index.html has no Content-Security-Policy with a connect-src directive".to_owned();
    let meta = page
        .find("http-equiv=\"Content-Security-Policy\"")
        .ok_or_else(missing)?;
    let directive = meta + page[meta..].find("connect-src ").ok_or_else(missing)?;
    let value = directive + "connect-src ".len();
    let end = value + page[value..].find([';', '"']).ok_or_else(missing)?;
    Ok(format!("{}{sources}{}", &page[..value], &page[end..]))
}

/// The service worker with its version stamped for one change (`<build>-<part>.<stamp>`: the
/// build's own version kept, one stamp per kind of change) and its list of files edited.
pub fn renew_worker(
    worker: &str,
    part: &str,
    stamp: &str,
    edit: impl FnOnce(&mut Vec<String>),
) -> Result<(String, String), String> {
    let missing = |what: &str| format!("sw.js has no `{what}` line (was it built by `trunk build`?)");
    let mut version = None;
    let mut assets = None;
    let mut lines: Vec<String> = Vec::new();
    for line in worker.lines() {
        if let Some(rest) = line.strip_prefix("const VERSION = ") {
            let old = rest.trim_matches(|c| matches!(c, '"' | '\'' | ';'));
            let mut parts: Vec<String> = old.split('-').map(str::to_owned).collect();
            let tag = format!("{part}.");
            parts.retain(|p| !p.starts_with(&tag));
            parts.push(format!("{part}.{stamp}"));
            parts[1..].sort();
            let v = parts.join("-");
            lines.push(format!("const VERSION = \"{v}\";"));
            version = Some(v);
        } else if let Some(rest) = line.strip_prefix("const ASSETS = ") {
            let list: Vec<String> =
                serde_json::from_str(rest.trim_end_matches(';')).map_err(|_| missing("const ASSETS = [...]"))?;
            assets = Some(lines.len());
            lines.push(serde_json::to_string(&list).unwrap_or_default());
        } else {
            lines.push(line.to_owned());
        }
    }
    let version = version.ok_or_else(|| missing("const VERSION = ..."))?;
    let at = assets.ok_or_else(|| missing("const ASSETS = [...]"))?;
    let mut list: Vec<String> = serde_json::from_str(&lines[at]).unwrap_or_default();
    edit(&mut list);
    lines[at] = format!("const ASSETS = {};", serde_json::to_string(&list).unwrap_or_default());
    Ok((lines.join("\n") + "\n", version))
}

/// What `library build` writes for a folder: the manifest's text, and when the folder is a
/// built app's (its `sw.js` and `index.html` texts given), the renewed worker and its version
/// and the page with the start screen of this library ([`crate::start`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryBuild {
    pub manifest: crate::manifest::Manifest,
    pub manifest_json: String,
    pub worker: Option<(String, String)>,
    pub page: Option<String>,
}

/// `library build` on a folder's files (name, bytes), with the built app's `sw.js` and
/// `index.html` when the folder is `dist/<folder>`: the worker then caches exactly the folder's
/// files, and the page starts with this library's start screen.
pub fn library_build(
    files: &[(String, Vec<u8>)],
    worker: Option<&str>,
    page: Option<&str>,
    folder: &str,
) -> Result<LibraryBuild, Vec<crate::manifest::FileProblem>> {
    use crate::manifest::{build, sha256_hex, FileProblem, MANIFEST};
    let manifest = build(files)?;
    let manifest_json = manifest.to_json();
    let worker = match worker {
        None => None,
        Some(text) => {
            let stamp = sha256_hex(manifest_json.as_bytes());
            let prefix = format!("./{folder}/");
            let mut listed: Vec<String> = manifest
                .policies
                .iter()
                .map(|e| format!("{prefix}{}", e.file))
                .collect();
            listed.push(format!("{prefix}{MANIFEST}"));
            let renewed = renew_worker(text, "library", &stamp[..12], |assets| {
                assets.retain(|a| !a.starts_with(&prefix));
                assets.extend(listed);
            })
            .map_err(|message| {
                vec![FileProblem {
                    file: "../sw.js".into(),
                    message,
                }]
            })?;
            Some(renewed)
        }
    };
    let page = match page {
        None => None,
        Some(text) => Some(crate::start::with_start_screen(text, &manifest).map_err(|message| {
            vec![FileProblem {
                file: "../index.html".into(),
                message,
            }]
        })?),
    };
    Ok(LibraryBuild {
        manifest,
        manifest_json,
        worker,
        page,
    })
}
