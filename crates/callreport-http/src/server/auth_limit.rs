//! The failed-authentication limit: a token bucket per client address.
//!
//! Every failed authentication takes a token from its address's bucket; an empty bucket turns
//! the failure into 429 with `Retry-After`. Valid credentials take nothing and are answered as
//! usual, from any address. IPv6 clients are grouped by their /64 network, which one host
//! usually holds whole. The map is bounded: when it is full, addresses whose buckets have filled
//! up again are forgotten, and if none has, new addresses share one overflow bucket.
//! See `docs/decisions/0004-auth-failure-limit.md` for why this is not the `governor` crate.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// The most client addresses tracked at once.
pub(crate) const MAX_TRACKED_ADDRESSES: usize = 10_000;

/// The buckets of client addresses that failed to authenticate.
#[derive(Debug)]
pub(crate) struct AuthLimit {
    burst: f64,
    per_second: f64,
    state: Mutex<State>,
}

/// The buckets, keyed by address (`None`: the overflow bucket), and when full buckets were
/// last purged (at most once a second: a purge scans the whole map).
#[derive(Debug)]
struct State {
    buckets: BTreeMap<Option<IpAddr>, Bucket>,
    purged: Instant,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl AuthLimit {
    pub(crate) fn new(burst: u32, per_minute: u32) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            state: Mutex::new(State {
                buckets: BTreeMap::new(),
                purged: Instant::now(),
            }),
        }
    }

    /// Counts a failed authentication from `address`: `Err` with the wait before the next one
    /// is answered when its bucket is empty.
    pub(crate) fn failure(&self, address: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut key = Some(group(address));
        if !state.buckets.contains_key(&key) && state.buckets.len() >= MAX_TRACKED_ADDRESSES {
            if now.saturating_duration_since(state.purged) >= Duration::from_secs(1) {
                state.purged = now;
                state
                    .buckets
                    .retain(|_, bucket| self.refilled(bucket, now) < self.burst);
            }
            if state.buckets.len() >= MAX_TRACKED_ADDRESSES {
                key = None;
            }
        }
        let bucket = state.buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        bucket.tokens = self.refilled(bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }

    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * self.per_second).min(self.burst)
    }
}

/// The address a bucket is kept for: IPv4 as it is, IPv6 by its /64 network.
fn group(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1_u128 << 64) - 1);
                IpAddr::V6(network.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use super::{AuthLimit, MAX_TRACKED_ADDRESSES, group};

    #[test]
    fn a_burst_then_refusals_with_a_wait_and_other_addresses_untouched() {
        let limit = AuthLimit::new(3, 60);
        let flooder = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        for _ in 0..3 {
            assert!(limit.failure(flooder).is_ok());
        }
        let wait = limit.failure(flooder).unwrap_err();
        assert!(
            wait.as_secs_f64() > 0.0 && wait.as_secs_f64() <= 1.0,
            "{wait:?}"
        );
        assert!(limit.failure(IpAddr::V4(Ipv4Addr::LOCALHOST)).is_ok());
    }

    #[test]
    fn ipv6_hosts_share_their_network_and_the_map_stays_bounded() {
        let a: IpAddr = "2001:db8::1".parse().unwrap();
        let b: IpAddr = "2001:db8::ffff:1".parse().unwrap();
        assert_eq!(group(a), group(b));
        assert_eq!(
            group(IpAddr::V6(Ipv4Addr::new(10, 0, 0, 1).to_ipv6_mapped())),
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))
        );
        let limit = AuthLimit::new(1, 1);
        for n in 0..(MAX_TRACKED_ADDRESSES as u128 + 50) {
            let address = IpAddr::V6(Ipv6Addr::from(n << 64));
            let _ = limit.failure(address);
        }
        let tracked = limit.state.lock().unwrap().buckets.len();
        assert_eq!(tracked, MAX_TRACKED_ADDRESSES + 1, "the overflow bucket");
    }
}
