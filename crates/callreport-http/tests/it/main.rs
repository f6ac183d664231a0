//! The server over a real SQLite store, spoken to over raw HTTP on 127.0.0.1.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on the first surprise"
)]

mod client;
mod detail;
mod errors;
mod exports;
mod faults;
mod http_level;
mod import;
mod limits;
mod list;
mod push;
mod recordings;
mod shutdown;
mod snapshots;
mod support;
mod testing;
