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

    /// Whether the base URL names this machine (`localhost` or a loopback address), where a
    /// round trip costs next to nothing and the server shares the client's cores.
    #[must_use]
    pub fn is_local(&self) -> bool {
        let Some(host) = self.inner.base_url.host_str() else {
            return false;
        };
        let address = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || address
                .parse::<std::net::IpAddr>()
                .is_ok_and(|address| address.is_loopback())
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

#[cfg(test)]
mod tests {
    use callreport_model::Auth;

    use super::Client;

    #[test]
    fn a_client_knows_whether_its_server_is_on_this_machine() {
        let is_local = |base_url: &str| {
            Client::builder()
                .base_url(base_url)
                .auth(Auth::session("s"))
                .build()
                .map(|client| client.is_local())
                .unwrap_or_else(|error| panic!("{base_url}: {error}"))
        };
        for local in [
            "http://127.0.0.1:8080",
            "http://127.3.2.1",
            "http://localhost:8080/",
            "http://LOCALHOST",
            "http://[::1]:8080",
        ] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "https://v4-api.deepcall.com",
            "http://reports.example.net:8080",
            "http://localhost.example.com",
        ] {
            assert!(!is_local(remote), "{remote}");
        }
    }
}
