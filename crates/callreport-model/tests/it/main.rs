//! Integration tests of `callreport-model`: fixtures, snapshots, round trips and properties.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod decode_errors;
mod fixtures;
mod fuzz_corpus;
mod properties;
mod push;
mod raw_page;
mod round_trip;
mod views;
