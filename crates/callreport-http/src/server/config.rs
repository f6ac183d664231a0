//! How the server listens and what it accepts.

mod export_limits;

use callreport_store::FileStore;
use std::net::SocketAddr;
use std::time::Duration;

pub use self::base_url::InvalidBaseUrl;

mod base_url;
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
    /// Where export files are kept (a folder, or a bucket every replica reaches); `None`:
    /// the store's folder for them, beside the database.
    pub export_files: Option<FileStore>,
    /// The base of the links the server hands out (`http://host:port`, or behind a proxy
    /// `https://calls.example.com`); `None`: `http://` and the listening address. Never taken
    /// from a request's `Host` header.
    pub public_base_url: Option<String>,
    /// How long a connection may take to send its first request's headers, and each later
    /// request's headers; a silent connection is closed when it passes.
    pub header_read_timeout: Duration,
    /// How long reading one request body may take in all.
    pub body_read_timeout: Duration,
    /// The slowest a request body may arrive, in bytes per second, after the first
    /// [`BODY_RATE_GRACE`](Self::BODY_RATE_GRACE); a body dripped slower is refused with 408
    /// and its connection closed.
    pub body_min_bytes_per_second: u64,
    /// How long a connection with no request in flight is kept open. An HTTP/1 connection
    /// waiting for its next request is also bound by `header_read_timeout` (hyper's header
    /// timer runs while it waits), so for HTTP/1 the shorter of the two applies.
    pub idle_timeout: Duration,
    /// How often an HTTP/2 connection is pinged, and how long the answer may take before the
    /// connection is closed as dead.
    pub http2_keep_alive: Duration,
    /// The most connections open at once. When it is reached, the oldest connection with no
    /// request in flight is closed for the new one; when every connection has a request in
    /// flight, the new one is refused.
    pub max_connections: usize,
    /// The most requests in flight at once on one HTTP/2 connection.
    pub max_streams_per_connection: u32,
    /// The largest request head (request line and headers) read: hyper's HTTP/1 read buffer
    /// and HTTP/2 header list. Larger heads are refused with 431.
    pub max_header_bytes: usize,
    /// Failed authentications one client address may make in a burst.
    pub auth_failure_burst: u32,
    /// Failed authentications per minute one client address may make after its burst; past it,
    /// failures are answered 429 with `Retry-After`. Valid credentials are never refused.
    pub auth_failures_per_minute: u32,
    /// Quotas, retention and the sweeper of server-side exports.
    pub export_limits: ExportLimits,
    /// A pause after each page an export writes, so that tests can catch a job running.
    #[cfg(feature = "test-hooks")]
    pub export_page_pause: Duration,
}

