//! Starts the Precheck app in the browser, unless this page is the sign-in window coming back
//! from the EHR, which only hands its answer back and closes.

fn main() {
    if app::smart::is_sign_in_return() {
        return;
    }
    // The page's static start screen gives way to the app's, with what it holds.
    let start = app::library::take_start_screen().map(std::rc::Rc::new);
    yew::Renderer::<app::components::App>::with_props(app::components::AppProps {
        library: None,
        start,
    })
    .render();
}
