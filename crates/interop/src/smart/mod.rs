//! SMART App Launch (HL7 SMART App Launch 2.x) as a public client with PKCE, as pure
//! functions: the deploy-time configuration (`precheck.config.json`, read by the app at start
//! and written by `precheck deploy`), the scopes and the reads a policy's mappings need, the
//! authorization request, the token exchange and the collection of what the server returns
//! into one record for [`crate::prefill`]. The app does the fetching; nothing here is written
//! to the server, and only the resource types the mappings read are asked for.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use criteria::model::{Coding, FhirResource};
use criteria::LoadedPolicy;

/// The deployment's configuration file, `precheck.config.json` beside `index.html`. Every part
/// is optional: without it the app runs as built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smart: Option<SmartConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed: Option<EmbedConfig>,
}

/// The portals that may show the app in an `<iframe>` and receive its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    /// Their origins (`https://portal.example.org`): the only pages that may frame the app
    /// (the CSP's `frame-ancestors`) and the only ones a verdict is posted to.
    pub parents: Vec<String>,
}

/// One FHIR server the app may read a patient's record from, after the user signs in there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmartConfig {
    /// The FHIR R4 base URL (`https://ehr.example.org/fhir/r4`); an EHR launch must name it as
    /// its `iss`.
    pub fhir_base_url: String,
    /// The client id the EHR registered for this deployment (a public client: no secret).
    pub client_id: String,
    /// The authorization server's origin, when its token endpoint is not on the FHIR server's
    /// origin; the page may connect to it and to the FHIR server, nowhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_origin: Option<String>,
    /// A name for the EHR the user recognizes ("Northwind EHR"); the FHIR server's host when
    /// not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A problem with the configuration file, at a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigProblem {
    pub path: String,
    pub message: String,
}

