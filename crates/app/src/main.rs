//! Starts the Precheck app in the browser.

fn main() {
    yew::Renderer::<app::components::App>::new().render();
}
