//! What the client tells `tracing`: one span per operation, events for retries and redirects.
//!
//! Every field name is spelled here. No field ever holds a credential, a recording URL (its
//! path carries a token and the caller's number) or a phone number: endpoints are named by
//! their API path, recordings by the word `recording`.

use std::future::Future;
use std::time::{Duration, Instant};

use tracing::{Instrument, Span};

use crate::client::error::Error;

/// The endpoint path (`/api/v2/CallReport/detail`) or, for a download, its name.
pub(crate) const ENDPOINT: &str = "endpoint";
/// The number of the attempt under way, from 1; once done, how many were made.
pub(crate) const ATTEMPT: &str = "attempt";
/// The HTTP status of the last answer.
pub(crate) const HTTP_STATUS: &str = "http.status";
/// The provider's code, when the operation failed with an API error.
pub(crate) const API_CODE: &str = "api_code";
/// How long the operation took, in milliseconds.
pub(crate) const DURATION_MS: &str = "duration_ms";
/// For a stream of calls: pages received so far.
pub(crate) const PAGES: &str = "pages";
/// For a stream of calls: rows received so far.
pub(crate) const CALLS: &str = "calls";
/// Why an attempt is retried (the error's message, which never holds a secret).
const REASON: &str = "reason";
/// The wait before the next attempt, in milliseconds.
const DELAY_MS: &str = "delay_ms";
/// The path a redirect leads to, without its query.
const LOCATION: &str = "location";

/// The endpoint name of recording downloads (their URL is never logged).
pub(crate) const RECORDING: &str = "recording";
/// The endpoint name of export file downloads (their URL carries the credentials).
pub(crate) const EXPORT_FILE: &str = "exportFile";

/// The span of one operation, named `$name`, on endpoint `$endpoint`; the other fields are
/// recorded as the operation goes (`pages` and `calls` by a stream of calls only).
macro_rules! operation_span {
    ($name:literal, $endpoint:expr) => {
        tracing::info_span!(
            $name,
            { $crate::client::telemetry::ENDPOINT } = AsRef::<str>::as_ref(&$endpoint),
            { $crate::client::telemetry::ATTEMPT } = tracing::field::Empty,
            { $crate::client::telemetry::HTTP_STATUS } = tracing::field::Empty,
            { $crate::client::telemetry::API_CODE } = tracing::field::Empty,
            { $crate::client::telemetry::DURATION_MS } = tracing::field::Empty,
            { $crate::client::telemetry::PAGES } = tracing::field::Empty,
            { $crate::client::telemetry::CALLS } = tracing::field::Empty,
        )
    };
}

pub(crate) use operation_span;

/// Runs `work` inside `span`, then records its duration and, for an API error, the code.
pub(crate) async fn traced<T>(
    span: Span,
    work: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let started = Instant::now();
    let result = work.instrument(span.clone()).await;
    record_duration(&span, started);
    if let Err(error) = &result {
        record_error(&span, error);
    }
    result
}

/// Records on `span` the provider's code of `error`, if it is an API error.
pub(crate) fn record_error(span: &Span, error: &Error) {
    if let Some(code) = error.api_code() {
        match code.number() {
            Some(number) => span.record(API_CODE, number),
            None => span.record(API_CODE, tracing::field::display(code)),
        };
    }
}

/// Records on `span` the time since `started`.
pub(crate) fn record_duration(span: &Span, started: Instant) {
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record(DURATION_MS, millis);
}

/// Records the attempt under way on the current operation's span.
pub(crate) fn record_attempt(number: u32) {
    Span::current().record(ATTEMPT, number);
}

/// Records an answer's HTTP status on the current operation's span.
pub(crate) fn record_status(status: u16) {
    Span::current().record(HTTP_STATUS, status);
}

/// Records a stream's progress on its span.
pub(crate) fn record_progress(span: &Span, pages: u64, calls: u64) {
    span.record(PAGES, pages);
    span.record(CALLS, calls);
}

/// Tells that attempt `attempt` on `endpoint` failed with `error` and is retried after `delay`.
pub(crate) fn retrying(endpoint: &str, attempt: u32, delay: Duration, error: &Error) {
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    tracing::warn!(
        { ENDPOINT } = endpoint,
        { ATTEMPT } = attempt,
        { DELAY_MS } = delay_ms,
        { REASON } = %error,
        "retrying"
    );
}

/// Tells that a redirect with `status` is followed to `path` on the same origin. `path` is
/// `None` when the URL itself is a secret (a recording's).
pub(crate) fn redirected(status: u16, path: Option<&str>) {
    tracing::debug!(
        { HTTP_STATUS } = status,
        { LOCATION } = path.unwrap_or("(a recording URL, not shown)"),
        "following a redirect on the same origin"
    );
}
