//! One connection's state: requests in flight, since when it is idle, and whether it must
//! close.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// What one connection is doing.
#[derive(Debug)]
pub(crate) struct Tracker {
    in_flight: AtomicUsize,
    /// Whether a request has started on the connection.
    served: AtomicBool,
    evicted: AtomicBool,
    /// When the connection was opened or last finished a request.
    idle_since: Mutex<Instant>,
    changed: Notify,
}

impl Tracker {
    pub(crate) fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            served: AtomicBool::new(false),
            evicted: AtomicBool::new(false),
            idle_since: Mutex::new(Instant::now()),
            changed: Notify::new(),
        }
    }

    /// Counts a request in flight until the guard (kept in the response body) is dropped.
    pub(crate) fn start_request(self: &Arc<Self>) -> RequestGuard {
        self.served.store(true, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.changed.notify_one();
        RequestGuard(Arc::clone(self))
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
    }

    pub(crate) fn is_evicted(&self) -> bool {
        self.evicted.load(Ordering::Acquire)
    }

    /// Asks the connection to close, to make room for another.
    pub(crate) fn evict(&self) {
        self.evicted.store(true, Ordering::Release);
        self.changed.notify_one();
    }

    /// Resolves when the connection should close: evicted, first request's headers later than
    /// `header_timeout` after it opened, or idle for `idle_timeout`.
    pub(crate) async fn expired(&self, header_timeout: Duration, idle_timeout: Duration) {
        loop {
            let changed = self.changed.notified();
            if self.is_evicted() {
                return;
            }
            if self.is_idle() {
                let since = *self
                    .idle_since
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let allowed = if self.served.load(Ordering::Relaxed) {
                    idle_timeout
                } else {
                    header_timeout
                };
                let deadline = since + allowed;
                if Instant::now() >= deadline {
                    return;
                }
                // Woken by the deadline or a change; either way, look again.
                tokio::select! {
                    () = tokio::time::sleep_until(deadline) => {}
                    () = changed => {}
                }
            } else {
                changed.await;
            }
        }
    }
}

/// A request in flight on a connection.
#[derive(Debug)]
pub(crate) struct RequestGuard(Arc<Tracker>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        let tracker = &self.0;
        *tracker
            .idle_since
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
        tracker.in_flight.fetch_sub(1, Ordering::AcqRel);
        tracker.changed.notify_one();
    }
}
