//! Starts the Precheck app in the browser, unless this page is the sign-in window coming back
//! from the EHR, which only hands its answer back and closes.

fn main() {
    if app::smart::is_sign_in_return() {
        return;
    }
    // The app renders into its own root, hidden while the page's static start screen stands in
    // for it (until the library's manifest is here).
    let document = gloo::utils::document();
    let start = app::library::has_start_screen();
    let root = document.create_element("div").ok();
    let (Some(root), Some(body)) = (root, document.body()) else {
        return;
    };
    root.set_id(policies::start::APP_ID);
    if start {
        let _ = root.set_attribute("hidden", "");
    }
    if body.append_child(&root).is_err() {
        return;
    }
    yew::Renderer::<app::components::App>::with_root_and_props(
        root,
        app::components::AppProps { library: None, start },
    )
    .render();
}
