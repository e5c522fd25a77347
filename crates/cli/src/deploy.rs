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

/// The response headers a static host should send (Netlify's and Cloudflare Pages' `_headers`
/// format; README shows the same for nginx): the page's CSP with `frame-ancestors`, which only
/// a header can carry, listing exactly the portals that may embed the app.
pub const HEADERS_FILE: &str = "_headers";

fn headers(page: &str, config: &Config) -> String {
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("default-src 'self'");
    format!(
        "/*\n  Content-Security-Policy: {csp}; frame-ancestors {}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n",
        config.frame_ancestors()
    )
}

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
    write(HEADERS_FILE, &headers(&page, &config))?;
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
    let site = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let worker_path = site.join("sw.js");
    let worker = std::fs::read_to_string(&worker_path).ok();
    // The page only beside the worker: the folder is then a built app's.
    let page_path = site.join("index.html");
    let page = worker.as_ref().and_then(|_| std::fs::read_to_string(&page_path).ok());
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let built =
        policies::site::library_build(&files, worker.as_deref(), page.as_deref(), &folder).map_err(|problems| {
            CliError::Input(format!(
                "{} problem(s), nothing written: {}",
                problems.len(),
                problems
                    .iter()
                    .map(|p| format!("{}: {}", dir.join(&p.file).display(), p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?;
    let target = dir.join(policies::manifest::MANIFEST);
    std::fs::write(&target, &built.manifest_json).map_err(io(target.display().to_string()))?;
    if let Some(text) = built.page {
        std::fs::write(&page_path, text).map_err(io(page_path.display().to_string()))?;
    }
    let version = match built.worker {
        Some((text, version)) => {
            std::fs::write(&worker_path, text).map_err(io(worker_path.display().to_string()))?;
            Some(version)
        }
        None => None,
    };
    Ok((built.manifest, version))
}
