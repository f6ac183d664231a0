//! The schema, as numbered migrations recorded in `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

use super::errors::{Fault, Outcome};
use crate::error::StoreError;

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
