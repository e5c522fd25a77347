//! What is derived from the state on every render: the answers checked, their errors, the
//! verdict, the questions shown and still needed, the inferred answers from a record that the
//! outcome rests on, and where each answer came from.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use criteria::{check_answer, check_together, evaluate, Answers, Context, Evaluation, LoadedPolicy, Outcome};

use super::{input_to_json, State};

/// The answers, per-field errors and verdict derived from the state, with the policy they
/// belong to: what the form and the toolbar need, owned, so that components can share it. The
/// explained evaluation comes with it from [`assess`] for the render that shows it, and
/// [`Assessment::evaluation`] runs it again for a view of its own (the summary).
pub struct Assessment {
    pub policy: Rc<LoadedPolicy>,
    pub context: Context,
    /// Valid answers to the questions shown now (hidden questions are left out).
    pub answers: Answers,
    /// Per question id: why its input is not accepted. Only for questions shown now.
    pub errors: BTreeMap<String, String>,
    pub outcome: Outcome,
    /// Criterion ids that definitively fail, in tree order.
    pub failed: Vec<String>,
    /// Per question, in form order: shown now, and still to answer.
    pub shown: Vec<bool>,
    pub missing: Vec<bool>,
    /// The inferred answers from a record, not yet confirmed, that the outcome rests on.
    pub rests_on: Vec<String>,
    /// The record's patient, as the screen names them, while its answers are on the screen.
    pub patient: Option<String>,
    /// Where each answer came from, for the summary and the FHIR export.
    pub origins: BTreeMap<String, interop::fhir::Origin>,
}

impl Assessment {
    /// The explained evaluation of the answers (the verdict's trail, notes, approval).
    pub fn evaluation(&self) -> Evaluation<'_> {
        evaluate(&self.policy, &self.answers, &self.context)
    }

    /// How many answers are still needed to decide.
    pub fn needed(&self) -> usize {
        self.missing.iter().filter(|m| **m).count()
    }
}

/// Checks every input and evaluates the policy; answers to hidden questions are left out.
/// Returns the assessment and the explained evaluation it was derived from, which borrows the
/// policy: the view that shows the verdict renders it in the same render, so that a keystroke
/// evaluates the policy once.
pub fn assess<'p>(policy: &'p Rc<LoadedPolicy>, state: &State) -> (Assessment, Evaluation<'p>) {
    let lp: &'p LoadedPolicy = policy;
    let mut answers = Answers::new();
    let mut errors = BTreeMap::new();
    for (id, input) in &state.inputs {
        let Some(q) = lp.question(id) else { continue };
        let checked =
            input_to_json(q.kind, input).and_then(|v| check_answer(lp, id, &v, state.as_of).map_err(|e| e.message));
        match checked {
            Ok(answer) => answers.set(id.clone(), answer),
            Err(message) => {
                errors.insert(id.clone(), message);
            }
        }
    }
    // Dates before birth (dated prior lines too) and companions of a test not done, as the
    // answers parser checks them.
    for e in check_together(lp, &mut answers) {
        errors.insert(e.question, e.message);
    }
    let ctx = state.context();
    // One pass per keystroke while every answer is to a question shown, as when typing. An
    // answer to a hidden question (left after a gate answer changed) must not count: it could
    // decide a criterion out of play, and the export and summary hold what was used. Then it is
    // dropped and the policy decided again; dropping it never moves the questions shown
    // (tests/it/one_pass.rs), so that second pass is the last.
    let first = evaluate(lp, &answers, &ctx);
    let relevant: BTreeSet<&str> = first.relevant.iter().copied().collect();
    errors.retain(|id, _| relevant.contains(id.as_str()));
    let hidden = answers.entries().any(|(id, _)| !relevant.contains(id.as_str()));
    let decided = if hidden {
        answers.retain(|id| relevant.contains(id));
        evaluate(lp, &answers, &ctx)
    } else {
        first
    };
    // Both lists are in form order: one walk beside the questions marks them.
    let mark = |ids: &[&str]| {
        let mut ids = ids.iter().peekable();
        let questions = lp.policy.questions.iter();
        questions
            .map(|q| ids.next_if(|id| **id == q.id).is_some())
            .collect::<Vec<bool>>()
    };
    let (outcome, failed, shown, missing) = (
        decided.outcome,
        decided.failed.iter().map(|s| (*s).to_owned()).collect(),
        mark(&decided.relevant),
        mark(&decided.missing),
    );
    let unconfirmed = state.record.unconfirmed();
    let rests_on = if unconfirmed.is_empty() {
        Vec::new()
    } else {
        criteria::rests_on(lp, &answers, &ctx, &unconfirmed)
    };
    let origins = answers
        .entries()
        .map(|(id, _)| {
            let origin = match state.record.filled.get(id) {
                Some(f) if f.inferred.is_some() => interop::fhir::Origin::Inferred { confirmed: f.confirmed },
                Some(_) => interop::fhir::Origin::Auto,
                None if state.record.offers.contains_key(id) || state.record.overridden.contains(id) => {
                    interop::fhir::Origin::Override
                }
                None => interop::fhir::Origin::Manual,
            };
            (id.clone(), origin)
        })
        .collect();
    let assessment = Assessment {
        rests_on,
        patient: state.record.patient.as_ref().map(render::patient),
        origins,
        policy: policy.clone(),
        context: ctx,
        answers,
        errors,
        outcome,
        failed,
        shown,
        missing,
    };
    (assessment, decided)
}
