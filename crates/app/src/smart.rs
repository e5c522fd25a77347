//! "Read from the EHR": the SMART App Launch as the app runs it, on `interop::smart`'s pure
//! pieces and `services`' browser calls. The sign-in happens in its own window, so that the
//! screen keeps every answer typed and nothing needs storing; the verifier, the state and the
//! access token live in this task's memory only and are gone when it ends. Only GETs of the
//! resource types the policy's mappings read are sent, and the record they make is filled as
//! a file would be.

use interop::smart::{self, Collected, Launch, SmartError};
use yew::Callback;

use crate::services;
use crate::state::{Action, Ehr};

/// Fetches `precheck.config.json` and tells the state what it found, with the EHR launch's
/// parameters when the EHR opened the page. A missing file means no EHR; a bad one is named.
pub fn configure(dispatch: Callback<Action>) {
    let query = services::query();
    let param = |name: &str| smart::query_param(&query, name);
    let launch = param("iss").zip(param("launch"));
    if launch.is_some() {
        services::clear_query();
    }
    // Shown in a portal's frame: `?embed=1&parent=<origin>[&answers=1]`.
    let embed = (param("embed").as_deref() == Some("1")).then(|| {
        (
            param("parent").unwrap_or_default(),
            param("answers").as_deref() == Some("1"),
        )
    });
    wasm_bindgen_futures::spawn_local(async move {
        let config = match services::fetch("./precheck.config.json", None, None).await {
            Ok((200, text)) => match smart::Config::from_json(&text) {
                Ok(config) => config,
                Err(problems) => {
                    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                    dispatch.emit(Action::Notice(Some(format!(
                        "This deployment's precheck.config.json is not valid ({}); reading from an EHR and embedding are off.",
                        list.join("; ")
                    ))));
                    smart::Config::default()
                }
            },
            _ => smart::Config::default(),
        };
        let embed = embed.map(|(parent, answers)| {
            let allowed = config.may_embed(&parent);
            (parent, answers, allowed)
        });
        dispatch.emit(Action::Configure {
            smart: config.smart,
            launch,
            embed,
        });
    });
}

/// Whether this page is the sign-in window coming back with the EHR's answer; if so it hands
/// the answer to the page that asked and closes.
pub fn is_sign_in_return() -> bool {
    let query = services::query();
    let has = |k: &str| smart::query_param(&query, k).is_some();
    let returned = has("state") && (has("code") || has("error"));
    if returned {
        services::hand_back(&query);
    }
    returned
}

/// Signs in at the EHR and fills the screen from the patient's record. Called from the click,
/// so that the sign-in window opens at once.
pub fn read_record(ehr: &Ehr, policy: std::rc::Rc<criteria::LoadedPolicy>, dispatch: Callback<Action>) {
    let Some(window) = services::open_window("precheck-sign-in") else {
        dispatch.emit(Action::Notice(Some(
            "The sign-in window was blocked: allow pop-ups for this page, then try again. Your answers are unchanged."
                .into(),
        )));
        return;
    };
    let ehr = ehr.clone();
    let name = ehr.config.display_name();
    dispatch.emit(Action::Notice(Some(format!(
        "Sign in at {name} in the window that opened…"
    ))));
    wasm_bindgen_futures::spawn_local(async move {
        match sign_in_and_read(&ehr, &policy, &window, &dispatch).await {
            Ok(record) => dispatch.emit(Action::FillFromRecord(record)),
            Err(e) => {
                let _ = window.close();
                dispatch.emit(Action::Notice(Some(format!(
                    "Nothing was read from {name}: {e}. Your answers are unchanged."
                ))));
            }
        }
    });
}

async fn sign_in_and_read(
    ehr: &Ehr,
    policy: &criteria::LoadedPolicy,
    window: &web_sys::Window,
    dispatch: &Callback<Action>,
) -> Result<String, String> {
    let config = &ehr.config;
    let base = &config.fhir_base_url;
    let allowed = smart::Config {
        smart: Some(config.clone()),
        embed: None,
    }
    .connect_origins();
    let discovery = get(
        &format!("{base}/.well-known/smart-configuration"),
        None,
        "its SMART configuration",
    )
    .await?;
    let endpoints = smart::endpoints(&discovery, &allowed).map_err(|e| e.to_string())?;
    let verifier = smart::code_verifier(&services::random_bytes()?);
    let state = smart::code_verifier(&services::random_bytes()?);
    let launch = match &ehr.launch {
        Some(l) => Launch::Ehr(l.clone()),
        None => Launch::Standalone,
    };
    let redirect_uri = services::redirect_uri();
    let url = smart::authorize_url(
        &endpoints.authorize,
        &smart::Request {
            client_id: &config.client_id,
            redirect_uri: &redirect_uri,
            scope: &smart::scope(policy, &launch),
            state: &state,
            challenge: &smart::code_challenge(&verifier),
            audience: base,
            launch: &launch,
        },
    );
    window
        .location()
        .set_href(&url)
        .map_err(|_| "the sign-in window could not be opened".to_owned())?;
    // Wait for this sign-in's answer; another window's is not ours.
    let code = loop {
        let Some(query) = services::handed_back().await else {
            return Err("the sign-in window gave no answer".into());
        };
        match smart::callback(&query, &state) {
            Err(SmartError::State) => continue,
            other => break other.map_err(|e| e.to_string())?,
        }
    };
    dispatch.emit(Action::Notice(Some(format!(
        "Reading the record from {}…",
        config.display_name()
    ))));
    let body = smart::token_request(&code, &redirect_uri, &config.client_id, &verifier);
    let (status, text) = services::fetch(&endpoints.token, None, Some(&body)).await?;
    // A refused exchange says why in its body (`error`), which `token` reads.
    if status != 200 && status != 400 && status != 401 {
        return Err(SmartError::Http {
            status,
            what: "the token request".into(),
        }
        .to_string());
    }
    let token = smart::token(&text).map_err(|e| e.to_string())?;
    let mut record = Collected::default();
    for read in smart::reads(policy, &token.patient) {
        let what = read.split('?').next().unwrap_or(&read).to_owned();
        let mut url = Some(format!("{base}/{read}"));
        let mut pages = 0;
        while let Some(u) = url.take() {
            let text = get(&u, Some(&token.access_token), &what).await?;
            url = record.add(&what, &text, base).map_err(|e| e.to_string())?;
            pages += 1;
            if pages >= smart::MAX_PAGES {
                break;
            }
        }
    }
    Ok(record.into_record())
}

async fn get(url: &str, bearer: Option<&str>, what: &str) -> Result<String, String> {
    match services::fetch(url, bearer, None).await? {
        (200, text) => Ok(text),
        (status, _) => Err(SmartError::Http {
            status,
            what: what.to_owned(),
        }
        .to_string()),
    }
}
