//! Precheck's browser app. The state and its reducer (`state`) are plain Rust; the Yew
//! components and the few browser services sit on top of them.

pub mod author;
pub mod components;
pub mod embed;
pub mod library;
pub mod record;
pub mod route;
pub mod services;
pub mod smart;
pub mod state;
