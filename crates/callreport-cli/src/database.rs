//! The database setting (`--db`, `CALLREPORT_DB`): a SQLite file, or a PostgreSQL URL whose
//! files (recordings, exports) go in the folder `CALLREPORT_FILES` names. Recording files go
//! where `CALLREPORT_RECORDING_FILES` says when it is set: a folder, or `s3://bucket/prefix`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use callreport_store::{
    FileStore, SchemaVersion, SqliteStore, Store, StoreError, is_postgres_url, shown_database,
};

/// Where a PostgreSQL store keeps its files when `CALLREPORT_FILES` does not say.
const DEFAULT_FILES: &str = "callreport-files";

/// The database a setting names, connected on first use.
///
/// # Errors
/// A URL that cannot be read, or one given to a build without PostgreSQL.
pub(crate) fn lazy(setting: &Path) -> anyhow::Result<Arc<dyn Store>> {
    let text = setting.to_string_lossy();
    if !is_postgres_url(&text) {
        return Ok(Arc::new(with_recording_files(SqliteStore::new(setting))?));
    }
    postgres(&text)
}

/// The database a setting names, opened now (created or migrated as needed).
///
/// # Errors
/// As [`lazy`], and a database that cannot be opened.
pub(crate) async fn open(setting: &Path) -> Result<Arc<dyn Store>, anyhow::Error> {
    let text = setting.to_string_lossy();
    if !is_postgres_url(&text) {
        return Ok(Arc::new(open_sqlite(setting).await?));
    }
    let store = postgres(&text)?;
    store
        .check()
        .await
        .map_err(|error| opening(setting, error))?;
    Ok(store)
}

/// As [`open`], for a process that does nothing but import: a SQLite database with no calls
/// is then loaded without its write-ahead log ([`SqliteStore::importing_alone`]).
///
/// # Errors
/// As [`open`].
pub(crate) async fn open_to_import(setting: &Path) -> Result<Arc<dyn Store>, anyhow::Error> {
    if is_postgres_url(&setting.to_string_lossy()) {
        return open(setting).await;
    }
    Ok(Arc::new(open_sqlite(setting).await?.importing_alone()))
}

async fn open_sqlite(setting: &Path) -> Result<SqliteStore, anyhow::Error> {
    let store = SqliteStore::open(setting)
        .await
        .map_err(|error| opening(setting, error))?;
    with_recording_files(store)
}

/// The recording files `CALLREPORT_RECORDING_FILES` names (a folder or `s3://bucket/prefix`),
/// if set.
///
/// # Errors
/// A setting that cannot be used, saying what to change.
fn recording_files() -> anyhow::Result<Option<FileStore>> {
    let Some(setting) = std::env::var("CALLREPORT_RECORDING_FILES")
        .ok()
        .filter(|setting| !setting.is_empty())
    else {
        return Ok(None);
    };
    let files = FileStore::from_setting(&setting).with_context(|| {
        format!("cannot keep recording files in {setting} (CALLREPORT_RECORDING_FILES)")
    })?;
    Ok(Some(files))
}

fn with_recording_files(store: SqliteStore) -> anyhow::Result<SqliteStore> {
    Ok(match recording_files()? {
        Some(files) => store.with_recording_files(files),
        None => store,
    })
}

/// The schema version of the database a setting names, read without changing it (a missing
/// SQLite file is not created).
///
/// # Errors
/// As [`lazy`], and a database that cannot be read.
pub(crate) async fn schema_version(setting: &Path) -> anyhow::Result<SchemaVersion> {
    let text = setting.to_string_lossy();
    let version = if is_postgres_url(&text) {
        postgres_schema_version(&text).await
    } else {
        SqliteStore::schema_version(setting).await
    };
    version.map_err(|error| opening(setting, error))
}

/// The setting as messages show it: a URL without its password.
pub(crate) fn shown(setting: &Path) -> String {
    shown_database(&setting.to_string_lossy())
}

fn opening(setting: &Path, error: StoreError) -> anyhow::Error {
    anyhow::Error::new(error).context(format!("cannot open the database {}", shown(setting)))
}

/// The folder a PostgreSQL store keeps its files in.
fn files() -> PathBuf {
    std::env::var_os("CALLREPORT_FILES")
        .filter(|folder| !folder.is_empty())
        .map_or_else(|| PathBuf::from(DEFAULT_FILES), PathBuf::from)
}

#[cfg(feature = "postgres")]
fn postgres(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = callreport_store::PostgresStore::new(url, files())?;
    Ok(Arc::new(match recording_files()? {
        Some(files) => store.with_recording_files(files),
        None => store,
    }))
}

#[cfg(feature = "postgres")]
async fn postgres_schema_version(url: &str) -> Result<SchemaVersion, StoreError> {
    callreport_store::PostgresStore::new(url, files())?
        .schema_version()
        .await
}

#[cfg(not(feature = "postgres"))]
fn postgres(_url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let _ = (files, recording_files);
    Err(no_postgres())
}

#[cfg(not(feature = "postgres"))]
async fn postgres_schema_version(_url: &str) -> Result<SchemaVersion, StoreError> {
    Err(StoreError::Invalid(no_postgres().to_string()))
}

#[cfg(not(feature = "postgres"))]
fn no_postgres() -> anyhow::Error {
    anyhow::anyhow!(
        "this build of callreport has no PostgreSQL support: build it with the `postgres` \
         feature, or give --db a SQLite file"
    )
}
