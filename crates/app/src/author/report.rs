//! The authoring page's check column: the status, the problems, the cases with their
//! differences and coverage, what the revision changes against an earlier version, the copies
//! of the source and the criteria outline. A component of its own, rendered again only when the
//! check is (once typing pauses), not on every keystroke in the editor.

use std::rc::Rc;

use authoring::lint::{CaseReport, Cases};
use authoring::revision::{Change, Revision};
use criteria::diff::ListChange;
use criteria::LoadedPolicy;
use yew::prelude::*;

use super::check::Checked;

/// Shared data compared by identity: a new check is a new `Rc`.
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Same<Checked>,
    /// The earlier version, loaded, or why it cannot be.
    pub earlier: Same<Option<Result<Rc<LoadedPolicy>, String>>>,
    pub cases_name: Option<String>,
    pub earlier_name: Option<String>,
    /// Puts the editor's cursor at a line and column.
    pub go: Callback<(usize, usize)>,
}

#[component(Report)]
pub fn report(props: &Props) -> Html {
    let checked = &*props.checked.0;
    let go = |line: usize, column: usize| props.go.reform(move |_: MouseEvent| (line, column));
    let status = match (&checked.policy, checked.lint.problems.len()) {
        (Some(p), _) => format!(
            "Valid: {} ({} questions, {} criteria).",
            p.policy.id,
            p.policy.questions.len(),
            p.criterion_ids().len()
        ),
        (None, 0) => "Paste a policy file, or open one.".to_owned(),
        (None, 1) => "1 problem.".to_owned(),
        (None, n) => format!("{n} problems."),
    };
    let valid = checked.policy.is_some();
    let cases = checked.lint.cases.as_ref();
    html! {
        <section aria-labelledby="check-title" class="author-check">
            <h2 id="check-title">{ "Check" }</h2>
            <p id="author-status" role="status" class={if valid { "ok" } else { "hint" }}>{ status }</p>
            if !checked.lint.problems.is_empty() {
                <ul class="problems" aria-label="Problems">
                    { for checked.lint.problems.iter().map(|p| html! {
                        <li><button type="button" class="link" onclick={go(p.line, p.column)}>
                            { format!("Line {}, column {}: {}: {}", p.line, p.column, p.path, p.message) }
                        </button></li>
                    }) }
                </ul>
            }
            { cases_view(cases, props.cases_name.as_deref()) }
            { earlier_view(&props.earlier.0, cases, props.earlier_name.as_deref()) }
            if !checked.lint.copies.is_empty() {
                <h3>{ "Repeats the policy document" }</h3>
                <p class="hint">{ "Paraphrase these and cite the criterion number instead." }</p>
                <ul class="copies">
                    { for checked.lint.copies.iter().map(|c| html! {
                        <li><button type="button" class="link" onclick={go(c.line, 1)}>
                            { format!("Line {}: {} repeats {} words: \u{201c}{}\u{201d}", c.line, c.path, c.count, c.words) }
                        </button></li>
                    }) }
                </ul>
            }
            if valid {
                <h3>{ "Criteria" }</h3>
                <ul class="outline">
                    { for checked.outline.iter().map(|r| html! {
                        <li class={format!("depth-{}", r.depth.min(8))}>
                            <button type="button" class="link" onclick={go(r.line, 1)}>
                                <span class="criterion-id">{ &r.id }</span>{ " " }{ &r.label }
                            </button>
                            if let Some((line, passage)) = &r.source {
                                <details class="passage">
                                    <summary>{ format!("The document, line {line}") }</summary>
                                    <p>{ passage }</p>
                                </details>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// The cases' results and coverage, or why the case file cannot be used.
fn cases_view(cases: Option<&Cases>, name: Option<&str>) -> Html {
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
fn earlier_view(earlier: &Option<Result<Rc<LoadedPolicy>, String>>, cases: Option<&Cases>, name: Option<&str>) -> Html {
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
