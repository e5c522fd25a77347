//! The policy authoring page (`author/`), a bundle of its own so that the screening app does
//! not carry it.

fn main() {
    yew::Renderer::<app::author::Author>::new().render();
}
