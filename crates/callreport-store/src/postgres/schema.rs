//! The schema, as numbered migrations recorded in `schema_migrations`: the same numbers as the
//! SQLite backend's, each bringing the same facts.

use tokio_postgres::{Client, GenericClient};

use super::errors::{Fault, Outcome};
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
