//! Mirroring an account from a provider: where a sync stands, and what a batch of it changed.

use std::fmt;

use chrono::{DateTime, Utc};

/// How far an account is mirrored from its provider: every call that started before
/// `through` was read in a time window that completed, from `source`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncCheckpoint {
    /// The end (exclusive) of the last time window read completely.
    pub through: DateTime<Utc>,
    /// Where the calls came from: the provider's base URL (never a credential).
    pub source: String,
}

impl SyncCheckpoint {
    /// Mirrored up to `through` from `source`.
    #[must_use]
    pub fn new(through: DateTime<Utc>, source: impl Into<String>) -> Self {
        Self {
            through,
            source: source.into(),
        }
    }
}

/// What a batch of mirrored calls did to the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncOutcome {
    /// Calls whose id was new to the account.
    pub new: u64,
    /// Calls whose stored document was replaced by a different one.
    pub updated: u64,
    /// Calls stored already with exactly the same document.
    pub unchanged: u64,
}

impl SyncOutcome {
    /// `new`, `updated` and `unchanged` calls.
    #[must_use]
    pub fn new(new: u64, updated: u64, unchanged: u64) -> Self {
        Self {
            new,
            updated,
            unchanged,
        }
    }

    /// Every call the batch held.
    #[must_use]
    pub fn calls(&self) -> u64 {
        self.new + self.updated + self.unchanged
    }

    /// Adds another batch's counts.
    pub fn add(&mut self, other: Self) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

impl fmt::Display for SyncOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} new, {} updated, {} unchanged",
            self.new, self.updated, self.unchanged
        )
    }
}
