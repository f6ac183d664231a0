#![doc = include_str!("../README.md")]

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod error;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use crate::error::{ServeError, StoreError};
#[cfg(feature = "server")]
pub use crate::server::{Server, ServerConfig};
#[cfg(feature = "server")]
pub use crate::store::{SqliteStore, Store};
