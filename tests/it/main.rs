//! The workspace's integration tests, one binary (as rust-analyzer keeps them): the clinical
//! case corpus (natively and, with `wasm-pack test`, as WebAssembly in headless Chromium), its
//! coverage of every criterion, the reviewed snapshot of every case's explanation, the route
//! walk, FHIR both ways, the property tests over generated policies, and the tidy checks of the
//! code base itself.

// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod cases;
#[cfg(not(target_arch = "wasm32"))]
mod charts;
#[cfg(not(target_arch = "wasm32"))]
mod codes;
mod coverage;
mod fhir_round_trip;
#[cfg(not(target_arch = "wasm32"))]
mod lean;
#[cfg(not(target_arch = "wasm32"))]
mod one_pass;
#[cfg(not(target_arch = "wasm32"))]
mod patients;
mod properties;
#[cfg(not(target_arch = "wasm32"))]
mod record_map;
mod revision;
mod routing;
#[cfg(not(target_arch = "wasm32"))]
mod snapshots;
#[cfg(not(target_arch = "wasm32"))]
mod tidy;
