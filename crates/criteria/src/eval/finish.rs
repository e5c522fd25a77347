//! The result, assembled from the statuses in named steps: section states, the verdict (outcome,
//! notes, referrals), the read-out (failed, missing, relevant), the approval, dose checks,
//! computed values and the explained sections.

use super::readout::Marks;
use super::Run;
use crate::answers::Answer;
use crate::model::{Documentation, Effect, Referral};
use crate::program::{PDocumentation, PPred};
use crate::result::*;

/// A section's `applies_when` status and its own status.
pub(super) type SectionState = (Status, Status);

/// The outcome and what it says, before the read-out.
pub(super) struct Decision<'p> {
    pub(super) outcome: Outcome,
    notes: Vec<Note<'p>>,
    pub(super) refer_to: Vec<&'p Referral>,
    /// Sections that apply and are met.
    met: Vec<usize>,
    /// The member's line of business is not one the policy lists.
    unlisted: bool,
}

/// What the front ends read from the statuses.
pub(super) struct ReadOut<'p> {
    /// Criterion (program node) indices.
    pub(super) failed: Vec<u32>,
    pub(super) relevant: Marks,
    pub(super) missing: Marks,
    dose_nodes: Vec<u32>,
    documentation: Vec<&'p str>,
}

impl<'p, 'a> Run<'p, 'a> {
    pub(crate) fn finish(mut self, explain: bool) -> Evaluation<'p> {
        let p = &self.lp.policy;
        let states = self.section_states();
        let freshness = Freshness::of(p, self.ctx.as_of);
        let mut verdict = self.decide(&states, Some(&freshness));
        let mut read = self.read_out(&states, &mut verdict, true);
        let documentation_gaps = self.documentation_gaps(&states);

