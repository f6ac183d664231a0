//! Monthly partitions of `calls`: created before the first call of a month is written, and a
//! few months ahead when the store opens.
//!
//! A partition is created as a table of its own and then attached, in a short transaction on a
//! connection of its own: attaching takes a lock on `calls` that reads and writes do not wait
//! for (`SHARE UPDATE EXCLUSIVE`), where `CREATE TABLE … PARTITION OF` would take one that
//! every query waits for, and a long import writing on another connection cannot block it.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Datelike, TimeZone, Utc};
use deadpool_postgres::Pool;

use super::errors::{self, Outcome};
use crate::error::StoreError;

/// Any number, the same for every process: the advisory lock that makes two processes
/// creating the same partition wait for each other.
const PARTITION_LOCK: i64 = 0x6361_6c6c_7270_7432;

/// The first millisecond of a month (UTC) and of the month after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month a call that started at `started_ms` belongs to.
    pub(crate) fn of(started_ms: i64) -> Self {
        let at = DateTime::from_timestamp_millis(started_ms).unwrap_or_default();
        Self {
            year: at.year(),
            month: at.month(),
        }
    }

    /// The month after this one.
    pub(crate) fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn start_ms(self) -> i64 {
        Utc.with_ymd_and_hms(self.year, self.month, 1, 0, 0, 0)
            .single()
            .map_or(i64::MAX, |at| at.timestamp_millis())
    }

    /// The partition's table name (quoted where it is used).
    pub(crate) fn table(self) -> String {
        format!("calls_{:04}_{:02}", self.year, self.month)
    }
}

/// The months known to have a partition, so that writing a batch costs no round trip once
/// its months exist.
#[derive(Debug, Default)]
pub(crate) struct Partitions {
    known: Mutex<BTreeSet<Month>>,
}

impl Partitions {
    /// Makes sure every month of calls that started at `started` has its partition.
    pub(crate) async fn ensure(
        &self,
        pool: &Pool,
        started: impl IntoIterator<Item = i64>,
    ) -> Result<(), StoreError> {
        self.ensure_months(pool, started.into_iter().map(Month::of))
            .await
    }

    /// Makes sure every month of `months` has its partition.
    pub(crate) async fn ensure_months(
        &self,
        pool: &Pool,
        months: impl IntoIterator<Item = Month>,
    ) -> Result<(), StoreError> {
        let wanted: BTreeSet<Month> = months.into_iter().collect();
        let missing: Vec<Month> = {
            let known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
            wanted.difference(&known).copied().collect()
        };
        if missing.is_empty() {
            return Ok(());
        }
        let mut client = pool.get().await.map_err(errors::pool)?;
        for month in missing {
            create(&mut client, month).await?;
            self.known
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(month);
        }
        Ok(())
    }
}

/// Creates and attaches the partition of `month` unless it exists.
async fn create(client: &mut tokio_postgres::Client, month: Month) -> Outcome<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PARTITION_LOCK])
        .await?;
    let table = month.table();
    let exists: bool = tx
        .query_one("SELECT to_regclass(quote_ident($1)) IS NOT NULL", &[&table])
        .await?
        .get(0);
    if !exists {
        let (from, to) = (month.start_ms(), month.next().start_ms());
        tx.batch_execute(&format!(
            "CREATE TABLE \"{table}\" (LIKE calls INCLUDING DEFAULTS INCLUDING CONSTRAINTS); \
             ALTER TABLE calls ATTACH PARTITION \"{table}\" FOR VALUES FROM ({from}) TO ({to});"
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Month;

    #[test]
    fn months_run_from_their_first_millisecond_to_the_next_months() {
        let november = Month::of(1_764_547_199_999); // 2025-11-30T23:59:59.999Z
        assert_eq!(november.table(), "calls_2025_11");
        assert_eq!(november.next().start_ms(), 1_764_547_200_000);
        assert_eq!(Month::of(november.next().start_ms()), november.next());
        assert_eq!(november.next().next().next().table(), "calls_2026_02");
    }
}
