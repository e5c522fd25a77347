//! The full criteria tree, browsable: every node marked met, not met, unknown or not applicable
//! by icon and text, never by colour alone.

use criteria::{Evaluation, LoadedPolicy, NodeResult, Status};
use yew::prelude::*;

use super::verdict::{status_class, status_text};

/// The tree of an evaluation; `expand` opens every node (the printed summary cannot open them
/// by hand). A function of the evaluation its caller already holds, not a component: the
/// evaluation borrows the policy and lives for one render.
pub fn tree(lp: &LoadedPolicy, r: &Evaluation<'_>, expand: bool) -> Html {
    html! {
        <ul class="tree" aria-label="Criteria tree">
            { for r.sections.iter().filter(|s| s.applies != Status::NotMet).map(|s| html! {
                <li>
                    <details open={expand || s.applies == Status::Met}>
                        <summary class={status_class(s.status)}>
                            <span class="status-text">{ status_text(s.status) }</span>
                            { format!(" {} {}", s.id, s.title) }
                            if s.applies == Status::Unknown { <span class="hint">{ " (applies once the questions above are answered)" }</span> }
                        </summary>
                        if let Some(t) = &s.tree { <ul>{ node(lp, t, expand) }</ul> }
                    </details>
                </li>
            }) }
        </ul>
    }
}

fn node(lp: &LoadedPolicy, n: &NodeResult<'_>, expand: bool) -> Html {
    let used = html! {
        { for n.used.iter().map(|u| html! { <span class="used">{ render::used(lp, u) }</span> }) }
    };
    let head = html! {
        <>
            <span class="status-text">{ status_text(n.status) }</span>
            <strong>{ format!(" {}", n.id) }</strong>{ format!(" {}", n.label) }
            if let Some(a) = n.ambiguity { <span class="ambiguity">{ format!("Reading: {a}") }</span> }
        </>
    };
    if n.children.is_empty() || n.status == Status::NotApplicable {
        html! { <li class={status_class(n.status)}>{ head }{ used }</li> }
    } else {
        html! {
            <li class={status_class(n.status)}>
                <details open={expand || n.status != Status::Met}>
                    <summary>{ head }</summary>
                    { used }
                    <ul>{ for n.children.iter().map(|c| node(lp, c, expand)) }</ul>
                </details>
            </li>
        }
    }
}
