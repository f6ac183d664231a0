//! Pages gathered into one write. A transaction per page rewrote the same index pages (call
//! ids and numbers land all over their indexes) once per page: at a million calls that, not
//! fetching, was the time of a sync (docs/performance.md, "Mirroring").

use std::time::{Duration, Instant};

use callreport_store::IndexedCall;
use chrono::{DateTime, Utc};

/// Calls held before they are written whatever else happens: bounds memory (a call ready to be
/// stored is about 2 KB) and what a killed run reads again.
const MAX_CALLS: usize = 10_000;

/// How long a completed window waits for more before it is committed: bounds how far the
/// checkpoint lags behind the pages read.
const MAX_DELAY: Duration = Duration::from_secs(1);

/// Calls read and not yet handed to the store, and how far they complete the mirror.
pub(crate) struct Batch {
    calls: Vec<IndexedCall>,
    /// The end of the last window whose every page is in `calls` or stored already.
    through: Option<DateTime<Utc>>,
    since: Instant,
}

impl Batch {
    pub(crate) fn new() -> Self {
        Self {
            calls: Vec::new(),
            through: None,
            since: Instant::now(),
        }
    }

    pub(crate) fn add(&mut self, calls: impl IntoIterator<Item = IndexedCall>) {
        self.calls.extend(calls);
    }

    /// Every page of the window ending at `end` is in the batch or stored.
    pub(crate) fn window_read(&mut self, end: DateTime<Utc>) {
        self.through = Some(end);
    }

    /// Whether the batch should be written now: it is full, or it completes a window and has
    /// waited long enough.
    pub(crate) fn is_due(&self) -> bool {
        self.calls.len() >= MAX_CALLS
            || (self.through.is_some() && self.since.elapsed() >= MAX_DELAY)
    }

    /// The calls and the checkpoint to write with them, if there is anything to write; the
    /// batch starts again empty.
    pub(crate) fn take(&mut self) -> Option<(Vec<IndexedCall>, Option<DateTime<Utc>>)> {
        self.since = Instant::now();
        if self.calls.is_empty() && self.through.is_none() {
            return None;
        }
        Some((std::mem::take(&mut self.calls), self.through.take()))
    }
}
