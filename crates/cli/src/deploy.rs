//! `precheck deploy DIST --config FILE`: configures a built `dist/` for one portal without a
//! rebuild. It checks the configuration (`interop::smart::Config`), writes it beside the page
//! as `precheck.config.json`, sets the page's CSP `connect-src` to the page's own origin plus
//! exactly the origins the configuration names, and gives the service worker a new version
//! (so open tabs and offline copies pick the change up) with the file in its list.

use std::path::Path;

use interop::smart::Config;
use policies::manifest::sha256_hex;
use policies::site::{renew_worker, with_connect_src};

use crate::CliError;

/// The configuration file's name in `dist/`, as the app fetches it.
pub const CONFIG_FILE: &str = "precheck.config.json";

/// What `deploy` changed, for the one-line report.
#[derive(Debug, PartialEq, Eq)]
pub struct Deployed {
    pub connect_src: String,
    pub version: String,
}

/// Configures the built app in `dist` with the configuration file's text (read from
/// `config_path`, named in errors).
pub fn deploy(dist: &Path, config_path: &str, config_text: &str) -> Result<Deployed, CliError> {
    let config = Config::from_json(config_text).map_err(|problems| CliError::File {
        path: config_path.to_owned(),
        source: Box::new(CliError::Input(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        )),
    })?;
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|source| CliError::Io {
            what: format!("{} (is this a built dist/ folder?)", dist.join(name).display()),
            source,
        })
    };
    let write = |name: &str, text: &str| {
        std::fs::write(dist.join(name), text).map_err(|source| CliError::Io {
            what: dist.join(name).display().to_string(),
            source,
        })
    };
    let config_json = serde_json::to_string_pretty(&config).unwrap_or_default() + "\n";
    let connect_src = std::iter::once("'self'".to_owned())
        .chain(config.connect_origins())
        .collect::<Vec<_>>()
        .join(" ");
    let page = with_connect_src(&read("index.html")?, &connect_src).map_err(CliError::Input)?;
    let stamp = sha256_hex(format!("{page}\0{config_json}").as_bytes());
    let entry = format!("./{CONFIG_FILE}");
    let (worker, version) = renew_worker(&read("sw.js")?, "config", &stamp[..12], |assets| {
        if !assets.contains(&entry) {
            assets.push(entry.clone());
        }
    })
    .map_err(CliError::Input)?;
    write(CONFIG_FILE, &config_json)?;
    write("index.html", &page)?;
    write("sw.js", &worker)?;
    Ok(Deployed { connect_src, version })
}

/// `precheck library build DIR`: validates every policy file of the folder and writes its
/// manifest; when the folder is a built app's (`dist/policies`, a `sw.js` beside it), the
/// service worker caches exactly the folder's files and takes a new version.
pub fn library_build(dir: &Path) -> Result<(policies::manifest::Manifest, Option<String>), CliError> {
    let io = |what: String| move |source| CliError::Io { what, source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir.display().to_string()))? {
        let entry = entry.map_err(io(dir.display().to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name == policies::manifest::MANIFEST {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(io(entry.path().display().to_string()))?;
        files.push((name, bytes));
    }
    let manifest = policies::manifest::build(&files).map_err(|problems| {
        CliError::Input(format!(
            "{} problem(s), no manifest written: {}",
            problems.len(),
            problems
                .iter()
                .map(|p| format!("{}: {}", dir.join(&p.file).display(), p.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let text = manifest.to_json();
    let target = dir.join(policies::manifest::MANIFEST);
    std::fs::write(&target, &text).map_err(io(target.display().to_string()))?;
    let (Some(site), Some(folder)) = (dir.parent(), dir.file_name().map(|n| n.to_string_lossy().into_owned())) else {
        return Ok((manifest, None));
    };
    let worker_path = site.join("sw.js");
    let Ok(worker) = std::fs::read_to_string(&worker_path) else {
        return Ok((manifest, None));
    };
    let stamp = sha256_hex(text.as_bytes());
    let prefix = format!("./{folder}/");
    let mut listed: Vec<String> = manifest
        .policies
        .iter()
        .map(|e| format!("{prefix}{}", e.file))
        .collect();
    listed.push(format!("{prefix}{}", policies::manifest::MANIFEST));
    let (worker, version) = renew_worker(&worker, "library", &stamp[..12], |assets| {
        assets.retain(|a| !a.starts_with(&prefix));
        assets.extend(listed);
    })
    .map_err(CliError::Input)?;
    std::fs::write(&worker_path, worker).map_err(io(worker_path.display().to_string()))?;
    Ok((manifest, Some(version)))
}
