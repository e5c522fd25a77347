//! The live verdict: outcome, failing criteria, missing answers (links to their fields),
//! approval, dose checks, referrals, calculators, notes, and the criteria tree. Only the outcome
//! line is a live region: it announces the outcome and how many answers are still needed, never
//! the lists, which a screen reader would otherwise hear again on every keystroke.

use criteria::{Evaluation, LoadedPolicy, Outcome, Status};
use yew::prelude::*;

use super::tree::tree;
use super::{field_id, Shared};
use crate::services;

pub fn outcome_class(o: Outcome) -> &'static str {
    match o {
        Outcome::Meets => "outcome meets",
        Outcome::DocumentationIncomplete => "outcome documents",
        Outcome::DoesNotMeet => "outcome fails",
        Outcome::Incomplete => "outcome incomplete",
        Outcome::Refer => "outcome refer",
    }
}

pub fn outcome_icon(o: Outcome) -> &'static str {
    match o {
        Outcome::Meets => "✓",
        Outcome::DocumentationIncomplete => "✓!",
        Outcome::DoesNotMeet => "✗",
        Outcome::Incomplete => "…",
        Outcome::Refer => "→",
    }
}

#[derive(Properties, PartialEq)]
pub struct BarProps {
    pub assessment: Shared,
}

/// The compact verdict for narrow screens: the outcome and how many answers are still
/// needed, kept in view at the bottom while the form scrolls, linking to the full verdict.
/// Not a live region: the full verdict announces changes once.
#[component(VerdictBar)]
pub fn verdict_bar(props: &BarProps) -> Html {
    let r = &props.assessment.0;
    let needed = r.needed();
    let unconfirmed = render::unconfirmed(r.outcome, r.rests_on.len());
    let short = unconfirmed.as_deref().unwrap_or(render::outcome_short(r.outcome));
    let detail = match r.outcome {
        Outcome::Incomplete => render::needed(needed),
        _ if !r.failed.is_empty() => format!("{} not met", render::cited(&r.failed)),
        _ => String::new(),
    };
    let onclick = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        services::focus("verdict");
    });
    html! {
        <a class={classes!("verdict-bar", outcome_class(r.outcome), unconfirmed.is_some().then_some("unconfirmed"))} href="#verdict" {onclick} data-outcome={r.outcome.as_str()}>
            <span><span aria-hidden="true" class="icon">{ outcome_icon(r.outcome) }</span>{ " " }{ short }
                if !detail.is_empty() { <span class="detail">{ format!(" · {detail}") }</span> }
            </span>
            <span class="more">{ "Full verdict" }</span>
        </a>
    }
}

