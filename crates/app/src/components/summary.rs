//! The printable summary, meant to fit one page: the verdict, the criteria that decided it with
//! the answers they used, what to send with the request, the policy with its dates, the as-of
//! date and the pre-screen caveat. The full trail and every answer are an appendix the user may
//! add. The browser's print dialog saves it as PDF.
//!
//! Criteria are cited by the policy's numbering only (a sub-step by its label, under its
//! parent), and a list of answers (drugs, prior lines) prints in full once, at its first use in
//! the trail; a later use names the criterion it is printed under (`render::decided`).

use criteria::Outcome;
use render::Step;
use yew::prelude::*;

use super::tree::tree;
use super::verdict::{not_met, outcome_class, status_text};
use super::{PolicyRef, Shared};
use crate::services;
use crate::state::{Action, View};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: PolicyRef,
    pub assessment: Shared,
    pub dispatch: Callback<Action>,
}

#[component(Summary)]
pub fn summary(props: &Props) -> Html {
    let appendix = use_state(|| false);
    let lp = &*props.policy.0;
    let p = &lp.policy;
    let a = &props.assessment.0;
    let r = &a.evaluation();
    let open = r.outcome == Outcome::Incomplete;
    let on_appendix = {
        let appendix = appendix.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            appendix.set(checked);
        })
    };
    let decided = render::decided(lp, r);
    html! {
        <article class="summary">
            <div class="actions no-print">
                <button type="button" onclick={Callback::from(|_| services::print())}>{ "Print or save as PDF" }</button>
                <button type="button" onclick={props.dispatch.reform(|_| Action::ShowView(View::Form))}>{ "Back to the form" }</button>
                <span class="option">
                    <input type="checkbox" id="summary-appendix" checked={*appendix} onchange={on_appendix} />
                    <label for="summary-appendix">{ "Add the full criteria trail and every answer as an appendix" }</label>
                </span>
            </div>
            <h2>{ format!("Pre-screen summary: {}", p.title) }</h2>
            <dl class="meta">
                <dt>{ "Policy" }</dt><dd>{ format!("{} ({}; {})", p.id, p.issuer, p.plan) }</dd>
                <dt>{ "Policy dates" }</dt><dd>{ render::policy_dates(&r.policy) }</dd>
                <dt>{ "As of" }</dt><dd>{ format!("{} · line of business: {}", r.as_of, render::line_of_business(r.line_of_business)) }</dd>
                if let Some(patient) = &a.patient {
                    <dt>{ "Patient record" }</dt><dd>{ patient }</dd>
                }
                if let Some(sources) = origins_line(&a.origins) {
                    <dt>{ "Answers" }</dt><dd>{ sources }</dd>
                }
            </dl>
            <p class={outcome_class(r.outcome)}>{ render::unconfirmed(r.outcome, a.rests_on.len()).unwrap_or_else(|| render::announcement(r.outcome, r.missing.len())) }</p>
            if !a.rests_on.is_empty() {
                <h3>{ "Inferred from the record, not confirmed" }</h3>
                <ul class="compact">{ for a.rests_on.iter().filter_map(|id| lp.question(id)).map(|q| html! { <li>{ &q.prompt }</li> }) }</ul>
            }
            if !r.failed.is_empty() {
                <h3>{ "Criteria not met" }</h3>
                <ul class="compact">{ for r.failed.iter().map(|id| not_met(lp, id)) }</ul>
            }
            if !r.missing.is_empty() {
                <h3>{ "Still needed" }</h3>
                <ul class="compact">{ for r.missing.iter().filter_map(|id| lp.question(id)).map(|q| html! { <li>{ &q.prompt }</li> }) }</ul>
            }
            if !r.refer_to.is_empty() {
                <h3>{ "Send the request to" }</h3>
                <ul class="compact">{ for r.refer_to.iter().map(|t| html! { <li>{ render::referral(t) }</li> }) }</ul>
            }
            if let Some(ap) = &r.approval {
                <p>{ format!("If approved: {}{}", render::approval_duration(ap), render::approval_quantity(ap).map(|q| format!("; {q}")).unwrap_or_default()) }</p>
            }
            if !decided.is_empty() {
                <h3>{ if open { "Criteria decided so far, and what is still open" } else { "What decided it" } }</h3>
                <ul class="trail">
                    { for decided.iter().map(|(s, steps)| html! {
                        <li><span class="status-text">{ status_text(s.status) }</span>{ format!(" {} {}", s.id, s.title) }
                            <ul>{ for steps.iter().map(trail) }</ul>
                        </li>
                    }) }
                </ul>
            }
            if !r.documentation_gaps.is_empty() {
                <h3>{ "Documentation missing" }</h3>
                <ul class="compact">{ for r.documentation_gaps.iter().map(|g| html! { <li>{ render::documentation_gap(g) }</li> }) }</ul>
            }
            if !r.documentation.is_empty() {
                <h3>{ "Send with the request" }</h3>
                <ul class="compact">{ for r.documentation.iter().map(|d| html! { <li>{ *d }</li> }) }</ul>
            }
            <p class="caveat"><strong>{ r.caveat }</strong></p>
            if *appendix {
                <section class="appendix">
                    <h3>{ "Appendix: every answer" }</h3>
                    <table class="answers">
                        <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Answer" }</th><th scope="col">{ "From" }</th></tr></thead>
                        <tbody>
                            { for p.questions.iter().filter_map(|q| a.answers.get(&q.id).map(|ans| (q, ans))).map(|(q, ans)| html! {
                                <tr><td>{ &q.prompt }</td><td>{ render::answer(lp, &q.id, ans) }</td>
                                    <td>{ a.origins.get(&q.id).map_or("typed", |o| origin_text(*o)) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                    <h3>{ "Appendix: the full criteria trail" }</h3>
                    { tree(lp, r, true) }
                    if render::listed_notes(&r.notes).next().is_some() {
                        <h3>{ "Notes" }</h3><ul>{ for render::listed_notes(&r.notes).map(|n| html! { <li>{ render::note(n) }</li> }) }</ul>
                    }
                </section>
            }
        </article>
    }
}

/// Where an answer came from, in a few words.
fn origin_text(o: interop::fhir::Origin) -> &'static str {
    use interop::fhir::Origin;
    match o {
        Origin::Auto => "the record",
        Origin::Inferred { confirmed: true } => "inferred from the record, confirmed",
        Origin::Inferred { confirmed: false } => "inferred from the record, not confirmed",
        Origin::Override => "typed over the record's",
        Origin::Manual => "typed",
    }
}

/// How many answers came from where ("12 from the record (2 inferred, confirmed), 5 typed"),
/// when a record filled any.
fn origins_line(origins: &std::collections::BTreeMap<String, interop::fhir::Origin>) -> Option<String> {
    use interop::fhir::Origin;
    let count = |f: fn(&Origin) -> bool| origins.values().filter(|o| f(o)).count();
    let record = count(|o| matches!(o, Origin::Auto | Origin::Inferred { .. }));
    if record == 0 {
        return None;
    }
    let confirmed = count(|o| *o == Origin::Inferred { confirmed: true });
    let unconfirmed = count(|o| *o == Origin::Inferred { confirmed: false });
    let typed = count(|o| matches!(o, Origin::Manual | Origin::Override));
    let mut out = format!("{record} from the record");
    if confirmed + unconfirmed > 0 {
        out.push_str(&format!(
            " ({confirmed} inferred and confirmed, {unconfirmed} inferred and not confirmed)"
        ));
    }
    out.push_str(&format!(", {typed} typed"));
    Some(out)
}

/// One criterion of the decisive trail, with the answers it used on the same line.
fn trail(n: &Step<'_>) -> Html {
    html! {
        <li data-criterion={n.id.to_owned()}>
            <span class="status-text">{ status_text(n.status) }</span>
            if let Some(number) = n.number { <strong>{ format!(" {number}") }</strong> }
            { format!(" {}", n.label) }
            if !n.answers.is_empty() { <span class="used-inline">{ format!(" ({})", n.answers.join("; ")) }</span> }
            if !n.children.is_empty() { <ul>{ for n.children.iter().map(trail) }</ul> }
        </li>
    }
}
