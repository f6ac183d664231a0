//! The connections a server holds: how many, for how long, and how they end.
//!
//! Each connection is tracked from accept to close. One without a request in flight is idle:
//! it is closed when its first request's headers are late (a silent connection), when it has
//! been idle past the idle timeout, or when room is needed. Room is needed when the connection
//! limit is reached or the process runs out of file descriptors: the oldest idle connection is
//! closed for the new one, so a crowd of silent connections cannot lock out real clients, and a
//! connection with a request in flight is never closed for another. When every connection is
//! busy, a new one is refused (closed at once).

mod tracked_body;
mod tracker;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub(crate) use self::tracked_body::TrackedBody;
pub(crate) use self::tracker::{RequestGuard, Tracker};

/// The open connections, oldest first.
#[derive(Debug)]
pub(crate) struct Connections {
    open: Mutex<BTreeMap<u64, Arc<Tracker>>>,
    next_id: AtomicU64,
    max: usize,
}

impl Connections {
    pub(crate) fn new(max: usize) -> Self {
        Self {
            open: Mutex::new(BTreeMap::new()),
            next_id: AtomicU64::new(0),
            max,
        }
    }

    /// Registers a new connection, closing the oldest idle one if the limit is reached; `None`
    /// when every open connection is busy.
    pub(crate) fn admit(self: &Arc<Self>) -> Option<Registered> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let live = open.values().filter(|t| !t.is_evicted()).count();
        if live >= self.max && evict_oldest_idle(&open, 1) == 0 {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let tracker = Arc::new(Tracker::new());
        open.insert(id, Arc::clone(&tracker));
        Some(Registered {
            connections: Arc::clone(self),
            id,
            tracker,
        })
    }

    /// Closes up to `count` of the oldest idle connections (file descriptors ran out); how
    /// many.
    pub(crate) fn relieve(&self, count: usize) -> usize {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        evict_oldest_idle(&open, count)
    }

    /// How many connections are open.
    pub(crate) fn count(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

fn evict_oldest_idle(open: &BTreeMap<u64, Arc<Tracker>>, count: usize) -> usize {
    open.values()
        .filter(|tracker| tracker.is_idle() && !tracker.is_evicted())
        .take(count)
        .map(|tracker| tracker.evict())
        .count()
}

/// A connection's place among the open ones; dropping it frees the place.
#[derive(Debug)]
pub(crate) struct Registered {
    connections: Arc<Connections>,
    id: u64,
    tracker: Arc<Tracker>,
}

impl Registered {
    /// The connection's tracker.
    pub(crate) fn tracker(&self) -> &Arc<Tracker> {
        &self.tracker
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.connections
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Connections;

    #[test]
    fn the_oldest_idle_connection_makes_room_and_busy_ones_are_kept() {
        let connections = Arc::new(Connections::new(2));
        let first = connections.admit().unwrap();
        let second = connections.admit().unwrap();
        let busy = first.tracker().start_request();
        let third = connections
            .admit()
            .expect("the idle second connection makes room");
        assert!(!first.tracker().is_evicted(), "a busy connection is kept");
        assert!(second.tracker().is_evicted());
        drop(second);
        let _held = third.tracker().start_request();
        assert!(connections.admit().is_none(), "every connection is busy");
        drop(busy);
        assert_eq!(connections.relieve(5), 1);
        assert!(first.tracker().is_evicted());
        assert_eq!(connections.count(), 2);
    }
}
