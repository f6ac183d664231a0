//! Configuring a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use callreport_model::Auth;

use crate::client::error::{Error, ErrorKind};
use crate::client::retry::{RetryEvent, RetryHook, RetryPolicy};
use crate::client::{Client, DEFAULT_BASE_URL, Inner};

/// Builds a [`Client`]: base URL, credentials, timeouts, retries, user agent.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Option<Auth>,
    connect_timeout: Duration,
    timeout: Duration,
    read_timeout: Duration,
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
    /// The provider's base URL, a 10 s connect timeout, a 60 s timeout per API request, a 30 s
    /// read timeout for downloads, and [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(30),
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

    /// How long one API request may take in all, body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a download may wait for its next bytes.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
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
                .read_timeout(self.read_timeout)
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
                retry: self.retry,
                on_retry: self.on_retry,
            }),
        })
    }
}
