//! The typed client: every Call Report endpoint, paging streams, retries and downloads.
//!
//! ```no_run
//! use callreport_http::client::Client;
//! use callreport_model::{Auth, ReportFilter};
//! use futures::StreamExt;
//!
//! # async fn run() -> Result<(), callreport_http::client::Error> {
//! let client = Client::builder()
//!     .base_url("http://127.0.0.1:8080")
//!     .auth(Auth::session("demo-session"))
//!     .build()?;
//! let mut calls = client.list_stream(ReportFilter::new());
//! while let Some(call) = calls.next().await {
//!     let call = call?;
//!     println!("{} {}", call.id, call.durations.customer.as_secs());
//! }
//! # Ok(())
//! # }
//! ```

mod body;
mod builder;
mod download;
mod endpoints;
mod error;
mod exports;
mod limits;
mod retry;
mod stream;
mod telemetry;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use callreport_model::Auth;

pub use self::body::Progress;
pub use self::builder::{ClientBuilder, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ERROR_BODY_BYTES};
pub use self::error::{Error, ErrorKind};
use self::retry::RetryHook;
pub use self::retry::{RetryEvent, RetryPolicy};
pub use self::stream::{CallStream, StreamOptions};

/// The provider's API host.
pub const DEFAULT_BASE_URL: &str = "https://v4-api.deepcall.com";

/// A client of the Call Report API: the live provider or a compatible server.
///
/// Cheap to clone (the connection pool is shared). Requests carry the configured credentials
/// in their bodies, as the API wants; they are sent only to the configured host.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: reqwest::Url,
    auth: Auth,
    timeout: Duration,
    limits: limits::Limits,
    retry: RetryPolicy,
    on_retry: Option<RetryHook>,
}

impl Client {
    /// A builder, starting from the provider's base URL and the default timeouts and retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("limits", &self.inner.limits)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