impl ServerConfig {
    /// The default largest request body: 1 MiB.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
    /// The default time for a request's headers: 10 s.
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default time for a whole request body: 30 s.
    pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default slowest body: 1 KiB/s (a 1 MiB body at that rate still needs the whole
    /// [`DEFAULT_BODY_READ_TIMEOUT`](Self::DEFAULT_BODY_READ_TIMEOUT) and more, so the total
    /// wins for large bodies; the rate closes drips early).
    pub const DEFAULT_BODY_MIN_BYTES_PER_SECOND: u64 = 1024;
    /// How long a body may arrive slower than the minimum rate before the rate is enforced.
    pub const BODY_RATE_GRACE: Duration = Duration::from_secs(5);
    /// The default idle time before a connection is closed: 60 s.
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
    /// The default HTTP/2 ping interval and answer timeout: 20 s.
    pub const DEFAULT_HTTP2_KEEP_ALIVE: Duration = Duration::from_secs(20);
    /// The default most connections open at once: 1024.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
    /// The default most requests in flight on one HTTP/2 connection: 64.
    pub const DEFAULT_MAX_STREAMS_PER_CONNECTION: u32 = 64;
    /// The default largest request head: 64 KiB (hyper's own is about 400 KB per connection).
    pub const DEFAULT_MAX_HEADER_BYTES: usize = 64 * 1024;
    /// The smallest request head limit hyper takes.
    pub const MIN_MAX_HEADER_BYTES: usize = 8 * 1024;
    /// The default burst of failed authentications per client address: 20.
    pub const DEFAULT_AUTH_FAILURE_BURST: u32 = 20;
    /// The default failed authentications per minute per client address after the burst: 60.
    pub const DEFAULT_AUTH_FAILURES_PER_MINUTE: u32 = 60;

    /// Listens on `addr`, with every limit at its default (see the `DEFAULT_` constants).
    #[must_use]
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            shutdown_grace: Duration::from_secs(10),
            export_workers: Self::DEFAULT_EXPORT_WORKERS,
            export_files: None,
            public_base_url: None,
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: Self::DEFAULT_BODY_READ_TIMEOUT,
            body_min_bytes_per_second: Self::DEFAULT_BODY_MIN_BYTES_PER_SECOND,
            idle_timeout: Self::DEFAULT_IDLE_TIMEOUT,
            http2_keep_alive: Self::DEFAULT_HTTP2_KEEP_ALIVE,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            max_streams_per_connection: Self::DEFAULT_MAX_STREAMS_PER_CONNECTION,
            max_header_bytes: Self::DEFAULT_MAX_HEADER_BYTES,
            auth_failure_burst: Self::DEFAULT_AUTH_FAILURE_BURST,
            auth_failures_per_minute: Self::DEFAULT_AUTH_FAILURES_PER_MINUTE,
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

    /// Sets where export files are kept.
    #[must_use]
    pub fn export_files(mut self, files: FileStore) -> Self {
        self.export_files = Some(files);
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

    /// Sets the base of the links the server hands out, such as `https://calls.example.com`.
    ///
    /// # Errors
    /// [`InvalidBaseUrl`] unless `url` is `http://` or `https://` and a host, with an optional
    /// port and path, and no query or fragment.
    pub fn public_base_url(mut self, url: &str) -> Result<Self, InvalidBaseUrl> {
        self.public_base_url = Some(base_url::checked(url)?);
        Ok(self)
    }

    /// Sets how long a request's headers may take.
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets how long a whole request body may take.
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Sets the slowest a request body may arrive (0: no minimum rate).
    #[must_use]
    pub fn body_min_bytes_per_second(mut self, rate: u64) -> Self {
        self.body_min_bytes_per_second = rate;
        self
    }

    /// Sets how long a connection with no request in flight is kept open.
    #[must_use]
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Sets the HTTP/2 ping interval and answer timeout.
    #[must_use]
    pub fn http2_keep_alive(mut self, interval: Duration) -> Self {
        self.http2_keep_alive = interval;
        self
    }

    /// Sets the most connections open at once (at least one).
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// Sets the most requests in flight on one HTTP/2 connection (at least one).
    #[must_use]
    pub fn max_streams_per_connection(mut self, streams: u32) -> Self {
        self.max_streams_per_connection = streams.max(1);
        self
    }

    /// Sets the largest request head (at least [`MIN_MAX_HEADER_BYTES`](Self::MIN_MAX_HEADER_BYTES)).
    #[must_use]
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes.max(Self::MIN_MAX_HEADER_BYTES);
        self
    }

    /// Sets the failed authentications a client address may make: `burst` at once, then
    /// `per_minute` (both at least one).
    #[must_use]
    pub fn auth_failure_limit(mut self, burst: u32, per_minute: u32) -> Self {
        self.auth_failure_burst = burst.max(1);
        self.auth_failures_per_minute = per_minute.max(1);
        self
    }

    /// The base of the links the server hands out, for a server listening on `local_addr`.
    pub(crate) fn links_base(&self, local_addr: SocketAddr) -> String {
        self.public_base_url
            .clone()
            .unwrap_or_else(|| format!("http://{local_addr}"))
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
