//! The Yew components, one per file. They render the state and dispatch actions; all logic
//! lives in `crate::state`.

mod app;
mod form;
mod picker;
mod question;
mod summary;
mod toolbar;
mod tree;
mod verdict;

use std::rc::Rc;

pub use app::{App, AtHand, Props as AppProps};
pub use form::Form;
pub use toolbar::context;
pub use verdict::verdict;

use criteria::LoadedPolicy;

use crate::state::Assessment;

/// The policy on screen, shared, compared by identity.
#[derive(Clone)]
pub struct PolicyRef(pub Rc<LoadedPolicy>);

impl PartialEq for PolicyRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The derived assessment of one render, compared by identity.
#[derive(Clone)]
pub struct Shared(pub Rc<Assessment>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The id of a question's first focusable control; missing-answer links jump to it.
pub fn field_id(question: &str) -> String {
    format!("q-{question}")
}
