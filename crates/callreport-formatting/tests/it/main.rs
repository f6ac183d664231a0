//! The one integration-test binary of `callreport-formatting`.

#![allow(
    clippy::unwrap_used,
    reason = "helpers outside #[test] functions unwrap too: a failure is a test failure"
)]

mod csv;
mod dispatch;
mod failures;
mod json_lines;
mod pdf;
mod support;
mod text;
mod xlsx;
