//! Configuring a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use callreport_model::Auth;

use crate::client::error::{Error, ErrorKind};
use crate::client::limits::Limits;
use crate::client::retry::{RetryEvent, RetryHook, RetryPolicy};
use crate::client::{Client, DEFAULT_BASE_URL, Inner};

/// The largest API answer buffered by default: 64 MiB, far above a page of 1,000 calls.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 << 20;
/// The most of an error's body read by default: 64 KiB (an error keeps its first 512 bytes).
pub const DEFAULT_MAX_ERROR_BODY_BYTES: u64 = 64 << 10;

/// Builds a [`Client`]: base URL, credentials, timeouts, limits, retries, user agent.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Option<Auth>,
    connect_timeout: Duration,
    timeout: Duration,
    download_timeout: Option<Duration>,
    wait_timeout: Option<Duration>,
    stall_timeout: Duration,
    max_body_bytes: u64,
    max_error_body_bytes: u64,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    on_retry: Option<RetryHook>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// The provider's base URL, a 10 s connect timeout, a 60 s timeout per API request (and
    /// per download, and per wait for a server-side export), a 30 s stall timeout, answers up
    /// to [`DEFAULT_MAX_BODY_BYTES`], error bodies read up to [`DEFAULT_MAX_ERROR_BODY_BYTES`],
    /// and [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            download_timeout: None,
            wait_timeout: None,
            stall_timeout: Duration::from_secs(30),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            retry: RetryPolicy::default(),
            user_agent: concat!("callreport/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            on_retry: None,
        }
    }

    /// Where the API is: `https://v4-api.deepcall.com` or a local server's `http://127.0.0.1:8080`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The credentials every request carries.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one API request may take in all, body included; also the deadline of a
    /// download and of a wait for a server-side export, unless
    /// [`download_timeout`](Self::download_timeout) or [`wait_timeout`](Self::wait_timeout)
    /// set their own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole download (a recording, an export file, a PDF) may take, retries
    /// included; [`timeout`](Self::timeout) when not set.
    pub fn download_timeout(mut self, timeout: Duration) -> Self {
        self.download_timeout = Some(timeout);
        self
    }

    /// How long [`Client::wait_for_export`] waits for the server to finish an export (its
    /// download then has its own deadline); [`timeout`](Self::timeout) when not set.
    pub fn wait_timeout(mut self, timeout: Duration) -> Self {
        self.wait_timeout = Some(timeout);
        self
    }

    /// How long a download may go without receiving a byte before it is given up.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    /// The largest API answer the client reads into memory (default
    /// [`DEFAULT_MAX_BODY_BYTES`]): a larger `Content-Length` is refused before any of the
    /// body is read, and a body without one is cut off at the limit; either is
    /// [`ErrorKind::BodyTooLarge`]. Downloads stream to their destination and are not bound
    /// by it.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// How much of an error answer's body (an HTTP 500 page) the client reads (default
    /// [`DEFAULT_MAX_ERROR_BODY_BYTES`]); the rest is not read, and the error keeps its status.
    pub fn max_error_body_bytes(mut self, limit: u64) -> Self {
        self.max_error_body_bytes = limit;
        self
    }

    /// How failed requests are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A `reqwest::Client` of the caller's (proxies, certificates). Its own timeouts and
    /// redirect policy then apply: build it with `reqwest::redirect::Policy::none()`, so that a
    /// redirect never takes a request body, and the credentials in it, to another host (this
    /// client follows same-host redirects itself).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// A function called before every retry (to log it or count it).
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent<'_>) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(RetryHook(Arc::new(hook)));
        self
    }

    /// The client.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the base URL is not an `http` or `https` URL, or no
    /// credentials were given.
    pub fn build(self) -> Result<Client, Error> {
        let config = |what: &str| Error::new(ErrorKind::Config(what.to_owned()));
        let base_url = reqwest::Url::parse(&self.base_url).map_err(|_| {
            config("the base URL is not a URL (expected e.g. https://v4-api.deepcall.com)")
        })?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.host_str().is_none() {
            return Err(config(
                "the base URL must be an http:// or https:// URL with a host",
            ));
        }
        let auth = self.auth.ok_or_else(|| {
            config("credentials are required: a session id, or a user id and a token")
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                // Redirects are followed by hand, only to the same host: a request body carries
                // the credentials.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| {
                    Error::with_source(
                        ErrorKind::Config("the HTTP client could not be built".to_owned()),
                        error,
                    )
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                timeout: self.timeout,
                limits: Limits {
                    download_timeout: self.download_timeout.unwrap_or(self.timeout),
                    wait_timeout: self.wait_timeout.unwrap_or(self.timeout),
                    stall_timeout: self.stall_timeout,
                    max_body_bytes: self.max_body_bytes,
                    max_error_body_bytes: self.max_error_body_bytes,
                },
                retry: self.retry,
                on_retry: self.on_retry,
            }),
        })
    }
}
