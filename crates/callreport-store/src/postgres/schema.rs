//! The schema, as numbered migrations recorded in `schema_migrations`: the same numbers as the
//! SQLite backend's, each bringing the same facts.

use tokio_postgres::{Client, GenericClient};

use super::errors::{Fault, Outcome};
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
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

/// Any number, the same for every process: the advisory lock that makes concurrent starters
/// wait for each other instead of running a migration twice.
const MIGRATION_LOCK: i64 = 0x6361_6c6c_7270_7431;

/// Brings the database to [`VERSION`], in one transaction. A database from a newer build is
/// refused rather than misread.
pub(crate) async fn migrate(client: &mut Client) -> Outcome<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    // Looked up rather than `CREATE TABLE IF NOT EXISTS`, whose notice every start would log.
    let exists: bool = tx
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        tx.batch_execute(
            "CREATE TABLE schema_migrations (
                 version    BIGINT PRIMARY KEY,
                 applied_ms BIGINT NOT NULL
             )",
        )
        .await?;
    }
    let version = recorded_version(&tx).await?;
    if version > VERSION {
        return Err(Fault::Store(StoreError::Invalid(format!(
            "the database has schema version {version}; this build knows up to {VERSION}"
        ))));
    }
    for (number, sql) in (1_i64..)
        .zip(MIGRATIONS.iter())
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)",
            &[&number, &crate::unix_ms::now_ms()],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The highest migration recorded; the table must exist.
async fn recorded_version(client: &impl GenericClient) -> Outcome<i64> {
    Ok(client
        .query_one(
            "SELECT COALESCE(max(version), 0) FROM schema_migrations",
            &[],
        )
        .await?
        .get(0))
}

/// The database's schema version, read without changing it: 0 when nothing has migrated it.
pub(crate) async fn version_of(client: &Client) -> Outcome<SchemaVersion> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .await?
        .get(0);
    let found = if exists {
        recorded_version(client).await?
    } else {
        0
    };
    let number = |version: i64| u32::try_from(version).unwrap_or(u32::MAX);
    Ok(SchemaVersion::new(number(found), number(VERSION)))
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use tokio_postgres::NoTls;

    use super::{MIGRATIONS, migrate};
    use crate::testing::{Backend, TestDatabase};

    /// Migration 6 turns the paths stored before it into names in the recording files.
    #[tokio::test]
    async fn recording_paths_become_names_in_the_recording_files() {
        let Some(db) = TestDatabase::create_unopened(Backend::Postgres).await else {
            return;
        };
        let (mut client, connection) = tokio_postgres::connect(&db.setting(), NoTls).await.unwrap();
        let connection = tokio::spawn(connection);
        client
            .batch_execute(
                "CREATE TABLE schema_migrations (
                     version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL);
                 INSERT INTO schema_migrations SELECT v, 0 FROM generate_series(1, 5) v;",
            )
            .await
            .unwrap();
        for sql in &MIGRATIONS[..5] {
            client.batch_execute(sql).await.unwrap();
        }
        client
            .batch_execute(
                "INSERT INTO accounts (user_id, created_ms) VALUES ('3000', 0);
                 INSERT INTO recordings (account, day, file_name, path, size, content_type)
                 SELECT id, '2024-05-01', f, p, 1, 'x' FROM accounts, (VALUES
                   ('a.mp3', 'recordings/3000/2024-05-01/a.mp3'),
                   ('b.mp3', 'recordings/silence-1s.mp3'),
                   ('c.mp3', '/elsewhere/c.mp3')) AS r (f, p);",
            )
            .await
            .unwrap();
        migrate(&mut client).await.unwrap();
        let files: Vec<String> = client
            .query("SELECT file FROM recordings ORDER BY file_name", &[])
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(
            files,
            [
                "3000/2024-05-01/a.mp3",
                "silence-1s.mp3",
                "/elsewhere/c.mp3"
            ]
        );
        drop(client);
        connection.await.unwrap().unwrap();
    }
}