impl Config {
    /// Reads and checks a configuration file; every problem is named by its field.
    pub fn from_json(text: &str) -> Result<Config, Vec<ConfigProblem>> {
        let problem = |path: &str, message: String| ConfigProblem {
            path: path.into(),
            message,
        };
        let mut config: Config = serde_json::from_str(text).map_err(|e| vec![problem("$", e.to_string())])?;
        let mut problems = Vec::new();
        if let Some(smart) = &mut config.smart {
            let base = smart.fhir_base_url.trim_end_matches('/').to_owned();
            match origin(&base) {
                Err(message) => problems.push(problem("smart.fhir_base_url", message)),
                Ok(_) if base.contains(['?', '#']) => problems.push(problem(
                    "smart.fhir_base_url",
                    "a FHIR base URL has no query or fragment".into(),
                )),
                Ok(_) => smart.fhir_base_url = base,
            }
            let id = &smart.client_id;
            if id.is_empty() || id.len() > 200 || !id.chars().all(|c| c.is_ascii_graphic()) {
                problems.push(problem(
                    "smart.client_id",
                    "a client id is 1 to 200 printable characters with no spaces".into(),
                ));
            }
            if let Some(auth) = &smart.auth_origin {
                match origin(auth) {
                    Ok(o) if o == auth.trim_end_matches('/') => smart.auth_origin = Some(o),
                    Ok(o) => problems.push(problem(
                        "smart.auth_origin",
                        format!("an origin has no path: write {o}"),
                    )),
                    Err(message) => problems.push(problem("smart.auth_origin", message)),
                }
            }
            if smart.name.as_ref().is_some_and(|n| n.trim().is_empty() || n.len() > 80) {
                problems.push(problem("smart.name", "a name is 1 to 80 characters".into()));
            }
        }
        if let Some(embed) = &mut config.embed {
            if embed.parents.is_empty() {
                problems.push(problem(
                    "embed.parents",
                    "list at least one portal origin, or leave `embed` out".into(),
                ));
            }
            for (i, parent) in embed.parents.iter_mut().enumerate() {
                let path = format!("embed.parents[{i}]");
                match origin(parent) {
                    Ok(o) if o == parent.trim_end_matches('/').to_ascii_lowercase() => *parent = o,
                    Ok(o) => problems.push(problem(&path, format!("an origin has no path: write {o}"))),
                    Err(message) => problems.push(problem(&path, message)),
                }
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Whether a portal at `origin` may frame the app and receive its verdict.
    pub fn may_embed(&self, origin: &str) -> bool {
        self.embed
            .as_ref()
            .is_some_and(|e| e.parents.iter().any(|p| p == origin))
    }

    /// The CSP's `frame-ancestors`: the configured portals, or none.
    pub fn frame_ancestors(&self) -> String {
        match &self.embed {
            Some(e) => std::iter::once("'self'".to_owned())
                .chain(e.parents.iter().cloned())
                .collect::<Vec<_>>()
                .join(" "),
            None => "'self'".into(),
        }
    }

    /// The origins the page may connect to besides its own, for the CSP's `connect-src`.
    pub fn connect_origins(&self) -> Vec<String> {
        let mut out = BTreeSet::new();
        if let Some(smart) = &self.smart {
            if let Ok(o) = origin(&smart.fhir_base_url) {
                out.insert(o);
            }
            out.extend(smart.auth_origin.iter().cloned());
        }
        out.into_iter().collect()
    }
}

impl SmartConfig {
    /// What the user is told the record comes from.
    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| {
            origin(&self.fhir_base_url)
                .map(|o| o.split("://").nth(1).unwrap_or(&o).to_owned())
                .unwrap_or_else(|_| self.fhir_base_url.clone())
        })
    }

    /// Whether an EHR launch's `iss` is this server (the same URL, up to a final slash).
    pub fn is_issuer(&self, iss: &str) -> bool {
        iss.trim_end_matches('/') == self.fhir_base_url
    }
}

/// The origin of an `https` URL (or an `http` one on this machine, for tests), serialized as
/// a browser does: lower-case scheme and host, the default port left out.
pub fn origin(url: &str) -> Result<String, String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("{url:?} is not an absolute URL"));
    };
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("a URL with a user name or password is not allowed".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => match p.parse::<u16>() {
            Ok(n) if n > 0 => (h, Some(n)),
            _ => return Err(format!("{url:?} has a bad port")),
        },
        Some(_) => return Err(format!("{url:?} has a bad port")),
        None => (authority, None),
    };
    let host = host.to_ascii_lowercase();
    let label_ok =
        |l: &str| !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
        return Err(format!("{url:?} has no valid host name"));
    }
    let local = host == "localhost" || host == "127.0.0.1";
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" if local => 80,
        "http" => {
            return Err(format!(
                "{url:?} is not https (plain http is allowed only on localhost)"
            ))
        }
        _ => return Err(format!("{url:?} is neither https nor http")),
    };
    Ok(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// How the app was started: from inside the EHR with a launch context, or by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launch {
    /// EHR launch: the `launch` parameter the EHR passed, handed back to its authorization
    /// server so that the patient open in the EHR is the one read.
    Ehr(String),
    /// Standalone launch: the user picks the patient at the authorization server.
    Standalone,
}

/// What a policy's mappings read of a patient's record: per resource type, the codes that
/// narrow its search, or `None` where a search cannot be narrowed (medications, matched by name
/// too). A `lines` mapping reads the record's evidence of progression too (disease-status
/// Observations and relapse Conditions, by the rule's codes). A PractitionerRole is the
/// prescriber's, not in the patient's compartment: it is read from a record file, and typed when
/// the record comes from the EHR.
fn needs(policy: &LoadedPolicy) -> Needs<'_> {
    let mut out = Needs::new();
    for f in policy.policy.questions.iter().filter_map(|q| q.fhir.as_ref()) {
        let codes = || Some(f.codes.iter().chain(f.options.values().flatten()).collect::<Vec<_>>());
        match f.resource {
            FhirResource::Patient => need(&mut out, "Patient", Some(Vec::new())),
            FhirResource::Observation => need(&mut out, "Observation", codes()),
            FhirResource::Condition => need(&mut out, "Condition", codes()),
            FhirResource::Procedure => need(&mut out, "Procedure", codes()),
            FhirResource::Medication => {
                for t in ["MedicationAdministration", "MedicationRequest", "MedicationStatement"] {
                    need(&mut out, t, None);
                }
            }
            FhirResource::PractitionerRole => {}
        }
        if let Some(rule) = &f.lines {
            need(&mut out, "Observation", Some(rule.progression.iter().collect()));
            need(&mut out, "Condition", Some(rule.progression.iter().collect()));
            if !rule.therapies.is_empty() {
                need(&mut out, "Procedure", Some(rule.therapies.iter().collect()));
            }
        }
    }
    out
}