        let (relevant, missing) = self.questions_out(&mut read);
        let ids = |at: Vec<u32>| -> Vec<&'p str> {
            at.into_iter()
                .filter_map(|i| p.questions.get(i as usize).map(|q| q.id.as_str()))
                .collect()
        };
        let (relevant, missing) = (ids(relevant), ids(missing));
        let answered = (0..p.questions.len())
            .filter(|&q| read.relevant.questions[q] && self.slots[q].is_some())
            .count();
        if verdict.outcome == Outcome::Incomplete && missing.is_empty() {
            verdict.notes.push(Note::NotComputable);
        }
        let approval = self.approval(verdict.outcome, &verdict.met);
        let dose_checks = self.dose_checks(&read.dose_nodes);
        let values = self.values(&read.relevant, &states);
        read.documentation.dedup();
        let sections = if explain { self.sections(&states) } else { Vec::new() };

        Evaluation {
            policy: PolicyInfo::of(p),
            as_of: self.ctx.as_of.to_string(),
            line_of_business: self.ctx.line_of_business,
            outcome: verdict.outcome,
            freshness,
            failed: read
                .failed
                .iter()
                .filter_map(|&i| self.prog.nodes.get(i as usize).map(|n| n.id.as_str()))
                .collect(),
            progress: Progress {
                answered,
                needed: answered + missing.len(),
            },
            missing,
            relevant,
            approval,
            dose_checks,
            refer_to: verdict.refer_to,
            documentation: read.documentation,
            documentation_gaps,
            notes: verdict.notes,
            values,
            sections,
            errors: Vec::new(),
            caveat: CAVEAT,
        }
    }

    /// The relevant and the missing question indices, in form order.
    pub(super) fn questions_out(&self, read: &mut ReadOut<'p>) -> (Vec<u32>, Vec<u32>) {
        // A companion of a question answered "not done" is not asked: the form hides it.
        for (q, implied) in self.implied.iter().enumerate() {
            if *implied {
                read.relevant.questions[q] = false;
            }
        }
        let relevant = read.relevant.question_indices(|_| true);
        // A list known in part is still missing: only more of it can decide.
        let missing = read
            .missing
            .question_indices(|q| self.slots[q].is_none_or(Answer::is_open));
        (relevant, missing)
    }

    /// Whether each section applies, and its status where it does.
    pub(super) fn section_states(&mut self) -> Vec<SectionState> {
        let prog = self.prog;
        let mut states = Vec::with_capacity(prog.sections.len());
        for s in &prog.sections {
            let applies = self.gate(&s.applies).unwrap_or(Status::Met);
            let status = match applies {
                Status::Met => {
                    self.node(s.root);
                    match s.effect {
                        Effect::Deny => Status::NotMet,
                        // A root that does not apply asks nothing of the request.
                        Effect::Criteria => match self.all_view(s.root) {
                            None | Some(Status::NotApplicable) => Status::Met,
                            Some(other) => other,
                        },
                    }
                }
                Status::Unknown => Status::Unknown,
                _ => Status::NotApplicable,
            };
            states.push((applies, status));
        }
        states
    }

    /// The outcome: denied or not met anywhere beats still open, which beats a referral, which
    /// beats met; a line of business the policy does not list refers.
    /// `freshness` is for the notes; without it (the lean verdict) no note is written.
    pub(super) fn decide(&mut self, states: &[SectionState], freshness: Option<&Freshness<'p>>) -> Decision<'p> {
        let p = &self.lp.policy;
        let ctx = self.ctx;
        let mut notes: Vec<Note<'p>> = Vec::new();
        if let Some(freshness) = freshness {
            notes.reserve(p.notes.len() + 2);
            notes.extend(freshness.stale_note(p));
            notes.extend(p.notes.iter().map(|text| Note::Policy { text }));
        }
        let write_notes = freshness.is_some();
        let denied = states.iter().any(|&(a, s)| a == Status::Met && s == Status::NotMet);
        let open = states
            .iter()
            .any(|&(a, s)| a == Status::Unknown || (a == Status::Met && s == Status::Unknown));
        let met: Vec<usize> = (0..states.len())
            .filter(|&i| states[i] == (Status::Met, Status::Met))
            .collect();
        let mut refer_nodes = Vec::new();
        for &i in &met {
            if p.sections[i].effect == Effect::Criteria {
                refer_nodes.extend_from_slice(self.refer_of(self.prog.sections[i].root));
            }
        }
        let referrals = self.referrals(&refer_nodes);
        let mut outcome = if denied {
            Outcome::DoesNotMeet
        } else if open {
            Outcome::Incomplete
        } else if !referrals.is_empty() {
            Outcome::Refer
        } else if !met.is_empty() && self.documentation_missing(states) {
            Outcome::DocumentationIncomplete
        } else if !met.is_empty() {
            Outcome::Meets
        } else {
            if write_notes {
                notes.push(Note::NoSection);
            }
            Outcome::DoesNotMeet
        };
        let mut refer_to: Vec<&'p Referral> = if outcome == Outcome::Refer {
            referrals
                .into_iter()
                .filter(|r| match (r.line_of_business, ctx.line_of_business) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut unlisted = false;
        if let Some(lob) = ctx.line_of_business {
            if !p.lines_of_business.contains(&lob) {
                unlisted = true;
                if write_notes {
                    notes.push(Note::UnlistedLineOfBusiness { line_of_business: lob });
                }
                outcome = Outcome::Refer;
                // Where the document names the policy for that line of business, go there.
                refer_to = p
                    .other_lines_of_business
                    .iter()
                    .filter(|r| r.line_of_business.is_none_or(|l| l == lob))
                    .collect();
            }
        }
        Decision {
            outcome,
            notes,
            refer_to,
            met,
            unlisted,
        }
    }

    /// Failed criteria, missing and relevant questions, dose-check nodes and documentation, from
    /// every section that applies (section notes go to the verdict's notes).
    pub(super) fn read_out(&mut self, states: &[SectionState], verdict: &mut Decision<'p>, full: bool) -> ReadOut<'p> {
        let lp = self.lp;
        let p = &lp.policy;
        let mut read = ReadOut {
            failed: Vec::new(),
            relevant: Marks::new(p.questions.len(), p.derived.len()),
            missing: Marks::new(p.questions.len(), p.derived.len()),
            dose_nodes: Vec::new(),
            documentation: Vec::new(),
        };
        if full {
            read.documentation = self.listed(&p.documentation, &self.prog.documentation);
        }
        let incomplete = verdict.outcome == Outcome::Incomplete;
        for (i, s) in self.prog.sections.iter().enumerate() {
            let (applies, status) = states[i];
            self.gate_marks(&s.applies, &mut read.relevant);
            if applies == Status::Unknown && incomplete {
                self.gate_missing(&s.applies, &mut read.missing);
            }
            if applies != Status::Met {
                continue;
            }
            let section = &p.sections[i];
            if full {
                verdict.notes.extend(section.notes.iter().map(|text| Note::Section {
                    section: &section.id,
                    text,
                }));
                let listed = self.listed(&section.documentation, &s.documentation);
                read.documentation.extend(listed);
            }
            if section.effect == Effect::Deny {
                read.failed.push(s.root);
            } else if status == Status::NotMet {
                self.collect_failed(s.root, &mut read.failed);
            }
            if status == Status::Unknown && incomplete {
                self.tree_missing(s.root, &mut read.missing);
            }
            self.tree_relevant(s.root, &mut read.relevant);
            if full && section.effect == Effect::Criteria {
                self.collect_dose_nodes(s.root, &mut read.dose_nodes);
                if let Some(from) = section.approval.as_ref().and_then(|a| a.quantity_from.as_deref()) {
                    if let Some(&d) = lp.derived.get(from) {
                        read.relevant.derived[d] = true;
                    }
                }
            }
        }
        // Criteria of a policy that does not apply to the line of business fail nothing.
        if verdict.unlisted {
            read.failed.clear();
        }
        read
    }

    /// The approval of the first met section that states one, when the request meets.
    fn approval(&mut self, outcome: Outcome, met: &[usize]) -> Option<ApprovalResult<'p>> {
        if outcome != Outcome::Meets {
            return None;
        }
        let lp = self.lp;
        let p = &lp.policy;
        let (i, a) = met
            .iter()
            .find_map(|&i| p.sections[i].approval.as_ref().map(|a| (i, a)))?;
        let computed = match a.quantity_from.as_deref().and_then(|d| lp.derived.get(d).copied()) {
            Some(d) => self.derived_number(d as u32).map(|value| Quantity {
                value,
                unit: &p.derived[d].unit,
            }),
            None => None,
        };
        Some(ApprovalResult {
            section: &p.sections[i].id,
            duration: &a.duration,
            duration_months: a.duration_months,
            quantity: a.quantity.as_deref(),
            computed,
        })
    }

    /// Each dose or quantity limit with its status and the values it used.
    fn dose_checks(&mut self, nodes: &[u32]) -> Vec<DoseCheck<'p>> {
        let prog = self.prog;
        let mut checks = Vec::with_capacity(nodes.len());
        for &i in nodes {
            let Some(n) = prog.nodes.get(i as usize) else { continue };
            let mut used = Vec::new();
            self.collect_used(i, &mut used, 0);
            checks.push(DoseCheck {
                criterion: &n.id,
                label: &n.label,
                status: self.display_status(i),
                used,
            });
        }
        checks
    }

    /// The derived values that matter now, then the days since each dated result a window
    /// checks, as a calculator shows them.
    fn values(&mut self, relevant: &Marks, states: &[SectionState]) -> Vec<ValueResult<'p>> {
        let p = &self.lp.policy;
        let mut values = Vec::new();
        for (d, def) in p.derived.iter().enumerate() {
            if relevant.derived[d] {
                let value = self.derived_number(d as u32);
                values.push(ValueResult {
                    id: &def.id,
                    kind: ValueKind::Derived,
                    label: &def.label,
                    value,
                    unit: &def.unit,
                });
            }
        }
        for (i, s) in self.prog.sections.iter().enumerate() {
            if states[i].0 == Status::Met {
                self.collect_day_counts(s.root, &mut values);
            }
        }
        values
    }

    /// Every section, with the explained criteria of those that apply.
    fn sections(&mut self, states: &[SectionState]) -> Vec<SectionResult<'p>> {
        let p = &self.lp.policy;
        let mut sections = Vec::with_capacity(states.len());
        for (i, s) in p.sections.iter().enumerate() {
            let (applies, status) = states[i];
            let tree = if applies == Status::Met {
                self.explain(self.prog.sections[i].root)
            } else {
                None
            };
            sections.push(SectionResult {
                id: &s.id,
                title: &s.title,
                kind: s.kind,
                effect: s.effect,
                applies,
                status,
                tree,
            });
        }
        sections
    }

    /// The documentation of the policy and of every section that applies, each with its
    /// compiled conditions.
    fn documentation_items(&self, states: &[SectionState]) -> Vec<(&'p Documentation, &'p PDocumentation)> {
        let p = &self.lp.policy;
        let prog = self.prog;
        let mut items: Vec<_> = p.documentation.iter().zip(&prog.documentation).collect();
        for (i, (section, s)) in p.sections.iter().zip(&prog.sections).enumerate() {
            if states.get(i).is_some_and(|&(applies, _)| applies == Status::Met) {
                items.extend(section.documentation.iter().zip(&s.documentation));
            }
        }
        items
    }

    /// The texts of the documentation listed for these answers: all but those whose `when`
    /// does not hold.
    fn listed(&mut self, items: &'p [Documentation], compiled: &'p [PDocumentation]) -> Vec<&'p str> {
        items
            .iter()
            .zip(compiled)
            .filter(|(_, d)| self.gate(&d.when) != Some(Status::NotMet))
            .map(|(item, _)| item.text())
            .collect()
    }

    /// Whether documentation listed for these answers is shown missing by them.
    fn is_gap(&mut self, d: &PDocumentation) -> bool {
        self.gate(&d.when) != Some(Status::NotMet) && d.complete.is_some_and(|c| self.pred(c) == Status::NotMet)
    }

    /// Whether any documentation the plan expects is shown missing by the answers.
    pub(super) fn documentation_missing(&mut self, states: &[SectionState]) -> bool {
        let items = self.documentation_items(states);
        items.into_iter().any(|(_, d)| self.is_gap(d))
    }

    /// The documentation the answers show missing, with how many lines lack a date where that
    /// is what is missing.
    fn documentation_gaps(&mut self, states: &[SectionState]) -> Vec<DocumentationGap<'p>> {
        let mut gaps = Vec::new();
        for (item, d) in self.documentation_items(states) {
            if !self.is_gap(d) {
                continue;
            }
            let undated_lines = match d.complete.and_then(|c| self.prog.preds.get(c as usize)) {
                Some(PPred::LinesDated(q)) => self
                    .slot(*q)
                    .and_then(Answer::lines)
                    .map(|lines| lines.iter().filter(|l| l.start.is_none()).count() as u32),
                _ => None,
            };
            gaps.push(DocumentationGap {
                text: item.text(),
                undated_lines,
            });
        }
        gaps
    }
}
