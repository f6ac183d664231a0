#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod error;
#[cfg(any(feature = "client", feature = "server"))]
pub mod output_file;
#[cfg(feature = "server")]
pub mod server;
#[cfg(any(feature = "client", feature = "server"))]
pub mod shutdown;
#[cfg(feature = "testing")]
pub mod testing;

#[cfg(feature = "client")]
pub use crate::client::{Client, ClientBuilder, Error};
#[cfg(feature = "server")]
pub use crate::error::ServeError;
#[cfg(feature = "server")]
pub use crate::server::{ExportLimits, InvalidBaseUrl, Server, ServerConfig};