/// Per resource type, the (system, code) pairs its search is narrowed to, or `None`.
type Needs<'p> = BTreeMap<&'static str, Option<BTreeSet<(&'p str, &'p str)>>>;

/// Adds a resource type read, narrowed to `codes` (`None`: not narrowed, whatever else asks).
fn need<'p>(out: &mut Needs<'p>, t: &'static str, codes: Option<Vec<&'p Coding>>) {
    let entry = out.entry(t).or_insert_with(|| Some(BTreeSet::new()));
    match (entry.as_mut(), codes) {
        (Some(set), Some(codes)) => set.extend(codes.into_iter().map(|c| (c.system.as_str(), c.code.as_str()))),
        _ => *entry = None,
    }
}

/// The FHIR resource types of the patient's record that `policy`'s mappings read, in a stable
/// order.
pub fn resource_types(policy: &LoadedPolicy) -> Vec<&'static str> {
    needs(policy).into_keys().collect()
}

/// The scopes to ask for: the launch context and read access to exactly the resource types
/// the policy's mappings read (SMART v1 `.read` scopes, which v2 servers also accept). The
/// patient's own record is always read, for whom the answers are.
pub fn scope(policy: &LoadedPolicy, launch: &Launch) -> String {
    let mut types = resource_types(policy);
    if !types.contains(&"Patient") {
        types.insert(0, "Patient");
    }
    let context = match launch {
        Launch::Ehr(_) => "launch",
        Launch::Standalone => "launch/patient",
    };
    let reads = types.iter().map(|t| format!("patient/{t}.read"));
    std::iter::once(context.to_owned())
        .chain(reads)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The reads, relative to the FHIR base URL, that give a policy what its mappings need for one
/// patient: the patient, and a search per resource type narrowed to the mapped codes where the
/// mappings name them (drugs are matched by name too, so medication searches are not narrowed).
pub fn reads(policy: &LoadedPolicy, patient: &str) -> Vec<String> {
    let mut out = vec![format!("Patient/{}", encode(patient))];
    for (t, codes) in needs(policy) {
        if t == "Patient" {
            continue;
        }
        let mut url = format!("{t}?patient={}&_count=200", encode(patient));
        if let Some(codes) = codes.filter(|c| !c.is_empty()) {
            let codes: Vec<String> = codes
                .into_iter()
                .map(|(system, code)| format!("{}%7C{}", encode(system), encode(code)))
                .collect();
            url.push_str("&code=");
            url.push_str(&codes.join(","));
        }
        out.push(url);
    }
    out
}

/// A PKCE code verifier from 32 random bytes (43 characters, RFC 7636 §4.1).
pub fn code_verifier(random: &[u8; 32]) -> String {
    base64url(random)
}

/// The S256 code challenge of a verifier (RFC 7636 §4.2).
pub fn code_challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// What one authorization request carries besides the server's endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scope: &'a str,
    pub state: &'a str,
    pub challenge: &'a str,
    /// The FHIR base URL the token is for (`aud`).
    pub audience: &'a str,
    pub launch: &'a Launch,
}

