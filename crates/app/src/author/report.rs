//! The authoring page's views of the check's report: the cases with their differences and
//! coverage, and what the revision changes against an earlier version.

use std::rc::Rc;

use authoring::lint::{CaseReport, Cases};
use authoring::revision::{Change, Revision};
use criteria::diff::ListChange;
use criteria::LoadedPolicy;
use yew::prelude::*;

/// The cases' results and coverage, or why the case file cannot be used.
pub fn cases_view(cases: Option<&Cases>, name: Option<&str>) -> Html {
    let name = name.unwrap_or("the case file");
    match cases {
        None => Html::default(),
        Some(Cases::Refused { message }) => {
            html! { <p class="warning" role="alert">{ format!("{name}: {message}") }</p> }
        }
        Some(Cases::Ran(report)) => {
            let (rows, coverage, passed) = (&report.results, &report.coverage, report.passed);
            html! {
                <>
                    <h3>{ format!("Cases: {passed} of {} pass ({name})", rows.len()) }</h3>
                    <ul class="cases">
                        { for rows.iter().map(|r| html! {
                            <li class={if r.differences.is_empty() { "case pass" } else { "case fail" }}>
                                <span class="case-status">{ if r.differences.is_empty() { "Passes" } else { "Fails" } }</span>
                                { format!(": {}", r.name) }
                                if !r.differences.is_empty() {
                                    <ul>{ for r.differences.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }</ul>
                                }
                            </li>
                        }) }
                    </ul>
                    <h3>{ "Coverage" }</h3>
                    <p class="hint">{ format!("{} of {} criteria seen failing.", coverage.criteria - coverage.never_failed.len(), coverage.criteria) }</p>
                    <ul class="coverage">
                        { for coverage.never_failed.iter().map(|id| html! { <li>{ format!("{id}: no case fails it") }</li> }) }
                        { for coverage.alternatives_never_met.iter().map(|id| html! { <li>{ format!("{id}: an alternative no case meets") }</li> }) }
                    </ul>
                </>
            }
        }
    }
}

/// What this version changes from the earlier one, case by case, once both and a case file
/// are open.
pub fn earlier_view(
    earlier: &Option<Result<Rc<LoadedPolicy>, String>>,
    cases: Option<&Cases>,
    name: Option<&str>,
) -> Html {
    let name = name.unwrap_or("the earlier version");
    match (earlier, cases) {
        (None, _) => Html::default(),
        (Some(Err(e)), _) => {
            html! { <p class="warning" role="alert">{ format!("{name} cannot be compared: {e}") }</p> }
        }
        (Some(Ok(_)), Some(Cases::Ran(CaseReport { revision: Some(r), .. }))) => revision_view(r, name),
        (Some(Ok(_)), _) => html! {
            <><h3>{ "Changes from the earlier version" }</h3>
            <p class="hint">{ format!("Open a case file to see what this version changes from {name}.") }</p></>
        },
    }
}

fn revision_view(r: &Revision, name: &str) -> Html {
    let others = r.changes.len() - r.outcomes_changed;
    html! {
        <>
            <h3>{ "Changes from the earlier version" }</h3>
            <p class="hint" id="revision-summary">{ format!(
                "Against {name}: {} cases, {} with another outcome, {} with other failed criteria or missing answers.",
                r.cases, r.outcomes_changed, others
            ) }</p>
            <ul class="revision">
                { for r.changes.iter().map(|c| html! {
                    <li>{ match &c.change {
                        Change::Unreadable { message } => html! { <>{ format!("{}: {message}", c.name) }</> },
                        Change::Compared(cmp) => html! {
                            <>
                                { format!("{}: {} \u{2192} {}", c.name, render::outcome_short(cmp.old_outcome), render::outcome_short(cmp.new_outcome)) }
                                <ul>
                                    { for cmp.criteria.iter().map(|k| html! {
                                        <li>{ format!("{} {}: {} \u{2192} {}", k.id, k.label, render::status_in(k.old), render::status_in(k.new)) }</li>
                                    }) }
                                    { list_change("Failed", &cmp.failed) }
                                    { list_change("Still needed", &cmp.missing) }
                                </ul>
                            </>
                        },
                    } }</li>
                }) }
            </ul>
        </>
    }
}

fn list_change(what: &str, c: &ListChange) -> Html {
    if c.is_empty() {
        return Html::default();
    }
    html! { <li>{ format!("{what}: {}", render::list_change(c)) }</li> }
}
