//! Times as the stores keep them: milliseconds since the Unix epoch, in a signed 64-bit column.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    from_system_time(SystemTime::now())
}

/// A point in time as milliseconds since the Unix epoch; before the epoch counts as 0, past
/// the 64-bit range as its end.
pub(crate) fn from_system_time(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// A span of time in milliseconds, saturating.
pub(crate) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
