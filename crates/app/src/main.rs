//! Starts the Precheck app in the browser, unless this page is the sign-in window coming back
//! from the EHR, which only hands its answer back and closes.

fn main() {
    if app::smart::is_sign_in_return() {
        return;
    }
    yew::Renderer::<app::components::App>::new().render();
}
