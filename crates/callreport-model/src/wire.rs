//! The provider's wire format, one to one: every key the provider sends, as it sends it.
//!
//! These records are deliberately lenient: every field is optional, scalar fields keep the raw
//! JSON value as a [`Scalar`] (a number may arrive as a string; text is borrowed from the input), and unknown keys are kept in `extra`. The
//! strict checks happen when a wire record is turned into a domain value (`TryFrom`), which
//! names the failing field by its path.
//!
//! `Debug` on wire records prints which keys are present and the values of the fields that are
//! neither personal nor secret.

mod call_document;
mod envelope;
pub mod keys;
pub(crate) mod record;
mod scalar;
mod views;

pub use call_document::{AgentLeg, CallDocument, CustomerLeg, Durations};
pub use envelope::Envelope;
pub use keys::keys;
pub(crate) use record::wire_record;
pub use scalar::Scalar;
pub use views::{
    AgentsView, DeductionEntry, DeductionsView, RecordingEntry, RecordingsView, StandardDetail,
};
