//! Retries: which failures, how many times, how long to wait.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::client::error::Error;

/// How failed requests are retried: exponential backoff with jitter, a bounded number of
/// attempts, and the server's `Retry-After` honoured (up to [`RetryPolicy::max_delay`]).
///
/// Only failures for which [`Error::is_retryable`] is true are retried, and only on endpoints
/// that are safe to repeat; creating an export is retried only if the caller opts in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 means no retry).
    pub max_attempts: u32,
    /// The wait before the first retry; each later wait doubles it.
    pub initial_delay: Duration,
    /// The longest wait, also for `Retry-After`.
    pub max_delay: Duration,
    /// Whether creating an export (not idempotent) is retried too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    #[must_use]
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// `attempts` attempts in all, starting `initial_delay` apart.
    #[must_use]
    pub fn new(attempts: u32, initial_delay: Duration) -> Self {
        Self {
            max_attempts: attempts.max(1),
            initial_delay,
            ..Self::default()
        }
    }

    /// Retries creating exports too.
    #[must_use]
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before retry number `retry` (from 1): the server's wish if it said one,
    /// else the exponential delay with "full jitter" (a uniform share of it) from `seed`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, seed: u64) -> Duration {
        if let Some(wish) = retry_after {
            return wish.min(self.max_delay);
        }
        let exponential = self
            .initial_delay
            .saturating_mul(1 << retry.saturating_sub(1).min(16));
        let ceiling = exponential.min(self.max_delay);
        let fraction = (seed % 1000) as f64 / 1000.0;
        ceiling.mul_f64(0.5 + fraction / 2.0)
    }
}

/// One retry about to happen, as the retry hook sees it.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The endpoint (`list`, `detail`, a recording).
    pub endpoint: &'a str,
    /// The attempt that failed, from 1.
    pub attempt: u32,
    /// Why it failed.
    pub error: &'a Error,
    /// How long the client waits before the next attempt.
    pub delay: Duration,
}

/// A function called before every retry.
#[derive(Clone)]
pub(crate) struct RetryHook(pub(crate) Arc<dyn Fn(&RetryEvent<'_>) + Send + Sync>);

impl fmt::Debug for RetryHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RetryHook")
    }
}

/// Parses `Retry-After`: seconds, or an HTTP date (then the wait until it).
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form servers send.
fn httpdate(value: &str) -> Option<std::time::SystemTime> {
    let parsed = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let seconds = u64::try_from(parsed.timestamp()).ok()?;
    Some(std::time::UNIX_EPOCH + Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::{RetryPolicy, parse_retry_after};

    #[test]
    fn delays_grow_and_stay_bounded() {
        let policy = RetryPolicy::new(5, Duration::from_millis(100));
        let first = policy.delay(1, None, 999);
        let third = policy.delay(3, None, 999);
        assert!(first <= Duration::from_millis(100) && first >= Duration::from_millis(50));
        assert!(third <= Duration::from_millis(400) && third >= Duration::from_millis(200));
        assert_eq!(
            policy.delay(40, None, 999),
            policy.max_delay.mul_f64(0.5 + 0.999 / 2.0)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3)), 0),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(300)), 0),
            policy.max_delay
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(0))
        );
        let later = UNIX_EPOCH + Duration::from_secs(784_111_700);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later),
            Some(Duration::from_secs(77))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
