//! `--max-rps`: page requests spaced so that at most N start in any second.

use std::num::NonZeroU32;
use std::time::Duration;

use tokio::time::{Interval, MissedTickBehavior};

/// Spaces requests `1/N` seconds apart; no limit without `N`.
pub(crate) struct RateLimit(Option<Interval>);

impl RateLimit {
    pub(crate) fn new(per_second: Option<NonZeroU32>) -> Self {
        Self(per_second.map(|n| {
            let mut interval =
                tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(n.get())));
            // A slow request does not earn a burst afterwards.
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval
        }))
    }

    /// Waits until the next request may start.
    pub(crate) async fn wait(&mut self) {
        if let Some(interval) = &mut self.0 {
            interval.tick().await;
        }
    }
}
