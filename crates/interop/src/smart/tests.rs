//! SMART launch pieces on their own: the configuration's checks, the scopes and reads a
//! policy needs, PKCE against RFC 7636's example, and the server's answers, good and bad.

use serde_json::json;

use super::*;

fn policy() -> LoadedPolicy {
    let text = json!({
        "id": "SM.1", "title": "t", "subject": "s", "issuer": "i", "plan": "p",
        "lines_of_business": ["commercial"], "last_review": "2026-01",
        "birth_date_question": "birth_date",
        "questions": [
            {"id": "birth_date", "prompt": "Born", "type": "date",
             "fhir": {"resource": "Patient", "element": "birth_date"}},
            {"id": "dx", "prompt": "Diagnosis", "type": "choice",
             "options": [{"value": "mm", "label": "Myeloma"}, {"value": "other", "label": "Other"}],
             "fhir": {"resource": "Condition", "element": "code", "options": {"mm": [
                 {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00", "display": "Multiple myeloma not having achieved remission"},
                 {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.02", "display": "Multiple myeloma in relapse"}]}}}
        ],
        "sections": [{"id": "I", "title": "I", "kind": "initial", "effect": "criteria",
            "criteria": {"id": "I.1", "label": "l", "all": [
                {"id": "a", "label": "a", "check": {"choice_in": {"question": "dx", "values": ["mm"]}}},
                {"id": "d", "label": "d", "check": {"ge": [{"years_since": "birth_date"}, {"qty": [18, "years"]}]}}
            ]}}]
    });
    match LoadedPolicy::from_json("sm.json", &text.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn config(smart: serde_json::Value) -> Result<Config, Vec<ConfigProblem>> {
    Config::from_json(&json!({ "smart": smart }).to_string())
}

#[test]
fn a_good_configuration_is_normalized_and_names_its_origins() {
    let c = config(
        json!({"fhir_base_url": "https://EHR.example.org:443/fhir/r4/", "client_id": "precheck",
        "auth_origin": "https://auth.example.org"}),
    );
    let Ok(c) = c else { panic!("{c:?}") };
    let smart = c.smart.clone().unwrap_or_else(|| panic!("smart"));
    assert_eq!(smart.fhir_base_url, "https://EHR.example.org:443/fhir/r4");
    assert_eq!(
        c.connect_origins(),
        ["https://auth.example.org", "https://ehr.example.org"]
    );
    assert!(smart.is_issuer("https://EHR.example.org:443/fhir/r4/"));
    assert!(!smart.is_issuer("https://other.example.org/fhir/r4"));
    assert_eq!(smart.display_name(), "ehr.example.org");
    assert_eq!(Config::from_json("{}"), Ok(Config::default()));
}

#[test]
fn a_bad_configuration_names_every_field() {
    let Err(problems) = config(
        json!({"fhir_base_url": "http://ehr.example.org/fhir", "client_id": "two words",
        "auth_origin": "https://auth.example.org/oauth", "name": " "}),
    ) else {
        panic!("accepted")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "smart.fhir_base_url",
            "smart.client_id",
            "smart.auth_origin",
            "smart.name"
        ]
    );
    assert!(problems[0].message.contains("not https"), "{}", problems[0]);
    assert!(
        problems[2].message.contains("write https://auth.example.org"),
        "{}",
        problems[2]
    );
    for bad in [
        "ehr.example.org",
        "https://user:pw@ehr.example.org",
        "https://ehr.example.org:99999/x",
        "ftp://ehr.example.org",
        "https:///fhir",
        "https://ehr.example.org/fhir?x=1",
    ] {
        let r = config(json!({"fhir_base_url": bad, "client_id": "c"}));
        assert!(r.is_err(), "{bad} accepted");
    }
    let Err(problems) =
        Config::from_json(r#"{"smart": {"fhir_base_url": "https://a.org", "client_id": "c", "secret": "x"}}"#)
    else {
        panic!("an unknown field was accepted")
    };
    assert!(
        problems[0].message.contains("unknown field `secret`"),
        "{}",
        problems[0]
    );
    assert!(
        config(json!({"fhir_base_url": "http://127.0.0.1:8123/fhir", "client_id": "c"})).is_ok(),
        "loopback http is for tests"
    );
}

#[test]
fn scopes_and_reads_are_what_the_mappings_need() {
    let p = policy();
    assert_eq!(resource_types(&p), ["Condition", "Patient"]);
    assert_eq!(
        scope(&p, &Launch::Ehr("x".into())),
        "launch patient/Condition.read patient/Patient.read"
    );
    assert_eq!(
        scope(&p, &Launch::Standalone),
        "launch/patient patient/Condition.read patient/Patient.read"
    );
    assert_eq!(reads(&p, "p-1"), [
        "Patient/p-1",
        "Condition?patient=p-1&_count=200&code=http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Ficd-10-cm%7CC90.00,http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Ficd-10-cm%7CC90.02",
    ]);
}

#[test]
fn pkce_matches_rfc_7636() {
    // RFC 7636, appendix B.
    let random = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
        240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    let verifier = code_verifier(&random);
    assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assert_eq!(code_challenge(&verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

#[test]
fn the_authorization_request_carries_every_parameter() {
    let launch = Launch::Ehr("abc 1".into());
    let url = authorize_url(
        "https://auth.example.org/authorize",
        &Request {
            client_id: "precheck",
            redirect_uri: "https://portal.example.org/precheck/",
            scope: "launch patient/Patient.read",
            state: "s1",
            challenge: "ch",
            audience: "https://ehr.example.org/fhir",
            launch: &launch,
        },
    );
    assert_eq!(
        url,
        "https://auth.example.org/authorize?response_type=code&client_id=precheck\
        &redirect_uri=https%3A%2F%2Fportal.example.org%2Fprecheck%2F&scope=launch%20patient%2FPatient.read&state=s1\
        &aud=https%3A%2F%2Fehr.example.org%2Ffhir&code_challenge=ch&code_challenge_method=S256&launch=abc%201"
    );
    assert_eq!(
        token_request("c&1", "https://p.org/", "id", "v"),
        "grant_type=authorization_code&code=c%261&redirect_uri=https%3A%2F%2Fp.org%2F&client_id=id&code_verifier=v"
    );
}

#[test]
fn the_servers_answers_are_checked() {
    let allowed = vec!["https://ehr.example.org".to_owned()];
    let good = r#"{"authorization_endpoint": "https://ehr.example.org/auth", "token_endpoint": "https://ehr.example.org/token", "code_challenge_methods_supported": ["S256"]}"#;
    assert_eq!(
        endpoints(good, &allowed).map(|e| e.token),
        Ok("https://ehr.example.org/token".into())
    );
    let elsewhere = r#"{"authorization_endpoint": "https://a.org/auth", "token_endpoint": "https://a.org/token"}"#;
    assert!(matches!(
        endpoints(elsewhere, &allowed),
        Err(SmartError::NotAllowed { .. })
    ));
    let plain = r#"{"authorization_endpoint": "https://ehr.example.org/a", "token_endpoint": "https://ehr.example.org/t", "code_challenge_methods_supported": ["plain"]}"#;
    assert_eq!(endpoints(plain, &allowed), Err(SmartError::NoPkce));
    assert!(matches!(endpoints("<html>", &allowed), Err(SmartError::Discovery(_))));

    assert_eq!(
        token(r#"{"access_token": "t", "token_type": "bearer", "patient": "p-1", "scope": "x"}"#),
        Ok(Token {
            access_token: "t".into(),
            patient: "p-1".into()
        })
    );
    assert_eq!(
        token(r#"{"access_token": "t", "token_type": "Bearer"}"#),
        Err(SmartError::NoPatient)
    );
    assert!(matches!(
        token(r#"{"access_token": "t", "token_type": "Bearer", "patient": "../x"}"#),
        Err(SmartError::Token(_))
    ));
    assert!(
        matches!(token(r#"{"error": "invalid_grant", "error_description": "bad verifier"}"#),
        Err(SmartError::Token(m)) if m == "invalid_grant: bad verifier")
    );

    assert_eq!(callback("?code=a%2Bb&state=s1", "s1"), Ok("a+b".into()));
    assert_eq!(callback("?code=a&state=s2", "s1"), Err(SmartError::State));
    assert_eq!(
        callback("?error=access_denied&error_description=no+thanks&state=s1", "s1"),
        Err(SmartError::Denied("access_denied: no thanks".into()))
    );
    assert_eq!(
        callback("?error_description=no+thanks&state=s1&error=access_denied", "s1"),
        Err(SmartError::Denied("access_denied: no thanks".into())),
        "in any order"
    );
    assert_eq!(query_param("a=1&b=x%20y&c", "b").as_deref(), Some("x y"));
    assert_eq!(query_param("?a=1&c", "c").as_deref(), Some(""));
    assert_eq!(query_param("a=1", "b"), None);
    assert_eq!(decode("%zz%4"), "%zz%4");
}

#[test]
fn pages_are_gathered_and_only_this_servers_next_links_followed() {
    let base = "https://ehr.example.org/fhir";
    let mut c = Collected::default();
    let patient = r#"{"resourceType": "Patient", "id": "p-1", "birthDate": "1960-01-01"}"#;
    assert_eq!(c.add("Patient/p-1", patient, base), Ok(None));
    let page = json!({"resourceType": "Bundle", "type": "searchset",
        "link": [{"relation": "next", "url": "https://ehr.example.org/fhir?page=2"}],
        "entry": [{"resource": {"resourceType": "Condition", "id": "c-1"}}]})
    .to_string();
    assert_eq!(
        c.add("Condition", &page, base),
        Ok(Some("https://ehr.example.org/fhir?page=2".into()))
    );
    let away = page.replace(
        "https://ehr.example.org/fhir?page=2",
        "https://evil.example.org/fhir?page=2",
    );
    assert_eq!(c.add("Condition", &away, base), Ok(None));
    assert!(matches!(
        c.add("Condition", "not json", base),
        Err(SmartError::NotFhir { .. })
    ));
    let record: serde_json::Value = serde_json::from_str(&c.into_record()).unwrap_or_default();
    assert_eq!(record["entry"].as_array().map(Vec::len), Some(3));
    let prefill = crate::prefill::prefill(&policy(), &record.to_string(), criteria::Date::UNIX_EPOCH);
    assert!(prefill.is_ok());
}

#[test]
fn a_record_over_the_limit_is_refused() {
    let mut c = Collected::default();
    let big = " ".repeat(MAX_RECORD_BYTES + 1);
    assert_eq!(
        c.add("Observation", &big, "https://a.org"),
        Err(SmartError::TooLarge(20))
    );
}

#[test]
fn embedding_portals_are_origins() {
    let Ok(c) = Config::from_json(r#"{"embed": {"parents": ["https://Portal.example.org", "http://127.0.0.1:9000"]}}"#)
    else {
        panic!("refused")
    };
    assert!(c.may_embed("https://portal.example.org"));
    assert!(!c.may_embed("https://other.example.org"));
    assert_eq!(
        c.frame_ancestors(),
        "'self' https://portal.example.org http://127.0.0.1:9000"
    );
    assert_eq!(Config::default().frame_ancestors(), "'self'");
    let Err(problems) = Config::from_json(
        r#"{"embed": {"parents": ["https://portal.example.org/page", "http://portal.example.org"]}}"#,
    ) else {
        panic!("accepted")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["embed.parents[0]", "embed.parents[1]"]);
    assert!(Config::from_json(r#"{"embed": {"parents": []}}"#).is_err());
}

#[test]
fn issue_22_lines_read_the_evidence_of_progression_and_medications_are_not_narrowed() {
    let lp = policies::get("CPCT.MNG.ABECMA").expect("Abecma is in the library");
    assert_eq!(
        resource_types(lp),
        [
            "Condition",
            "MedicationAdministration",
            "MedicationRequest",
            "MedicationStatement",
            "Observation",
            "Patient",
            "Procedure"
        ]
    );
    // A CAR-T infusion is a Procedure, searched by the rule's code.
    let reads = reads(lp, "p1");
    let find = |t: &str| {
        reads
            .iter()
            .find(|r| r.starts_with(&format!("{t}?")))
            .cloned()
            .unwrap_or_default()
    };
    // The relapse Condition and the disease status, by the line rule's codes.
    assert!(
        find("Condition").contains("C90.02") && find("Condition").contains("C90.00"),
        "{reads:?}"
    );
    assert!(find("Observation").contains("97509-4"), "{reads:?}");
    assert!(!find("MedicationStatement").contains("code="), "{reads:?}");
    assert!(find("Procedure").contains("1156961008"), "{reads:?}");
}