/// The URL the user is sent to, to sign in and allow the reads.
pub fn authorize_url(endpoint: &str, r: &Request<'_>) -> String {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", r.client_id),
        ("redirect_uri", r.redirect_uri),
        ("scope", r.scope),
        ("state", r.state),
        ("aud", r.audience),
        ("code_challenge", r.challenge),
        ("code_challenge_method", "S256"),
    ];
    if let Launch::Ehr(launch) = r.launch {
        params.push(("launch", launch));
    }
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}{}", form(&params))
}

/// The token request's body (`application/x-www-form-urlencoded`).
pub fn token_request(code: &str, redirect_uri: &str, client_id: &str, verifier: &str) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("code_verifier", verifier),
    ])
}

/// Why reading the record from the EHR stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmartError {
    #[error("the EHR's SMART configuration could not be read: {0}")]
    Discovery(String),
    #[error("the EHR's {what} ({url}) is not on an origin this deployment may connect to ({allowed}); the portal team must add it as smart.auth_origin")]
    NotAllowed {
        what: &'static str,
        url: String,
        allowed: String,
    },
    #[error("the EHR does not offer PKCE with S256, which this app requires")]
    NoPkce,
    #[error("the sign-in was not completed ({0})")]
    Denied(String),
    #[error("the sign-in answer does not belong to this request (its state differs); nothing was read")]
    State,
    #[error("the EHR's token answer could not be used: {0}")]
    Token(String),
    #[error("the EHR did not say which patient to read")]
    NoPatient,
    #[error("the EHR answered {status} to {what}")]
    Http { status: u16, what: String },
    #[error("the EHR's answer to {what} is not FHIR JSON: {message}")]
    NotFhir { what: String, message: String },
    #[error("the record from the EHR is larger than {0} MB; nothing was filled")]
    TooLarge(usize),
}

/// The endpoints from `.well-known/smart-configuration`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorize: String,
    pub token: String,
}

/// Reads the server's SMART configuration and checks that the page may reach its token
/// endpoint (`allowed`: the config's connect origins).
pub fn endpoints(text: &str, allowed: &[String]) -> Result<Endpoints, SmartError> {
    #[derive(Deserialize)]
    struct Discovery {
        authorization_endpoint: Option<String>,
        token_endpoint: Option<String>,
        #[serde(default)]
        code_challenge_methods_supported: Option<Vec<String>>,
    }
    let d: Discovery = serde_json::from_str(text).map_err(|e| SmartError::Discovery(e.to_string()))?;
    let (Some(authorize), Some(token)) = (d.authorization_endpoint, d.token_endpoint) else {
        return Err(SmartError::Discovery(
            "it names no authorization or no token endpoint".into(),
        ));
    };
    for (what, url) in [("authorization endpoint", &authorize), ("token endpoint", &token)] {
        origin(url).map_err(SmartError::Discovery)?;
        if what == "token endpoint" && !origin(url).is_ok_and(|o| allowed.contains(&o)) {
            return Err(SmartError::NotAllowed {
                what,
                url: url.clone(),
                allowed: allowed.join(", "),
            });
        }
    }
    // SMART 2 servers list S256; an older one that lists nothing is tried.
    if d.code_challenge_methods_supported
        .is_some_and(|m| !m.iter().any(|m| m == "S256"))
    {
        return Err(SmartError::NoPkce);
    }
    Ok(Endpoints { authorize, token })
}

/// The access the token exchange gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub access_token: String,
    /// The patient in context, a FHIR id.
    pub patient: String,
}

