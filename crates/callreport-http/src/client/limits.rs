//! The client's bounds: how long downloads and waits may take, how much of a body it reads.

use std::future::Future;
use std::time::Duration;

use crate::client::Client;
use crate::client::error::{Error, ErrorKind};

/// The bounds a [`Client`] was built with (see [`ClientBuilder`](crate::client::ClientBuilder)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The deadline of one whole download, retries included.
    pub(crate) download_timeout: Duration,
    /// The deadline of one wait for a server-side export.
    pub(crate) wait_timeout: Duration,
    /// The longest a download may go without a byte.
    pub(crate) stall_timeout: Duration,
    /// The largest answer read into memory.
    pub(crate) max_body_bytes: u64,
    /// The most of an error's body read.
    pub(crate) max_error_body_bytes: u64,
}

impl Client {
    pub(crate) fn limits(&self) -> &Limits {
        &self.inner.limits
    }
}

/// Runs `work` within `limit`; past it, [`ErrorKind::Deadline`] naming `what`.
pub(crate) async fn within<T>(
    limit: Duration,
    what: impl FnOnce() -> String,
    work: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    tokio::time::timeout(limit, work).await.unwrap_or_else(|_| {
        Err(Error::new(ErrorKind::Deadline {
            what: what(),
            limit,
        }))
    })
}
