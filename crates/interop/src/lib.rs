//! Precheck's exchange formats, built on the engine's public API only: a policy's form as a
//! FHIR R4 `Questionnaire` and answers as a `QuestionnaireResponse` ([`fhir`]), a response read
//! back into answers ([`fhir::read`]), and a policy's criteria as JsonLogic rules
//! ([`jsonlogic`]), and proposed answers from a patient's FHIR record ([`prefill`]). Pure like the engine: no I/O, no clock; builds for `wasm32-unknown-unknown`.

pub mod fhir;
pub mod jsonlogic;
pub mod prefill;
pub mod smart;
