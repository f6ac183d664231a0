//! The provider's wire format, one to one: every key the provider sends, as it sends it.
//!
//! These records are deliberately lenient: every field is optional, scalar fields keep the raw
//! JSON value as a [`Scalar`] (a number may arrive as a string; text is borrowed from the
//! input), and unknown keys are kept in `extra`. The strict checks happen when a wire record is
//! turned into a domain value (`TryFrom`), which names the failing field by its path.
//!
//! Each record is declared once, beside its domain type, in a table of wire key, domain field
//! and codec; this module gathers them. [`keys`] lists every key the model knows.
//!
//! `Debug` on wire records prints which keys are present and the values of the fields that are
//! neither personal nor secret.

mod keys;

pub use self::keys::keys;
pub use crate::call::CallDocument;
pub use crate::call::Durations;
pub use crate::call::{AgentLegRecord as AgentLeg, CustomerLegRecord as CustomerLeg};
pub use crate::count::CountRecord as Count;
pub use crate::envelope::Envelope;
pub use crate::export::ExportStatusRecord as ExportStatus;
pub use crate::list::PagingRecord as Paging;
pub use crate::scalar::Scalar;
pub use crate::views::{
    AgentsViewRecord as AgentsView, DeductionEntry, DeductionsViewRecord as DeductionsView,
    RecordingEntry, RecordingsViewRecord as RecordingsView, StandardDetailRecord as StandardDetail,
};
