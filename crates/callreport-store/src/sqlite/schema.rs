//! The schema, as numbered migrations recorded in `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::errors::{Fault, Outcome, classify};
use crate::error::StoreError;
use crate::schema_version::SchemaVersion;

/// Each migration, in order; migration `n` brings the schema to version `n + 1`.
const MIGRATIONS: [&str; 5] = [
    include_str!("schema/0001_initial.sql"),
    include_str!("schema/0002_export_progress.sql"),
    include_str!("schema/0003_export_leases.sql"),
    include_str!("schema/0004_push_keys.sql"),
    include_str!("schema/0005_sync_checkpoints.sql"),
];

/// The schema version this build writes.
pub(crate) const VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database to [`VERSION`], each migration in its own transaction.
///
/// An immediate transaction makes concurrent openers wait for each other instead of running a
/// migration twice. A database from a newer build is refused rather than misread.
pub(crate) fn migrate(conn: &mut Connection) -> Outcome<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: u32 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > VERSION {
            return Err(Fault::Store(StoreError::Invalid(format!(
                "the database has schema version {version}; this build knows up to {VERSION}"
            ))));
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            tx.commit()?;
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The schema version of the database file at `path`, read without changing it: a missing file
/// is at version 0, and is not created.
pub(crate) fn version_of(path: &Path) -> Result<SchemaVersion, StoreError> {
    if !path.exists() {
        return Ok(SchemaVersion::new(0, VERSION));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(classify)?;
    let found: u32 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(classify)?;
    Ok(SchemaVersion::new(found, VERSION))
}
