//! Limits on server-side exports: per-account quotas, retention, and the sweeper's pace.

use std::time::Duration;

/// Limits on server-side exports.
///
/// A periodic sweeper renews the leases of this server's jobs, fails jobs whose lease ran out
/// (their server is gone) and, once after start, every job an earlier process left unfinished;
/// it deletes finished exports (record and file) past their retention, and removes temporary
/// parts files (`<expId>.<ext>#<n>`) no running job owns. A sweep that cannot reach the database is retried at the
/// next one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportLimits {
    /// Export requests an account may have queued or running at once; more are refused (1000).
    pub max_active_per_account: u32,
    /// Bytes of finished export files an account may keep; once reached, new requests are
    /// refused (1000) until older files expire.
    pub max_kept_bytes_per_account: u64,
    /// How long a finished export (its record and file) is kept after it finished.
    pub retention: Duration,
    /// How often the sweeper runs.
    pub sweep_interval: Duration,
    /// How long a job's lease holds without renewal; at least twice the sweep interval.
    pub lease: Duration,
}

impl ExportLimits {
    /// The default number of queued or running exports per account.
    pub const DEFAULT_MAX_ACTIVE_PER_ACCOUNT: u32 = 4;
    /// The default bytes of export files kept per account: 1 GiB.
    pub const DEFAULT_MAX_KEPT_BYTES_PER_ACCOUNT: u64 = 1 << 30;
    /// The default retention of a finished export: 7 days.
    pub const DEFAULT_RETENTION: Duration = Duration::from_secs(7 * 24 * 60 * 60);
    /// The default pause between sweeps: 30 s.
    pub const DEFAULT_SWEEP_INTERVAL: Duration = Duration::from_secs(30);
    /// The default lease of a job: 2 minutes.
    pub const DEFAULT_LEASE: Duration = Duration::from_secs(120);

    /// Sets how many exports an account may have queued or running at once (at least one).
    #[must_use]
    pub fn max_active_per_account(mut self, jobs: u32) -> Self {
        self.max_active_per_account = jobs.max(1);
        self
    }

    /// Sets how many bytes of export files an account may keep.
    #[must_use]
    pub fn max_kept_bytes_per_account(mut self, bytes: u64) -> Self {
        self.max_kept_bytes_per_account = bytes;
        self
    }

    /// Sets how long a finished export is kept.
    #[must_use]
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = retention;
        self
    }

    /// Sets how often the sweeper runs (at least every 10 ms), and a lease of at least twice
    /// that.
    #[must_use]
    pub fn sweep_interval(mut self, interval: Duration) -> Self {
        self.sweep_interval = interval.max(Duration::from_millis(10));
        self.lease = self.lease.max(self.sweep_interval * 2);
        self
    }

    /// Sets how long a job's lease holds (at least twice the sweep interval).
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(self.sweep_interval * 2);
        self
    }
}

impl Default for ExportLimits {
    fn default() -> Self {
        Self {
            max_active_per_account: Self::DEFAULT_MAX_ACTIVE_PER_ACCOUNT,
            max_kept_bytes_per_account: Self::DEFAULT_MAX_KEPT_BYTES_PER_ACCOUNT,
            retention: Self::DEFAULT_RETENTION,
            sweep_interval: Self::DEFAULT_SWEEP_INTERVAL,
            lease: Self::DEFAULT_LEASE,
        }
    }
}
