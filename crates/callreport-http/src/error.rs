//! The errors of the server.
//!
//! A store's errors are [`callreport_store::StoreError`].

use std::io;
use std::net::SocketAddr;

/// The server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The place export files are kept cannot be used.
    #[error("the export files cannot be kept in {place}")]
    ExportFiles {
        /// The folder the server would use.
        place: String,
        /// Why.
        #[source]
        source: callreport_store::StoreError,
    },
    /// Accepting connections failed for good.
    #[error("the listener failed")]
    Accept(#[source] io::Error),
}
