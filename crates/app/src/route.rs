//! The address of a screen, never of its answers (answers are patient data): the policy list
//! with its search (`#/?q=<text>`), a policy with its line of business and as-of date
//! (`#/policy/<id>?lob=medicaid&as_of=2026-11-22`), and its summary
//! (`#/policy/<id>/summary`). Plain Rust, parsed and written here and tested natively;
//! `services` reads and writes the address bar.

use criteria::{Date, LineOfBusiness};

use crate::state::{State, View};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The policy list, with what is typed in its search.
    List { query: String },
    Policy {
        id: String,
        line_of_business: Option<LineOfBusiness>,
        as_of: Option<Date>,
        summary: bool,
    },
}

impl Route {
    /// Reads an address's fragment (`#/policy/...`) and, for a link a portal wrote without
    /// one, its query (`?q=...`). Anything unreadable is the list: a link never fails.
    pub fn parse(hash: &str, query: &str) -> Route {
        let hash = hash.trim_start_matches('#');
        let (path, params) = hash.split_once('?').unwrap_or((hash, ""));
        // The fragment's parameters first, then the page's query.
        let param =
            |name: &str| interop::smart::query_param(params, name).or_else(|| interop::smart::query_param(query, name));
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["policy", id, rest @ ..] if !id.is_empty() && rest.len() <= 1 => Route::Policy {
                id: interop::smart::decode(id),
                line_of_business: param("lob").and_then(|l| LineOfBusiness::parse(&l)),
                as_of: param("as_of").and_then(|d| Date::parse(&d)),
                summary: rest == ["summary"],
            },
            _ => Route::List {
                query: param("q").unwrap_or_default(),
            },
        }
    }

    /// The fragment for this screen, to put in the address bar.
    pub fn to_hash(&self) -> String {
        use interop::smart::encode;
        match self {
            Route::List { query } if query.trim().is_empty() => "#/".into(),
            Route::List { query } => format!("#/?q={}", encode(query)),
            Route::Policy {
                id,
                line_of_business,
                as_of,
                summary,
            } => {
                let mut out = format!("#/policy/{}", encode(id));
                if *summary {
                    out.push_str("/summary");
                }
                let mut params = Vec::new();
                if let Some(l) = line_of_business {
                    params.push(format!("lob={}", l.as_str()));
                }
                if let Some(d) = as_of {
                    params.push(format!("as_of={d}"));
                }
                if !params.is_empty() {
                    out.push('?');
                    out.push_str(&params.join("&"));
                }
                out
            }
        }
    }

    /// Which screen, ignoring the search text, the line of business and the date: a change of
    /// screen is a new history entry, a change within one replaces it.
    pub fn screen(&self) -> (Option<&str>, bool) {
        match self {
            Route::List { .. } => (None, false),
            Route::Policy { id, summary, .. } => (Some(id.as_str()), *summary),
        }
    }

    /// The route of the state's screen. The as-of date is in it only when it is not today.
    pub fn of(state: &State) -> Route {
        match &state.policy {
            None => Route::List {
                query: state.query.clone(),
            },
            Some(id) => Route::Policy {
                id: id.clone(),
                line_of_business: state.line_of_business,
                as_of: (state.as_of != state.today).then_some(state.as_of),
                summary: state.view == View::Summary,
            },
        }
    }
}