/// Reads the token endpoint's answer.
pub fn token(text: &str) -> Result<Token, SmartError> {
    #[derive(Deserialize)]
    struct Answer {
        access_token: Option<String>,
        token_type: Option<String>,
        patient: Option<String>,
        error: Option<String>,
        error_description: Option<String>,
    }
    let a: Answer = serde_json::from_str(text).map_err(|e| SmartError::Token(e.to_string()))?;
    if let Some(error) = a.error {
        return Err(SmartError::Token(match a.error_description {
            Some(d) => format!("{error}: {d}"),
            None => error,
        }));
    }
    let access_token = a
        .access_token
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| SmartError::Token("it holds no usable access token".into()))?;
    if !a.token_type.is_some_and(|t| t.eq_ignore_ascii_case("bearer")) {
        return Err(SmartError::Token("its token type is not Bearer".into()));
    }
    let patient = a.patient.ok_or(SmartError::NoPatient)?;
    let id_ok = |id: &str| {
        (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    if !id_ok(&patient) {
        return Err(SmartError::Token(format!("{patient:?} is not a FHIR id")));
    }
    Ok(Token { access_token, patient })
}

/// What the authorization server sent back to the redirect page, from its query string.
pub fn callback(query: &str, expected_state: &str) -> Result<String, SmartError> {
    if query_param(query, "state").as_deref() != Some(expected_state) {
        return Err(SmartError::State);
    }
    let error = query_param(query, "error").map(|e| match query_param(query, "error_description") {
        Some(d) => format!("{e}: {d}"),
        None => e,
    });
    match (query_param(query, "code"), error) {
        (_, Some(e)) => Err(SmartError::Denied(e)),
        (Some(c), None) if !c.is_empty() => Ok(c),
        _ => Err(SmartError::Denied("no authorization code".into())),
    }
}

/// A query string's value for `name` (`?a=1&b=2`, the `?` optional), decoded; a name given
/// without `=` has the empty value.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| decode(v))
}

/// The largest record read from an EHR, as for a file.
pub const MAX_RECORD_BYTES: usize = 20_000_000;
/// Pages followed per search, at most.
pub const MAX_PAGES: usize = 50;

/// The resources read from the server, gathered into one record for the prefill: each
/// resource's JSON text as the server sent it, checked as JSON but not rebuilt.
#[derive(Debug, Default)]
pub struct Collected {
    record: String,
    count: usize,
}

/// A page or a resource, as far as gathering needs to read it.
#[derive(Deserialize)]
struct Page<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    link: Vec<Link<'a>>,
    #[serde(borrow, default)]
    entry: Vec<PageEntry<'a>>,
}

#[derive(Deserialize)]
struct Link<'a> {
    #[serde(borrow, default)]
    relation: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct PageEntry<'a> {
    #[serde(borrow, default)]
    resource: Option<&'a serde_json::value::RawValue>,
}

impl Collected {
    /// Adds one answer (a resource or a searchset page) and gives its `next` page, when that
    /// page is under `base` (a link elsewhere is not followed: the token is for this server).
    pub fn add(&mut self, what: &str, text: &str, base: &str) -> Result<Option<String>, SmartError> {
        if self.record.len() + text.len() > MAX_RECORD_BYTES {
            return Err(SmartError::TooLarge(MAX_RECORD_BYTES / 1_000_000));
        }
        let not_fhir = |message: String| SmartError::NotFhir {
            what: what.to_owned(),
            message,
        };
        let page: Page<'_> = serde_json::from_str(text).map_err(|e| not_fhir(e.to_string()))?;
        match page.resource_type.as_deref() {
            Some("Bundle") => {
                for r in page.entry.iter().filter_map(|e| e.resource) {
                    self.push(r.get());
                }
                let next = page
                    .link
                    .iter()
                    .find(|l| l.relation.as_deref() == Some("next"))
                    .and_then(|l| l.url.as_deref())
                    .filter(|url| {
                        url.strip_prefix(base)
                            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
                    })
                    .map(str::to_owned);
                Ok(next)
            }
            Some(_) => {
                self.push(text.trim());
                Ok(None)
            }
            None => Err(not_fhir("it has no resourceType".into())),
        }
    }

    fn push(&mut self, resource: &str) {
        self.record.push_str(if self.count == 0 { "" } else { "," });
        self.record.push_str("{\"resource\":");
        self.record.push_str(resource);
        self.record.push('}');
        self.count += 1;
    }

    /// Every resource read, as one collection Bundle.
    pub fn into_record(self) -> String {
        format!(
            "{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{}]}}",
            self.record
        )
    }
}

fn form(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a query value (`+` is a space); bytes that do not form UTF-8 are replaced.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(h), Some(l)) => {
                    out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests;
