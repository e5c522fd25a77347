//! The app's tests, one binary: the state and reducer and the printed summary's trail over the
//! case corpus natively (`cargo test`), and the real components mounted in headless Chromium
//! (`wasm-pack test --headless --chrome crates/app`).

// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
mod components;
mod state;
#[cfg(not(target_arch = "wasm32"))]
mod summary;
