//! A rollback journal for loading calls into an empty table, when nothing else has the file
//! open.
//!
//! In write-ahead-log mode every page is written twice: into the log, then into the database
//! when the log is checkpointed. A rollback journal keeps only the original of each page it
//! changes, and a page beyond the file's end has none: loading into an empty table writes
//! each new page once. The run stays all or nothing (a killed process leaves a hot journal
//! that the next connection rolls back). Measured at 1,000,000 calls: 71,964 and 76,778
//! against 52,223 and 56,621 calls/s (docs/performance.md, "Import into a new file").
//!
//! SQLite leaves write-ahead logging only when no other connection has the file open, so a
//! server or a reader elsewhere simply keeps the log. A reader of the same process that comes
//! during the run would wait for it: only a store that was told it imports alone asks for this
//! ([`SqliteStore::importing_alone`](crate::SqliteStore::importing_alone)).

use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use super::errors::Outcome;
use super::pool::BUSY_TIMEOUT;
use crate::error::{Cause, StoreError};

/// The rollback journal, when the switch was possible; [`BulkJournal::restore`] goes back to
/// the write-ahead log.
#[derive(Debug)]
#[must_use = "the connection must go back to write-ahead logging"]
pub(crate) struct BulkJournal(());

impl BulkJournal {
    /// Leaves write-ahead logging for a rollback journal, if `calls` is empty and no other
    /// connection has the file open; `None` otherwise. Must run outside a transaction.
    pub(crate) fn begin(conn: &Connection) -> Outcome<Option<Self>> {
        let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM calls)", [], |row| {
            row.get(0)
        })?;
        if !empty {
            return Ok(None);
        }
        // Another connection answers "locked" at once rather than after the usual wait.
        conn.busy_timeout(Duration::ZERO)?;
        let switched = conn.query_row("PRAGMA journal_mode = DELETE", [], |row| {
            row.get::<_, String>(0)
        });
        conn.busy_timeout(BUSY_TIMEOUT)?;
        match switched {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => Ok(Some(Self(()))),
            Ok(_) => Ok(None),
            Err(error) if is_locked(&error) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Goes back to write-ahead logging, which every other connection of the store expects.
    pub(crate) fn restore(self, conn: &Connection) -> Outcome<()> {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        // A read opens the new log: until then SQLite refuses a checkpoint on this connection
        // as "locked" (seen with the bundled SQLite 3.54).
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        if mode.eq_ignore_ascii_case("wal") {
            Ok(())
        } else {
            Err(StoreError::Failed(Cause::new(format!(
                "the database did not go back to write-ahead logging (journal mode {mode})"
            )))
            .into())
        }
    }
}

fn is_locked(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
