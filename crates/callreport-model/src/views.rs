//! The Call Detail views other than the raw document.

mod agents;
mod call_detail;
mod deductions;
mod recordings;
mod standard;

pub use self::agents::{AgentsView, AgentsViewRecord};
pub use self::call_detail::CallDetail;
pub use self::deductions::{Deduction, DeductionEntry, DeductionsView, DeductionsViewRecord};
pub use self::recordings::{Recording, RecordingEntry, RecordingsView, RecordingsViewRecord};
pub use self::standard::{StandardContext, StandardDetail, StandardDetailRecord};
