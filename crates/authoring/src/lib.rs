//! What a policy author needs beside the engine, for the authoring page and the corpus tests
//! alike: the clinical case format and its check ([`cases`]), which criteria the cases exercise
//! ([`coverage`]), where a validator's JSON path points in the file's text ([`locate`]), what
//! a revision changes case by case ([`revision`]), where a file repeats its source document
//! ([`copies`]), and a library folder as one zip archive ([`zip`]).
//! Pure: no I/O, no clock; builds for wasm32.

pub mod cases;
pub mod copies;
pub mod coverage;
pub mod lint;
pub mod locate;
pub mod problems;
pub mod revision;
pub mod zip;