/// The full verdict of an evaluation. A function of the evaluation its caller holds, not a
/// component: the evaluation borrows the policy and lives for one render. `rests_on`: the
/// inferred answers from a record, not yet confirmed, that the outcome rests on; while there
/// are any, the outcome is said as conditional on them, never as settled.
pub fn verdict(lp: &LoadedPolicy, r: &Evaluation<'_>, rests_on: &[String]) -> Html {
    let progress = r.progress;
    let unconfirmed = render::unconfirmed(r.outcome, rests_on.len());
    let link = |q: &criteria::model::Question| {
        let target = field_id(&q.id);
        let href = format!("#{target}");
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            services::focus(&target);
        });
        html! { <li><a {href} {onclick}>{ &q.prompt }</a></li> }
    };
    html! {
        <aside class="verdict" id="verdict" tabindex="-1" aria-labelledby="verdict-title">
            <h2 id="verdict-title" class="visually-hidden">{ "Verdict" }</h2>
            <div class="verdict-status">
                <p class={classes!(outcome_class(r.outcome), unconfirmed.is_some().then_some("unconfirmed"))} data-outcome={r.outcome.as_str()}
                    data-unconfirmed={rests_on.len().to_string()} role="status" aria-live="polite" aria-atomic="true">
                    <span aria-hidden="true" class="icon">{ if unconfirmed.is_some() { "?" } else { outcome_icon(r.outcome) } }</span>
                    { unconfirmed.clone().unwrap_or_else(|| render::announcement(r.outcome, r.missing.len())) }
                </p>
                <p class="hint">{ format!("{} · as of {}", r.policy.id, r.as_of) }</p>
                if !r.failed.is_empty() {
                    <h3>{ "Criteria not met" }</h3>
                    <ul class="failed">{ for r.failed.iter().map(|id| not_met(lp, id)) }</ul>
                }
                if !rests_on.is_empty() {
                    <h3>{ "Inferred from the record: confirm" }</h3>
                    <ul class="unconfirmed">{ for rests_on.iter().filter_map(|id| lp.question(id)).map(link) }</ul>
                }
                if !r.missing.is_empty() {
                    <h3>{ "Still needed" }</h3>
                    <ul class="missing">{ for r.missing.iter().filter_map(|id| lp.question(id)).map(link) }</ul>
                }
            </div>
            <div class="progress">
                <label for="progress">{ render::progress(progress.answered, progress.needed) }</label>
                <progress id="progress" max={progress.needed.max(1).to_string()} value={progress.answered.to_string()}></progress>
            </div>
            if let Some(a) = &r.approval {
                <section class="block"><h3>{ "If approved" }</h3>
                    <p>{ format!("Duration: {}", render::approval_duration(a)) }</p>
                    if let Some(q) = render::approval_quantity(a) { <p>{ format!("Quantity: {q}") }</p> }
                </section>
            }
            if !r.dose_checks.is_empty() {
                <section class="block"><h3>{ "Dose checks" }</h3>
                    <ul class="checks">
                        { for r.dose_checks.iter().map(|d| html! {
                            <li class={status_class(d.status)}><span class="status-text">{ status_text(d.status) }</span>
                                { format!(" {} {}", render::numbering(d.criterion).cited(), d.label) }
                                { for d.used.iter().filter(|u| !u.value.is_blank()).map(|u| html! {
                                    <span class="used">{ render::used(lp, u) }</span>
                                }) }
                            </li>
                        }) }
                    </ul>
                </section>
            }
            if r.outcome == Outcome::Refer && !r.refer_to.is_empty() {
                <section class="block"><h3>{ "Refer to" }</h3>
                    <ul>{ for r.refer_to.iter().map(|t| html! { <li>{ render::referral(t) }</li> }) }</ul>
                </section>
            }
            if !r.values.is_empty() {
                <section class="block"><h3>{ "Calculated" }</h3>
                    <dl class="values">{ for r.values.iter().map(render::value).map(|(label, value)| html! {
                        <><dt>{ label }</dt><dd>{ value }</dd></>
                    }) }</dl>
                </section>
            }
            if render::listed_notes(&r.notes).next().is_some() {
                <section class="block"><h3>{ "Notes" }</h3><ul>{ for render::listed_notes(&r.notes).map(|n| html! { <li>{ render::note(n) }</li> }) }</ul></section>
            }
            if !r.documentation_gaps.is_empty() {
                <section class="block gaps"><h3>{ "Documentation missing" }</h3><ul>{ for r.documentation_gaps.iter().map(|g| html! { <li>{ render::documentation_gap(g) }</li> }) }</ul></section>
            }
            if !r.documentation.is_empty() {
                <section class="block"><h3>{ "Send with the request" }</h3><ul>{ for r.documentation.iter().map(|n| html! { <li>{ *n }</li> }) }</ul></section>
            }
            <section class="block">
                <h3>{ "Criteria" }</h3>
                { tree(lp, r, false) }
            </section>
        </aside>
    }
}

/// A criterion not met, cited by the policy's number (a sub-step by the number it is under,
/// with its own label, which says what failed); its id stays in the page's data.
pub fn not_met(lp: &LoadedPolicy, id: &str) -> Html {
    html! {
        <li data-criterion={id.to_owned()}>
            <strong>{ render::numbering(id).cited() }</strong>{ " " }{ lp.criterion_label(id).unwrap_or("") }
        </li>
    }
}

/// A status with its icon, so that it never reads by colour alone.
pub fn status_text(s: Status) -> String {
    let icon = match s {
        Status::Met => "✓",
        Status::NotMet => "✗",
        Status::Unknown => "?",
        Status::NotApplicable => "–",
    };
    format!("{icon} {}", render::status(s))
}

pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Met => "st-met",
        Status::NotMet => "st-not-met",
        Status::Unknown => "st-unknown",
        Status::NotApplicable => "st-na",
    }
}
