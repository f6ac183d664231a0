//! A blocking client, for scripts and synchronous code: the methods of the async
//! [`Client`](crate::client::Client), without `async`, and the stream of calls as an
//! [`Iterator`].
//!
//! ```no_run
//! use callreport_http::blocking::Client;
//! use callreport_model::{Auth, ReportFilter};
//!
//! # fn run() -> Result<(), callreport_http::client::Error> {
//! let client = Client::builder()
//!     .base_url("http://127.0.0.1:8080")
//!     .auth(Auth::session("demo-session"))
//!     .build_blocking()?;
//! for call in client.list_stream(ReportFilter::new()) {
//!     let call = call?;
//!     println!("{} {}", call.id, call.durations.customer.as_secs());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The client owns a single-threaded Tokio runtime, shared by its clones and the iterators
//! it returns; each call runs the async client's future on it until done. Called on a thread
//! that runs an async runtime (inside `async` code, or in `spawn_blocking`), where starting
//! another runtime is not allowed, a call runs on a thread of its own and the caller's thread
//! waits for it: it works, but blocks that thread as any blocking call does. Inside `async`
//! code, prefer the async client.

mod calls;
mod chunks;
mod endpoints;
mod exports;
mod recordings;
mod runtime;
mod sync_writer;

use std::fmt;
use std::sync::Arc;

use crate::client::{self, ClientBuilder, Error};

pub use self::calls::CallIter;
pub use self::chunks::Chunks;
use self::runtime::Runtime;

/// A blocking client of the Call Report API: built by
/// [`ClientBuilder::build_blocking`], with the same settings as the async client.
///
/// Cheap to clone, and `Send + Sync`: clones share the connection pool and the runtime.
#[derive(Clone)]
pub struct Client {
    inner: client::Client,
    runtime: Arc<Runtime>,
}

impl Client {
    /// A builder; finish it with [`ClientBuilder::build_blocking`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }
}

impl ClientBuilder {
    /// The blocking client.
    ///
    /// # Errors
    /// As [`ClientBuilder::build`], and [`ErrorKind::Config`](crate::client::ErrorKind::Config)
    /// when the runtime cannot be started.
    pub fn build_blocking(self) -> Result<Client, Error> {
        let runtime = Runtime::new()?;
        Ok(Client {
            inner: self.build()?,
            runtime: Arc::new(runtime),
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}
