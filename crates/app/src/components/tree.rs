//! The full criteria tree, browsable: every node marked met, not met, unknown or not applicable
//! by icon and text, never by colour alone, under the policy's own numbering (a sub-step the
//! policy leaves unnumbered shows its label alone, `render::numbering`).

use criteria::{Evaluation, LoadedPolicy, Status};
use render::{Printed, Step, Trail};
use yew::prelude::*;

use super::verdict::{status_class, status_text};

/// The tree of an evaluation. `printed` is the summary's appendix: every node open (paper
/// cannot open them by hand), and lists of answers referred to the table of every answer
/// printed above it; on screen every criterion shows the answers it read, since any branch may
/// be closed. A function of the evaluation its caller already holds, not a component: the
/// evaluation borrows the policy and lives for one render.
pub fn tree(lp: &LoadedPolicy, r: &Evaluation<'_>, printed: bool) -> Html {
    let mut answers = if printed {
        Printed::in_table()
    } else {
        Printed::every_time()
    };
    html! {
        <ul class="tree" aria-label="Criteria tree">
            { for r.sections.iter().filter(|s| s.applies != Status::NotMet).map(|s| {
                let steps = render::steps(lp, s, Trail::Every, &mut answers);
                html! {
                    <li>
                        <details open={printed || s.applies == Status::Met}>
                            <summary class={status_class(s.status)}>
                                <span class="status-text">{ status_text(s.status) }</span>
                                { format!(" {} {}", s.id, s.title) }
                                if s.applies == Status::Unknown { <span class="hint">{ " (applies once the questions above are answered)" }</span> }
                            </summary>
                            if !steps.is_empty() { <ul>{ for steps.iter().map(|n| node(n, printed)) }</ul> }
                        </details>
                    </li>
                }
            }) }
        </ul>
    }
}

fn node(n: &Step<'_>, expand: bool) -> Html {
    let used = html! {
        { for n.answers.iter().map(|a| html! { <span class="used">{ a }</span> }) }
    };
    let head = html! {
        <>
            <span class="status-text">{ status_text(n.status) }</span>
            if let Some(number) = n.number { <strong>{ format!(" {number}") }</strong> }
            { format!(" {}", n.label) }
            if let Some(a) = n.reading { <span class="ambiguity">{ format!("Reading: {a}") }</span> }
        </>
    };
    if n.children.is_empty() {
        html! { <li class={status_class(n.status)} data-criterion={n.id.to_owned()}>{ head }{ used }</li> }
    } else {
        html! {
            <li class={status_class(n.status)} data-criterion={n.id.to_owned()}>
                <details open={expand || n.status != Status::Met}>
                    <summary>{ head }</summary>
                    { used }
                    <ul>{ for n.children.iter().map(|c| node(c, expand)) }</ul>
                </details>
            </li>
        }
    }
}
