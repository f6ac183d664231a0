//! The schema, as numbered migrations recorded in `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::errors::{Fault, Outcome, classify};
use crate::error::StoreError;
use crate::schema_version::SchemaVersion;

/// Each migration, in order; migration `n` brings the schema to version `n + 1`.
const MIGRATIONS: [&str; 6] = [
    include_str!("schema/0001_initial.sql"),
    include_str!("schema/0002_export_progress.sql"),
    include_str!("schema/0003_export_leases.sql"),
    include_str!("schema/0004_push_keys.sql"),
    include_str!("schema/0005_sync_checkpoints.sql"),
    include_str!("schema/0006_recording_files.sql"),
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

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{MIGRATIONS, migrate};

    /// Migration 6 turns the paths stored before it into names in the recording files.
    #[test]
    fn recording_paths_become_names_in_the_recording_files() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, user_id, created_ms) VALUES (1, '3000', 0);
             INSERT INTO recordings (account, day, file_name, path, size, content_type) VALUES
               (1, '2024-05-01', 'a.mp3', 'calls-recordings/3000/2024-05-01/a.mp3', 1, 'x'),
               (1, '2024-05-01', 'b.mp3', 'callreport-recordings/silence-1s.mp3', 1, 'x'),
               (1, '2024-05-01', 'c.mp3', '/elsewhere/c.mp3', 1, 'x');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let mut statement = conn
            .prepare("SELECT file FROM recordings ORDER BY file_name")
            .unwrap();
        let files: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            files,
            [
                "3000/2024-05-01/a.mp3",
                "silence-1s.mp3",
                "/elsewhere/c.mp3"
            ]
        );
    }
}
