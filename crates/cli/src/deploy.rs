//! `precheck deploy DIST --config FILE`: configures a built `dist/` for one portal without a
//! rebuild. It checks the configuration (`interop::smart::Config`), writes it beside the page
//! as `precheck.config.json`, sets the page's CSP `connect-src` to the page's own origin plus
//! exactly the origins the configuration names, and gives the service worker a new version
//! (so open tabs and offline copies pick the change up) with the file in its list.

use std::path::Path;

use interop::smart::{sha256_hex, Config};

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
    let page = with_connect_src(&read("index.html")?, &connect_src)?;
    let stamp = sha256_hex(format!("{page}\0{config_json}").as_bytes());
    let (worker, version) = with_version(&read("sw.js")?, &stamp[..12])?;
    write(CONFIG_FILE, &config_json)?;
    write("index.html", &page)?;
    write("sw.js", &worker)?;
    Ok(Deployed { connect_src, version })
}

/// The page with its CSP's `connect-src` set to `sources`.
pub fn with_connect_src(page: &str, sources: &str) -> Result<String, CliError> {
    let missing = || CliError::Input("index.html has no Content-Security-Policy with a connect-src directive".into());
    let meta = page
        .find("http-equiv=\"Content-Security-Policy\"")
        .ok_or_else(missing)?;
    let directive = meta + page[meta..].find("connect-src ").ok_or_else(missing)?;
    let value = directive + "connect-src ".len();
    let end = value + page[value..].find([';', '"']).ok_or_else(missing)?;
    Ok(format!("{}{sources}{}", &page[..value], &page[end..]))
}

/// The service worker with its version stamped (`<build>-<stamp>`, the build's own part kept)
/// and the configuration file in its list of files to cache.
pub fn with_version(worker: &str, stamp: &str) -> Result<(String, String), CliError> {
    let missing = |what: &str| CliError::Input(format!("sw.js has no `{what}` line (was it built by `trunk build`?)"));
    let mut version = None;
    let mut lines: Vec<String> = Vec::new();
    for line in worker.lines() {
        if let Some(rest) = line.strip_prefix("const VERSION = ") {
            let build: String = rest
                .trim_matches(|c| matches!(c, '"' | '\'' | ';'))
                .split('-')
                .next()
                .unwrap_or("")
                .to_owned();
            let v = format!("{build}-{stamp}");
            lines.push(format!("const VERSION = \"{v}\";"));
            version = Some(v);
        } else if let Some(rest) = line.strip_prefix("const ASSETS = ") {
            let mut assets: Vec<String> =
                serde_json::from_str(rest.trim_end_matches(';')).map_err(|_| missing("const ASSETS = [...]"))?;
            let entry = format!("./{CONFIG_FILE}");
            if !assets.contains(&entry) {
                assets.push(entry);
            }
            lines.push(format!(
                "const ASSETS = {};",
                serde_json::to_string(&assets).unwrap_or_default()
            ));
        } else {
            lines.push(line.to_owned());
        }
    }
    let version = version.ok_or_else(|| missing("const VERSION = ..."))?;
    if !lines.iter().any(|l| l.starts_with("const ASSETS = ")) {
        return Err(missing("const ASSETS = [...]"));
    }
    Ok((lines.join("\n") + "\n", version))
}
