//! The Call Detail views other than the raw document.

mod agents;
mod deductions;
mod detail;
mod recordings;
mod standard;

pub use self::agents::AgentsView;
pub use self::deductions::{Deduction, DeductionsView};
pub use self::detail::Detail;
pub use self::recordings::{Recording, RecordingsView};
pub use self::standard::StandardDetail;
