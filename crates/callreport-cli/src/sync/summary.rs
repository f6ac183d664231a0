//! What one pass of `sync` did, for the one-line summary and `--json`.

use std::time::Duration;

use callreport_store::SyncOutcome;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A pass's counts; kept up to date as it goes, so a pass that stops still reports.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    /// Time windows read completely (each committed with its checkpoint).
    pub(crate) windows: u64,
    /// Pages received.
    pub(crate) pages: u64,
    /// Calls new to the store.
    pub(crate) new: u64,
    /// Calls whose stored document changed.
    pub(crate) updated: u64,
    /// Calls stored already exactly as listed.
    pub(crate) unchanged: u64,
    /// Stored calls of a re-read window that the provider no longer lists (kept).
    pub(crate) disappeared: u64,
    /// Rows that did not decode, so were not stored.
    pub(crate) rejected: u64,
    /// Recording files copied and registered (`--recordings`).
    pub(crate) recordings: u64,
    /// Recording files that could not be copied.
    pub(crate) recordings_failed: u64,
    /// Seconds the pass took.
    pub(crate) seconds: f64,
    /// Calls received a second.
    pub(crate) calls_per_second: f64,
    /// How far the account is mirrored after the pass (exclusive, RFC 3339).
    pub(crate) checkpoint: Option<DateTime<Utc>>,
    /// Whether the pass stopped before its last window (a failure or a signal).
    pub(crate) stopped: bool,
}

impl Summary {
    pub(crate) fn add(&mut self, outcome: SyncOutcome) {
        self.new += outcome.new;
        self.updated += outcome.updated;
        self.unchanged += outcome.unchanged;
    }

    pub(crate) fn calls(&self) -> u64 {
        self.new + self.updated + self.unchanged
    }

    /// The one-line summary.
    pub(crate) fn line(&self) -> String {
        let through = self
            .checkpoint
            .map_or_else(|| "none".to_owned(), |at| at.to_rfc3339());
        format!(
            "synced {} windows ({} pages): {} new, {} updated, {} unchanged, {} disappeared, \
             {} rejected{} in {:.2} s ({:.0} calls/s); mirrored through {through}{}",
            self.windows,
            self.pages,
            self.new,
            self.updated,
            self.unchanged,
            self.disappeared,
            self.rejected,
            self.recordings_line(),
            self.seconds,
            self.calls_per_second,
            if self.stopped { " (stopped early)" } else { "" }
        )
    }

    /// `, N recordings copied (M failed)` when recordings were copied or failed.
    fn recordings_line(&self) -> String {
        match (self.recordings, self.recordings_failed) {
            (0, 0) => String::new(),
            (copied, 0) => format!(", {copied} recordings copied"),
            (copied, failed) => format!(", {copied} recordings copied ({failed} failed)"),
        }
    }

    /// The summary as one JSON object.
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Sets the time taken and the rate.
    pub(crate) fn took(&mut self, elapsed: Duration) {
        self.seconds = elapsed.as_secs_f64();
        #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
        let calls = self.calls() as f64;
        self.calls_per_second = calls / self.seconds.max(f64::EPSILON);
    }
}
