#![doc = include_str!("../README.md")]

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod error;
#[cfg(any(feature = "client", feature = "server"))]
pub mod partial_file;
#[cfg(feature = "server")]
pub mod server;
#[cfg(any(feature = "client", feature = "server"))]
pub mod shutdown;

#[cfg(feature = "server")]
pub use crate::error::ServeError;
#[cfg(feature = "server")]
pub use crate::server::{Server, ServerConfig};

/// The response header in which the local server repeats a list page's `nxt` cursor.
///
/// The provider does not send it; it lets the client's `CallStream` ask for the next page before
/// it has decoded the current one. The body's `nxt` stays the authority.
pub const NEXT_CURSOR_HEADER: &str = "callreport-next-cursor";
