//! The store on its own: the demo data and the importer over a real SQLite file.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on the first surprise"
)]

#[cfg(feature = "demo")]
mod demo;
mod exports;
mod file_store;
mod import;
mod push_keys;
mod support;
mod sync;
