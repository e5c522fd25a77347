//! The CLI's integration tests, one binary (as rust-analyzer and ripgrep keep them): the
//! `precheck` commands run as a user runs them, the bad-input catalogue through the engine and
//! the CLI, `precheck diff`, the FHIR commands and the committed JSON Schema.

// Test code: a failed expectation should stop the test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod bad_inputs;
mod cli;
mod deploy;
mod diff;
mod fhir;
mod schema;
