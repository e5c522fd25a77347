//! Component tests in headless Chromium (`wasm-pack test --headless --chrome crates/app`): the
//! real app mounted in a page, driven through DOM events.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo::utils::document()
}

async fn mount() -> Element {
    let window = web_sys::window().unwrap();
    let _ = window.local_storage().unwrap().unwrap().clear();
    // Each test starts at the policy list: the address of the one before names its policy.
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    // The library at hand, as the app has it once `policies/` has been fetched.
    let library = app::components::AtHand(std::rc::Rc::new((
        policies::library().manifest.clone(),
        policies::all().iter().cloned().map(std::rc::Rc::new).collect(),
    )));
    let props = app::components::AppProps {
        library: Some(library),
        start: false,
    };
    yew::Renderer::<app::components::App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{selector}` in {}", root.inner_html()))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

fn outcome(root: &Element) -> String {
    find(root, "[data-outcome]").get_attribute("data-outcome").unwrap()
}

#[wasm_bindgen_test]
async fn search_finds_a_policy_by_code_and_opens_its_form() {
    let root = mount().await;
    assert_eq!(
        count(&root, "button.policy-card"),
        5,
        "all five policies are listed at first"
    );
    type_into(&root, "#policy-search", "q2055").await;
    assert_eq!(count(&root, "button.policy-card"), 1);
    assert!(find(&root, "button.policy-card")
        .text_content()
        .unwrap()
        .contains("Q2055"));
    click(&root, "button.policy-card").await;
    assert_eq!(outcome(&root), "incomplete");
    assert!(find(&root, ".verdict-status .missing a")
        .get_attribute("href")
        .unwrap()
        .starts_with("#q-"));
    // Issue 21: the live region is the outcome line alone, announcing how many answers remain;
    // the lists beside it are not re-read on every change.
    let live = find(&root, ".verdict-status [role='status']");
    assert_eq!(live.get_attribute("data-outcome").as_deref(), Some("incomplete"));
    let said = live.text_content().unwrap();
    assert!(
        said.trim_start_matches(['…', ' ']).starts_with("Incomplete: "),
        "{said}"
    );
    assert!(said.ends_with("still needed") && said.len() < 60, "{said}");
    assert!(find(&root, ".verdict-status .missing")
        .closest("[aria-live]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn answers_update_the_verdict_and_hidden_questions_stay_hidden() {
    let root = mount().await;
    type_into(&root, "#policy-search", "abecma").await;
    click(&root, "button.policy-card").await;
    let visible = |root: &Element| {
        let list = root.query_selector_all("fieldset.question:not([hidden])").unwrap();
        list.length()
    };
    assert_eq!(visible(&root), 1, "only the diagnosis is asked first");
    click(&root, "input[name='q-diagnosis'][value='other']").await;
    assert_eq!(outcome(&root), "does_not_meet");
    assert!(find(&root, ".verdict-status .failed")
        .text_content()
        .unwrap()
        .contains("L.3"));
    click(&root, "input[name='q-diagnosis'][value='multiple_myeloma']").await;
    assert_eq!(outcome(&root), "incomplete");
    assert!(visible(&root) > 1, "the myeloma questions appear");
}

#[wasm_bindgen_test]
async fn a_bad_number_shows_its_error_next_to_the_field() {
    let root = mount().await;
    type_into(&root, "#policy-search", "anakinra").await;
    click(&root, "button.policy-card").await;
    click(&root, "input[name='q-diagnosis'][value='caps_nomid']").await;
    click(&root, "input[name='q-request_type'][value='initial']").await;
    let weight = "#q-weight";
    assert!(
        find(&root, "#q-weight-group").get_attribute("hidden").is_none(),
        "the NOMID weight question is asked"
    );
    type_into(&root, weight, "heavy").await;
    assert!(find(&root, "#q-weight-error")
        .text_content()
        .unwrap()
        .contains("not a number"));
    assert_eq!(
        find(&root, weight).get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let caps: HtmlInputElement = find(&root, "input[name='q-diagnosis'][value='caps_nomid']")
        .dyn_into()
        .unwrap();
    assert!(caps.checked(), "the other answers stay");
}
