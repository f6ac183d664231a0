//! How the server listens and what it accepts.

mod export_limits;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use self::export_limits::ExportLimits;

/// How the server listens and what it accepts.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The address to listen on (`127.0.0.1:0` picks a free port).
    pub addr: SocketAddr,
    /// The largest request body accepted; larger ones get 413.
    pub max_body_bytes: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// How many exports are written at once; others wait in the queue.
    pub export_workers: usize,
    /// Where export files are written; `None`: beside the database.
    pub export_folder: Option<PathBuf>,
    /// Quotas, retention and the sweeper of server-side exports.
    pub export_limits: ExportLimits,
    /// A pause after each page an export writes, so that tests can catch a job running.
    #[cfg(feature = "test-hooks")]
    pub export_page_pause: Duration,
}

impl ServerConfig {
    /// The default largest request body: 1 MiB.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

    /// Listens on `addr`, with a 1 MiB body limit and 10 s of grace at shutdown.
    #[must_use]
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            shutdown_grace: Duration::from_secs(10),
            export_workers: Self::DEFAULT_EXPORT_WORKERS,
            export_folder: None,
            export_limits: ExportLimits::default(),
            #[cfg(feature = "test-hooks")]
            export_page_pause: test_hooks_page_pause(),
        }
    }

    /// Exports written at once by default: one per core of a small machine.
    pub const DEFAULT_EXPORT_WORKERS: usize = 2;

    /// Sets how many exports are written at once (at least one).
    #[must_use]
    pub fn export_workers(mut self, workers: usize) -> Self {
        self.export_workers = workers.max(1);
        self
    }

    /// Sets the folder export files are written to.
    #[must_use]
    pub fn export_folder(mut self, folder: impl Into<PathBuf>) -> Self {
        self.export_folder = Some(folder.into());
        self
    }

    /// Sets the quotas, retention and sweeper of server-side exports.
    #[must_use]
    pub fn export_limits(mut self, limits: ExportLimits) -> Self {
        self.export_limits = limits;
        self
    }

    /// Sets the pause after each page an export writes (tests only).
    #[cfg(feature = "test-hooks")]
    #[must_use]
    pub fn export_page_pause(mut self, pause: Duration) -> Self {
        self.export_page_pause = pause;
        self
    }

    #[cfg(feature = "test-hooks")]
    pub(crate) fn page_pause(&self) -> Duration {
        self.export_page_pause
    }

    #[cfg(not(feature = "test-hooks"))]
    pub(crate) fn page_pause(&self) -> Duration {
        Duration::ZERO
    }

    /// Sets the largest request body.
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Sets how long shutdown waits for requests in flight.
    #[must_use]
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
}

/// The page pause a test build of a server process takes from its environment, so that process
/// tests can catch an export running: `CALLREPORT_TEST_EXPORT_PAGE_PAUSE_MS`.
#[cfg(feature = "test-hooks")]
fn test_hooks_page_pause() -> Duration {
    std::env::var("CALLREPORT_TEST_EXPORT_PAGE_PAUSE_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis)
}
