//! `precheck deploy`: a built folder configured for a portal's SMART server, as a portal team
//! runs it: the configuration file written, the CSP's connect-src set to exactly its origins,
//! the service worker renewed; a bad configuration named field by field, the folder untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn precheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_precheck"))
        .args(args)
        .output()
        .expect("precheck runs")
}

/// A folder laid out as `trunk build` leaves it: the repository's page and a built worker.
fn dist(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("precheck-deploy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../index.html")).unwrap();
    std::fs::write(dir.join("index.html"), page).unwrap();
    let worker = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/sw.js"))
        .unwrap()
        .replace("'__PRECHECK_VERSION__'", "\"0123456789abcdef\"")
        .replace("__PRECHECK_ASSETS__", r#"["./", "./app.wasm"]"#);
    std::fs::write(dir.join("sw.js"), worker).unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn connect_src(page: &str) -> String {
    let start = page.find("connect-src ").unwrap() + "connect-src ".len();
    page[start..].split(';').next().unwrap().to_owned()
}

#[test]
fn a_smart_configuration_opens_exactly_its_origins() {
    let dir = dist("good");
    let config = dir.join("portal.json");
    std::fs::write(
        &config,
        r#"{"smart": {"fhir_base_url": "https://ehr.example.org/fhir/r4/", "client_id": "precheck-portal",
        "auth_origin": "https://login.example.org", "name": "Northwind EHR"}, "embed": {"parents": ["https://portal.example.org"]}}"#,
    )
    .unwrap();
    let o = precheck(&["deploy", dir.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&dir, "index.html");
    assert_eq!(
        connect_src(&page),
        "'self' https://ehr.example.org https://login.example.org"
    );
    assert!(
        page.contains("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"),
        "the rest of the CSP is kept"
    );
    let headers = read(&dir, "_headers");
    assert!(
        headers.starts_with("/*\n  Content-Security-Policy: default-src 'self';"),
        "{headers}"
    );
    assert!(
        headers.contains("connect-src 'self' https://ehr.example.org https://login.example.org;"),
        "{headers}"
    );
    assert!(
        headers.contains("; frame-ancestors 'self' https://portal.example.org\n"),
        "{headers}"
    );
    let written: serde_json::Value = serde_json::from_str(&read(&dir, "precheck.config.json")).unwrap();
    assert_eq!(
        written["smart"]["fhir_base_url"], "https://ehr.example.org/fhir/r4",
        "normalized"
    );
    let worker = read(&dir, "sw.js");
    assert!(
        worker.contains(r#""./precheck.config.json""#),
        "the worker caches the configuration"
    );
    let version = |w: &str| w.lines().find(|l| l.starts_with("const VERSION")).unwrap().to_owned();
    let first = version(&worker);
    assert!(first.starts_with("const VERSION = \"0123456789abcdef-"), "{first}");

    // Run again with the same file: nothing changes. Then with `{}`: back to the page's own origin.
    assert!(
        precheck(&["deploy", dir.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        version(&read(&dir, "sw.js")),
        first,
        "the same configuration gives the same version"
    );
    assert_eq!(read(&dir, "sw.js").matches("precheck.config.json").count(), 1);
    std::fs::write(&config, "{}").unwrap();
    assert!(
        precheck(&["deploy", dir.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(connect_src(&read(&dir, "index.html")), "'self'");
    assert!(
        read(&dir, "_headers").contains("frame-ancestors 'self'\n"),
        "no portal may frame it now"
    );
    assert_ne!(
        version(&read(&dir, "sw.js")),
        first,
        "a new configuration reaches open tabs"
    );
}

#[test]
fn a_bad_configuration_names_its_fields_and_changes_nothing() {
    let dir = dist("bad");
    let before = read(&dir, "index.html");
    let config = dir.join("portal.json");
    std::fs::write(
        &config,
        r#"{"smart": {"fhir_base_url": "http://ehr.example.org/fhir", "client_id": ""}}"#,
    )
    .unwrap();
    let o = precheck(&["deploy", dir.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("portal.json") && err.contains("smart.fhir_base_url") && err.contains("smart.client_id"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(read(&dir, "index.html"), before);
    assert!(!dir.join("precheck.config.json").exists());

    let empty = std::env::temp_dir().join(format!("precheck-deploy-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(&config, "{}").unwrap();
    let o = precheck(&["deploy", empty.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("is this a built dist/ folder?"),
        "{err}"
    );
}

#[test]
fn library_build_writes_the_manifest_and_renews_the_worker_or_names_every_problem() {
    let site = dist("library");
    let folder = site.join("policies");
    std::fs::create_dir_all(&folder).unwrap();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/data");
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    let o = precheck(&["library", "build", folder.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("5 policies in manifest.json; service worker version 0123456789abcdef-library."));
    let manifest = policies::manifest::Manifest::from_json(&read(&folder, "manifest.json")).unwrap();
    assert_eq!(manifest.policies.len(), policies::all().len());
    for e in &manifest.policies {
        assert!(
            policies::manifest::is_intact(e, &std::fs::read(folder.join(&e.file)).unwrap()),
            "{}",
            e.file
        );
    }
    let worker = read(&site, "sw.js");
    assert!(worker.contains("\"./policies/kineret.json\"") && worker.contains("\"./policies/manifest.json\""));
    // The page's start screen lists the library, once, between its markers.
    let page = read(&site, "index.html");
    assert_eq!(
        page.matches("class=\"button policy-card\"").count(),
        manifest.policies.len()
    );
    for e in &manifest.policies {
        assert!(page.contains(&format!("data-policy=\"{}\"", e.id)), "{}", e.id);
    }
    assert!(page.contains(policies::start::BEGIN) && page.contains(policies::start::END));

    // Two bad files: both named, with their paths; the manifest is left as it was.
    let before = read(&folder, "manifest.json");
    std::fs::write(folder.join("draft.json"), "{").unwrap();
    std::fs::copy(folder.join("kineret.json"), folder.join("kineret-copy.json")).unwrap();
    let o = precheck(&["library", "build", folder.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("2 problem(s), nothing written") && err.contains("draft.json: ") && err.contains("kineret.json"),
        "{err}"
    );
    assert_eq!(read(&folder, "manifest.json"), before);
    assert_eq!(read(&site, "index.html"), page, "nor the page");
}
