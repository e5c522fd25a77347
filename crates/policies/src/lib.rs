//! The policy library: the manifest format that lists and searches a library folder
//! ([`manifest`], what the browser app fetches at run time), and, with the `embedded` feature
//! (the CLI's and the npm package's), every policy file in `data/` embedded at build time and
//! validated on first use, with look-ups by id, by search text and by HCPCS/CPT code.

pub mod manifest;
pub mod site;
pub mod start;

#[cfg(feature = "embedded")]
mod embedded;
#[cfg(feature = "embedded")]
pub use embedded::*;
