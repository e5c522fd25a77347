// Generated from the Rust types by crates/bindings/src/types.rs; do not edit.
// Every function returns a Reply; every data key is snake_case, as in policy and answers files.

/** An answer as an answers file writes it: yes/no, a number (or `{value, unit}`), a date
 * `YYYY-MM-DD`, an option, a list of options or drug ids, prior lines (each a list of drug ids,
 * or `{drugs, start}`), `{not_done: true}`, or `{partial: [...]}` for a list known in part. */
export type AnswerValue =
  | boolean
  | number
  | { value: number; unit?: string }
  | string
  | Array<string>
  | Array<Array<string> | { drugs: Array<string>; start?: string }>
  | { not_done: true }
  | { partial: Array<string> | Array<Array<string> | { drugs: Array<string>; start?: string }> };
/** Answers keyed by question id; leave out what is not known yet. */
export type Answers = Record<string, AnswerValue>;
/** What `evaluate` returns on success: the engine's evaluation, with the refused answers. */
export type EvaluateResult = Evaluation;
/** A policy's criteria as JsonLogic rules; the data convention is in `interop::jsonlogic`. */
export type JsonLogicExport = {
  policy: string;
  convention: string;
  sections: Array<{ id: string; applies: unknown; criteria: unknown; effect: Effect }>;
};
export type Reply<T> = { "type": "success", result: T, } | { "type": "failure", errors: Array<Failure>, };
export type Failure = { kind: FailureKind, message: string, };
export type FailureKind = "unknown_policy" | "options" | "answers" | "response" | "record" | "library" | "earlier";
export type Options = { 
/**
 * `YYYY-MM-DD`; required, since the engine reads no clock.
 */
as_of: string, line_of_business?: LineOfBusiness, 
/**
 * Include the explanation: every section with its criteria tree (`sections`).
 */
explain?: boolean, };
export type PolicySummary = { id: string, title: string, subject: string, issuer: string, plan: string, lines_of_business: Array<LineOfBusiness>, effective?: string, last_review: string, 
/**
 * The HCPCS/CPT codes the policy lists.
 */
codes: Array<string>, };
export type CodeEntry = { code: string, system: string, label: string, policy: string, 
/**
 * The other policies that policy's answers may refer the request to (a pump's code: the
 * intrathecal baclofen policy, the pumps for other indications).
 */
routes: Array<Referral>, };
export type LibraryFile = { name: string, text: string, };
export type LibraryBuilt = { 
/**
 * `manifest.json`'s text.
 */
manifest: string, policies: number, 
/**
 * The new `sw.js`, when one was given.
 */
worker?: string, version?: string, 
/**
 * The new `index.html` (its start screen lists this library), when one was given.
 */
page?: string, };
export type LintOptions = { 
/**
 * The file's name, in every problem (`policy.json` when not given).
 */
file?: string, 
/**
 * A case file's text (the `tests/cases/` format): each case run, and the coverage.
 */
cases?: string, 
/**
 * The policy document as text: the file's texts that repeat a run of its words.
 */
source?: string, 
/**
 * An earlier version of the policy file: with `cases`, every case the revision changes.
 */
earlier?: string, };
export type Lint = { 
/**
 * The policy's id, when the file is valid.
 */
policy: string | null, 
/**
 * Every problem of an invalid file, located; empty when it is valid.
 */
problems: Array<Located>, 
/**
 * With the source document: each text of the file that repeats a run of its words.
 */
copies: Array<CopyAt>, 
/**
 * With a case file (and a valid policy): its report, or why it cannot be used.
 */
cases: Cases | null, };
export type CopyAt = { path: string, line: number, column: number, 
/**
 * The run of words it shares with the source, as the file writes them, and how many.
 */
words: string, count: number, };
export type Cases = { "type": "ran" } & CaseReport | { "type": "refused", message: string, };
export type CaseReport = { 
/**
 * Each case in the file's order, with its differences (none when it passes).
 */
results: Array<CaseResult>, passed: number, coverage: Coverage, 
/**
 * With an earlier version: what this version changes, case by case.
 */
revision: Revision | null, };
export type CaseResult = { name: string, differences: Array<Difference>, };
export type Located = { path: string, line: number, column: number, 
/**
 * The rule broken; none when the text is not JSON of the policy's shape.
 */
kind: ProblemKind | null, message: string, };
export type Difference = { "kind": "unreadable", message: string, } | { "kind": "answer", message: string, } | { "kind": "outcome", expected: string, got: string, } | { "kind": "failed", expected: Array<string>, got: Array<string>, } | { "kind": "missing", expected: Array<string>, got: Array<string>, } | { "kind": "refer_to", expected: Array<string>, got: Array<string>, } | { "kind": "unmarked" };
export type Coverage = { 
/**
 * How many criteria the policy has.
 */
criteria: number, 
/**
 * Criteria no case fails (neither exempt nor a deny section's reason).
 */
never_failed: Array<string>, 
/**
 * Alternatives of an `any` that no case meets.
 */
alternatives_never_met: Array<string>, 
/**
 * Criteria no case meets (a warning for an author; not part of the corpus rule, since a
 * criterion under a failing gate may never need to be met).
 */
never_met: Array<string>, };
export type Revision = { 
/**
 * Cases run.
 */
cases: number, 
/**
 * Cases whose outcome changed.
 */
outcomes_changed: number, 
/**
 * Every case whose result differs, in the file's order.
 */
changes: Array<CaseChange>, };
export type CaseChange = { name: string, change: Change, };
export type Change = { "type": "compared" } & Comparison | { "type": "unreadable", message: string, };
export type Comparison = { old_outcome: Outcome, new_outcome: Outcome, 
/**
 * The criteria where the change starts, in tree order (old order first, then criteria and
 * sections only the new version has).
 */
criteria: Array<CriterionChange>, failed: ListChange, missing: ListChange, };
export type CriterionChange = { 
/**
 * The section the criterion belongs to.
 */
section: string, 
/**
 * The criterion id, or the section id when the change is in whether the section applies.
 */
id: string, 
/**
 * The label in the new version, or in the old one when the criterion was removed.
 */
label: string, 
/**
 * Absent when the criterion (or its section's tree) is not in the old version.
 */
old: Status | null, 
/**
 * Absent when the criterion (or its section's tree) is not in the new version.
 */
new: Status | null, };
export type ListChange = { removed: Array<string>, added: Array<string>, };
export type ProblemKind = "duplicate" | "unknown_reference" | "wrong_type" | "unit" | "misplaced" | "missing" | "bad_value" | "cycle" | "limit" | "unused";
export type ResponseAnswers = { 
/**
 * What [`evaluate`] takes.
 */
answers: Answers, errors: Array<AnswerError>, };
export type PrefillResult = { 
/**
 * The one patient the record is of: show it while the record's answers are on screen.
 */
patient: Patient, answers: Answers, proposals: Array<Proposal>, ignored: Array<Ignored>, 
/**
 * Entries of the record that could not be read as resources.
 */
unreadable: number, };
export type Proposal = { question: string, answer: AnswerValue, sources: Array<Source>, 
/**
 * How the answer was worked out, when the record does not state it as such (lines
 * grouped, several results combined, the latest of several courses): an inferred answer,
 * which the user confirms before a verdict rests on it. Absent for an answer the record
 * states (a result, a code, a date).
 */
inferred?: Inference, };
export type Source = { resource_type: string, id: string, 
/**
 * The date that counts: the result's effective date, the condition's onset or record date.
 */
date?: string, 
/**
 * The value as the record holds it, before any conversion.
 */
value?: string, unit?: string, };
export type Ignored = { question: string, source: Source, reason: Reason, };
export type Patient = { id: string, name?: string, birth_date?: string, 
/**
 * The first identifier (a medical record number), as `value` or `system|value`'s value.
 */
identifier?: string, };
export type Inference = { "kind": "lines", progressions: Array<string>, unsettled: Array<Regimen>, } | { "kind": "latest_course", courses: number, } | { "kind": "combined", results: number, } | { "kind": "highest", results: number, } | { "kind": "at_progression", date: string, } | { "kind": "relapse" } | { "kind": "orders" } | { "kind": "context" } | { "kind": "not_since", last: string, } | { "kind": "since", date: string, } | { "kind": "after_course", began: string, } | { "kind": "nadir", from: string, to: string, results: number, };
export type Regimen = { start: string, drugs: Array<string>, };
export type Reason = { "kind": "entered_in_error" } | { "kind": "not_final", status: string, } | { "kind": "outside_window", days: number, within_days: number, } | { "kind": "after_as_of" } | { "kind": "no_date" } | { "kind": "no_value" } | { "kind": "no_range" } | { "kind": "unit", unit: string, } | { "kind": "not_active", status: string, } | { "kind": "superseded", by: string, } | { "kind": "refused", message: string, };
export type VerdictResult = { policy: PolicyInfo, as_of: string, outcome: Outcome, 
/**
 * Criterion ids that definitively fail, in the policy's numbering.
 */
failed: Array<string>, 
/**
 * Question ids still to answer, in form order.
 */
missing: Array<string>, 
/**
 * Question ids the form shows, in form order.
 */
relevant: Array<string>, refer_to: Array<Referral>, 
/**
 * Answers that were refused, each naming its question; every other answer counts.
 */
errors: Array<AnswerError>, caveat: string, };
export type Evaluation = { policy: PolicyInfo, as_of: string, line_of_business?: LineOfBusiness, outcome: Outcome, freshness: Freshness, 
/**
 * Criterion ids that definitively fail, in tree order.
 */
failed: Array<string>, 
/**
 * Questions still needed to decide, in form order.
 */
missing: Array<string>, 
/**
 * Questions a form should show now, in form order.
 */
relevant: Array<string>, progress: Progress, approval?: ApprovalResult, dose_checks: Array<DoseCheck>, refer_to: Array<Referral>, documentation: Array<string>, 
/**
 * Documentation the plan asks for that the answers show missing.
 */
documentation_gaps: Array<DocumentationGap>, notes: Array<Note>, values: Array<ValueResult>, 
/**
 * Every section with its explained criteria; empty (and left out) in a summary.
 */
sections?: Array<SectionResult>, 
/**
 * Answers refused before evaluation, each naming its question; every other answer
 * counted. The engine never sees a refused answer: the caller that parsed the answers
 * puts the parser's errors here (`parse_answers`), so that a result carries them.
 */
errors: Array<AnswerError>, caveat: string, };
export type PolicyInfo = { id: string, title: string, subject: string, issuer: string, plan: string, effective?: string, last_review: string, };
export type Freshness = { effective?: string, last_review: string, 
/**
 * Whole months from the last review to the as-of date.
 */
months_since_review: number, 
/**
 * The last review is more than 12 months before the as-of date: the plan may have revised
 * the policy since this copy.
 */
stale: boolean, };
export type Outcome = "meets" | "documentation_incomplete" | "does_not_meet" | "incomplete" | "refer";
export type Status = "met" | "not_met" | "unknown" | "not_applicable";
export type Progress = { 
/**
 * Relevant questions answered.
 */
answered: number, 
/**
 * Answered plus still missing.
 */
needed: number, };
export type ApprovalResult = { section: string, duration: string, duration_months?: number, 
/**
 * The quantity as the policy states it.
 */
quantity?: string, 
/**
 * The quantity computed from the answers, where the policy gives a formula.
 */
computed?: Quantity, };
export type Quantity = { value: number, unit: string, };
export type DoseCheck = { criterion: string, label: string, status: Status, used: Array<Used>, };
export type DocumentationGap = { 
/**
 * The documentation, as the policy words it.
 */
text: string, 
/**
 * How many prior lines have no start date, where that is what is missing.
 */
undated_lines?: number, };
export type Used = { id: string, label: string, value: Shown, unit?: string, };
export type Shown = { "kind": "blank" } | { "kind": "answer", 
/**
 * As written in an answers file (`AnswerValue` in the TypeScript declarations).
 */
answer: AnswerValue, } | { "kind": "number", value: number, } | { "kind": "at_least", value: number, } | { "kind": "absent" } | { "kind": "days_before", days: number, };
export type NodeResult = { id: string, label: string, 
/**
 * `all`, `any`, `at_least`, `not`, `check` or `use`.
 */
rule: string, at_least?: number, status: Status, 
/**
 * The status of the node's `when` conditions, where it has any.
 */
gate?: Status, used?: Array<Used>, children?: Array<NodeResult>, 
/**
 * Referrals this node carries when it is what satisfies its section.
 */
refer?: Array<Referral>, dose_check?: boolean, ambiguity?: string, };
export type SectionResult = { id: string, title: string, kind: SectionKind, effect: Effect, 
/**
 * Whether the section applies to this request.
 */
applies: Status, 
/**
 * The section's own verdict: met, not met (or denied), unknown, or not applicable.
 */
status: Status, 
/**
 * The explained criteria; absent for a section that does not apply, and in summaries.
 */
tree?: NodeResult, };
export type ValueResult = { id: string, kind: ValueKind, label: string, value: number | null, unit: string, };
export type ValueKind = "derived" | "days_since";
export type Note = { "kind": "stale_review", policy: string, last_review: string, months: number, } | { "kind": "policy", text: string, } | { "kind": "section", section: string, text: string, } | { "kind": "no_section" } | { "kind": "unlisted_line_of_business", line_of_business: LineOfBusiness, } | { "kind": "not_computable" };
export type Referral = { 
/**
 * Absent when the referral holds for every line of business.
 */
line_of_business?: LineOfBusiness | null, 
/**
 * The policy referred to, for example `CP.CPA.09`.
 */
policy?: string | null, label: string, };
export type LineOfBusiness = "commercial" | "marketplace" | "medicaid" | "medicare";
export type SectionKind = "initial" | "continued" | "not_authorized";
export type Effect = "criteria" | "deny";
export type AnswerError = { question: string, kind: AnswerErrorKind, message: string, };
export type AnswerErrorKind = "unknown_question" | "retired" | "wrong_type" | "unreadable" | "unit" | "out_of_range" | "bad_date" | "after_as_of" | "before_birth" | "not_offered" | "not_allowed" | "duplicate" | "contradiction";
export type Question = { id: string, 
/**
 * A paraphrased prompt, phrased as a fact to report.
 */
prompt: string, help?: string | null, type: QuestionType, 
/**
 * `number`: the unit answers are stored in.
 */
unit?: string | null, 
/**
 * `number`: other units an answer may be given in, converted to `unit`.
 */
accepts_units?: Array<string>, min?: number | null, max?: number | null, integer?: boolean, 
/**
 * `choice` and `multi_choice`.
 */
options?: Array<Choice>, 
/**
 * `drug_list`: limit the catalogue to drugs of these classes.
 */
classes?: Array<string>, 
/**
 * The question may be answered "not done" (`{"not_done": true}`): the fact is known to be
 * absent, for example a test that was never ordered, where the policy accepts other
 * evidence. Not for `multi_choice`, `drug_list` or `therapy_lines`, whose "none" is an
 * empty list.
 */
not_done?: boolean, 
/**
 * Questions that belong to this one (a lab's date, the ratio of the same test): while this
 * one is answered "not done" they are not asked and read as not done too.
 */
companions?: Array<string>, 
/**
 * `drug_list` and `therapy_lines`: the list may be answered as known so far, with more
 * possibly missing (`{"partial": [...]}`); only what is listed counts, and nothing is
 * concluded from what is not.
 */
partial?: boolean, 
/**
 * `therapy_lines`: each line may carry the date it started
 * (`{"drugs": [...], "start": "YYYY-MM-DD"}`), for policies that ask for the dates.
 */
line_dates?: boolean, 
/**
 * `drug_list` with `classes`: the list covers the whole history of those classes, the
 * drugs of this `therapy_lines` question included ("BCMA-targeted therapy ever, lines
 * included"). Answered complete, it decides whether the lines hold a drug of its classes
 * whatever the state of the line list; a line that lists such a drug it does not is a
 * contradiction, refused.
 */
covers?: string, 
/**
 * Where the answer may be found in a patient's FHIR R4 record, for "Fill from patient
 * record": the prefill proposes it with its source, the user confirms.
 */
fhir?: FhirSource, };
export type QuestionType = "yes_no" | "number" | "date" | "choice" | "multi_choice" | "drug_list" | "therapy_lines";
export type Choice = { value: string, label: string, };
export type FhirSource = { resource: FhirResource, element: FhirElement, 
/**
 * The codes that identify the resource (an Observation's test, a `yes_no` question's
 * condition); any one matches.
 */
codes?: Array<Coding>, 
/**
 * `choice` from a Condition: per option value, the codes that mean it.
 */
options?: { [key in string]?: Array<Coding> }, 
/**
 * Observations and Procedures: only those from at most this many days before the as-of
 * date count (the policy's own window); older ones are shown as ignored.
 */
within_days?: number | null, 
/**
 * `first_dose`, `last_dose` and `ongoing`: a record of the drugs begun more than this many
 * days after the previous one ended starts a new course; 60 when not given.
 */
pause_days?: number | null, 
/**
 * `first_dose`, `last_dose` and `ongoing`: the drugs, as ids of the policy's catalogue
 * (matched by its codes and names), beside any `codes` and `names` given here.
 */
drugs?: Array<string>, 
/**
 * `first_dose`, `last_dose` and `ongoing`: the names a chart may record the drugs by, for
 * a medication coded only by text (generic and brand names, matched as whole words).
 */
names?: Array<string>, 
/**
 * `since`: how many days the condition must have been present.
 */
at_least_days?: number | null, 
/**
 * `since`: the option it then selects.
 */
option?: string | null, 
/**
 * `abnormal` for a `choice`: the option a result outside its range selects.
 */
abnormal_option?: string | null, 
/**
 * `abnormal`: every result counts, not only each test's latest (a classification that one
 * abnormal result ever settles, as the ACR 2010 criteria are read).
 */
ever?: boolean, 
/**
 * `abnormal` for a `choice`: the option every result within its range selects.
 */
normal_option?: string | null, 
/**
 * The record holds the answer but cannot say it is this request's (a diagnosis on the
 * problem list for "what is it requested for", a specialist of the care team for "who
 * prescribes"): the proposal is always inferred, confirmed by the user.
 */
inferred?: boolean, 
/**
 * `lines`: the policy's definition of a line of therapy, as the record can show it.
 */
lines?: LineRule | null, };
export type FhirResource = "Patient" | "Observation" | "Condition" | "Medication" | "Procedure" | "PractitionerRole";
export type FhirElement = "birth_date" | "value" | "effective" | "code" | "lines" | "reference_high" | "abnormal" | "highest" | "first_dose" | "last_dose" | "stopped" | "ongoing" | "progression" | "progression_after" | "at_progression" | "nadir" | "line_end" | "since" | "drugs";
export type LineRule = { 
/**
 * Evidence of progression: an Observation with one of these codes (a disease status, as
 * mCODE's) whose value is one of `progressed`, or a Condition with one of these codes (a
 * relapse), at its date.
 */
progression: Array<Coding>, 
/**
 * Procedures that give a line's therapy without naming its drugs (a CAR-T infusion, a
 * course of chemotherapy): the line they fall in is marked as not fully documented, so that
 * no drug class is concluded absent from it.
 */
therapies?: Array<Coding>, 
/**
 * The values of a progression Observation that mean the disease progressed (an
 * Observation with another value, or none, is not evidence of progression).
 */
progressed?: Array<Coding>, };
export type Coding = { 
/**
 * The code system's canonical URI (`http://hl7.org/fhir/sid/icd-10-cm`, `http://loinc.org`).
 */
system: string, code: string, display: string, };
