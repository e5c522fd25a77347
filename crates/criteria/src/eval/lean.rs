//! The lean verdict: outcome, failed criteria, missing and relevant questions and referrals,
//! read from the same statuses as the full result, with nothing else built (no notes, dose
//! checks, values, approval or explanation).

use super::Run;
use crate::result::Verdict;

impl<'p> Run<'p, '_> {
    pub(crate) fn lean(mut self) -> Verdict<'p> {
        let states = self.section_states();
        let mut decision = self.decide(&states, None);
        let mut read = self.read_out(&states, &mut decision, false);
        let (relevant, missing) = self.questions_out(&mut read);
        Verdict {
            outcome: decision.outcome,
            failed_at: read.failed,
            missing_at: missing,
            relevant_at: relevant,
            refer_to: decision.refer_to,
            policy: self.lp,
        }
    }
}
