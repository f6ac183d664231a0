//! A recording as the push report names it: a file path, without the access token of a
//! [`RecordingLocator`](crate::RecordingLocator).

use std::fmt;

use chrono::{DateTime, FixedOffset};

use crate::mask::mask_number;

/// One item of the push report's `recordings[]`.
///
/// The file path (`/202508/<callId>_<number>_<Y-M-D-H-M-S>_<type>.mp3`) holds the customer's
/// number: `Debug` masks it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushRecording {
    /// The leg recorded (`nodeid`: `from`/`to` in click-to-call, or a node id).
    pub node: Option<String>,
    /// The file's path under the account's recordings (`file`).
    pub file: String,
    /// When the recording started (`time`), India Standard Time (+05:30).
    pub started_at: Option<DateTime<FixedOffset>>,
}

impl PushRecording {
    /// A recording of `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            node: None,
            file: file.into(),
            started_at: None,
        }
    }
}

impl fmt::Debug for PushRecording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushRecording")
            .field("node", &self.node)
            .field("file", &mask_number(&self.file))
            .field("started_at", &self.started_at)
            .finish()
    }
}
