//! Where a database's schema stands against this build, as `callreport migrate` reports it.

use std::fmt;
use std::ops::RangeInclusive;

/// A database's schema version beside the one this build migrates to. Both backends number
/// their migrations alike, so the numbers mean the same on either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaVersion {
    /// The version the database is at: 0 for one with no schema yet (or no file).
    pub found: u32,
    /// The version this build migrates to.
    pub latest: u32,
}

impl SchemaVersion {
    pub(crate) fn new(found: u32, latest: u32) -> Self {
        Self { found, latest }
    }

    /// Whether the database is at this build's version.
    #[must_use]
    pub fn is_current(self) -> bool {
        self.found == self.latest
    }

    /// Whether a newer build migrated the database: this build refuses to use it.
    #[must_use]
    pub fn is_newer(self) -> bool {
        self.found > self.latest
    }

    /// The migrations that opening the database would apply; none when it is current or newer.
    #[must_use]
    pub fn pending(self) -> Migrations {
        Migrations::after(self.found, self.latest)
    }
}

/// A run of numbered migrations, shown as a message names it: `migrations 1 to 5`,
/// `migration 5`, or `no migration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrations {
    range: RangeInclusive<u32>,
}

impl Migrations {
    /// The migrations that took a database from version `from` to version `to`.
    #[must_use]
    pub fn after(from: u32, to: u32) -> Self {
        Self {
            range: from.saturating_add(1)..=to,
        }
    }

    /// Their numbers, in order.
    #[must_use]
    pub fn numbers(&self) -> RangeInclusive<u32> {
        self.range.clone()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
}

impl fmt::Display for Migrations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, last) = (*self.range.start(), *self.range.end());
        match first.cmp(&last) {
            std::cmp::Ordering::Greater => f.write_str("no migration"),
            std::cmp::Ordering::Equal => write!(f, "migration {first}"),
            std::cmp::Ordering::Less => write!(f, "migrations {first} to {last}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SchemaVersion;

    #[test]
    fn pending_migrations_are_those_after_the_found_version() {
        let fresh = SchemaVersion::new(0, 5);
        assert_eq!(fresh.pending().numbers(), 1..=5);
        assert!(!fresh.is_current() && !fresh.is_newer());
        assert_eq!(fresh.pending().to_string(), "migrations 1 to 5");
        assert_eq!(
            SchemaVersion::new(4, 5).pending().to_string(),
            "migration 5"
        );
        let current = SchemaVersion::new(5, 5);
        assert!(current.is_current() && current.pending().is_empty());
        assert_eq!(current.pending().to_string(), "no migration");
        let newer = SchemaVersion::new(7, 5);
        assert!(newer.is_newer() && newer.pending().is_empty());
    }
}
