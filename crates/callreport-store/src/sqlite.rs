//! The SQLite backend: one database file in write-ahead-log mode, a small connection pool on
//! blocking threads, numbered migrations.

mod bulk_journal;
mod call_row;
mod checkpointer;
mod errors;
mod exports;
mod filter;
mod fresh_ids;
mod import_run;
mod pool;
pub(crate) mod read;
mod schema;
mod sync;
pub(crate) mod write;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use callreport_model::{Auth, CallId, ExportId, RecordingLocator, ReportFilter, UserId};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

pub(crate) use self::errors::Outcome;
use self::pool::Pool;
use crate::auth_cache::AuthCache;
use crate::error::{Cause, StoreError};
use crate::file_store::FileStore;
use crate::schema_version::SchemaVersion;
use crate::secret;
use crate::unix_ms;
use crate::{
    Account, CallPage, CallQuery, CredentialKind, ExpiredExport, ExportPage, ExportRecord,
    ExportUpdate, ImportCall, ImportOutcome, ImportStep, ImportTarget, IndexedCall, NewExport,
    NewRecording, Permissions, RecordingLookup, Store, StoreFuture, StoredCall, SyncCheckpoint,
    SyncOutcome,
};

/// Reading connections in the pool, beside its one writer: one per core of the standard
/// machine, few enough to stay cheap.
const READERS: usize = 2;

/// How long [`SqliteStore::checkpoint`] waits for a checkpoint running beside it.
const CHECKPOINT_PATIENCE: Duration = Duration::from_secs(60);

/// The Call Report store in one SQLite file.
///
/// Opening is lazy: [`SqliteStore::new`] touches nothing, so a server can start while the
/// database cannot be reached (its requests answer 1010) and recover when it can.
/// [`SqliteStore::open`] opens it now and brings the schema up to date.
///
/// Its recording files are in the folder `<database stem>-recordings` beside the database
/// file, unless [`SqliteStore::with_recording_files`] puts them elsewhere.
#[derive(Clone)]
pub struct SqliteStore {
    pool: Arc<Pool>,
    recording_files: Option<FileStore>,
    credentials: Arc<AuthCache>,
    /// Imports may load without the write-ahead log ([`SqliteStore::importing_alone`]).
    alone: bool,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.pool.path())
            .field("recording_files", &self.recording_files)
            .finish()
    }
}

impl SqliteStore {
    /// A store for the database at `path`, opened on first use (created if missing).
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let recording_files = FileStore::folder(recording_folder(&path)).ok();
        Self {
            pool: Arc::new(Pool::new(path, READERS)),
            recording_files,
            credentials: Arc::new(AuthCache::default()),
            alone: false,
        }
    }

    /// Opens the database at `path` now, creating it and migrating its schema as needed.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the file cannot be opened or is not a database.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let store = Self::new(path);
        // Through the writer, which would open the file first anyway: a reading connection
        // left open would keep an import that follows from loading without the log.
        store
            .write(|conn| Ok(conn.query_row("SELECT 1", [], |_| Ok(()))?))
            .await?;
        Ok(store)
    }

    /// Keeps recording files in `files` (a bucket every server reaches, say) instead of the
    /// folder beside the database.
    #[must_use]
    pub fn with_recording_files(mut self, files: FileStore) -> Self {
        self.recording_files = Some(files);
        self
    }

    /// For a process that does nothing with the database while it imports (`callreport
    /// import`): an import into a database with no calls, which no other connection has open,
    /// then writes each page once, through a rollback journal, instead of twice through the
    /// write-ahead log (about 1.4 times as fast at 1,000,000 calls). Reads through this store
    /// would wait for such an import, and fail after the busy timeout; other processes keep
    /// the log, since SQLite leaves it only for a connection that has the file alone.
    #[must_use]
    pub fn importing_alone(mut self) -> Self {
        self.alone = true;
        self
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.pool.path()
    }

    /// The database's folder, which holds its default file folders.
    fn folder(&self) -> PathBuf {
        folder_of(self.path())
    }

    /// The schema version of the database file at `path`, read without changing it: a missing
    /// file is at version 0, and is not created.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] for a file that cannot be opened or is not a database.
    pub async fn schema_version(path: impl Into<PathBuf>) -> Result<SchemaVersion, StoreError> {
        let path = path.into();
        tokio::task::spawn_blocking(move || schema::version_of(&path))
            .await
            .map_err(|error| StoreError::Failed(Cause::new(error)))?
    }

    /// Checks that the database can be reached and its schema is current.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when it cannot be reached.
    pub async fn check(&self) -> Result<(), StoreError> {
        self.pool
            .run(|conn| Ok(conn.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    /// Copies the write-ahead log into the database file and empties it: what an import does
    /// last, so its time includes all of its writing.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be written.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.write(|conn| {
            // The checkpoint thread may be copying the log at this very moment, and a second
            // checkpoint is then refused at once (its first column says busy) rather than
            // waited for: it is asked again until it runs whole (measured: without this, an
            // import of 100,000 calls left a 16 KiB database beside a 136 MB log).
            let deadline = std::time::Instant::now() + CHECKPOINT_PATIENCE;
            loop {
                let busy: i64 =
                    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
                if busy == 0 {
                    return Ok(());
                }
                if std::time::Instant::now() >= deadline {
                    return Err(StoreError::Unavailable(Cause::new(
                        "the write-ahead log could not be copied into the database file",
                    ))
                    .into());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .await
    }

    /// Runs blocking work that only reads, with a reading connection on a thread of the pool.
    pub(crate) fn run<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        self.pool.run(work)
    }

    /// Runs blocking work that writes, with the writer's connection, after earlier writes.
    pub(crate) fn write<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        self.pool.write(work)
    }
}

/// The folder of the database file at `path`.
fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `<database stem>-recordings`, beside the database file at `path`: its default recording
/// files.
fn recording_folder(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "callreport".into(), |s| s.to_string_lossy());
    folder_of(path).join(format!("{stem}-recordings"))
}

impl Store for SqliteStore {
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>> {
        let now = unix_ms::now_ms();
        let key = AuthCache::key(auth);
        if let Some(account) = key.and_then(|key| self.credentials.get(&key, now)) {
            return Box::pin(std::future::ready(Ok(Some(account))));
        }
        let auth = auth.clone();
        let cache = Arc::clone(&self.credentials);
        self.run(move |conn| {
            let found = read::authenticate(conn, &auth)?;
            Ok(found.map(|(account, expires_ms)| {
                if let Some(key) = key {
                    cache.put(key, account.clone(), expires_ms, now);
                }
                account
            }))
        })
    }

    fn call(&self, account: &Account, call_id: &CallId) -> StoreFuture<Option<StoredCall>> {
        let account = account.key().get();
        let call_id = call_id.clone();
        self.run(move |conn| read::call(conn, account, call_id.as_str()))
    }

    fn list(&self, account: &Account, query: &CallQuery) -> StoreFuture<CallPage> {
        let account = account.key().get();
        let query = query.clone();
        self.run(move |conn| read::list(conn, account, &query))
    }

    fn count(&self, account: &Account, filter: &ReportFilter) -> StoreFuture<u64> {
        let account = account.key().get();
        let filter = filter.clone();
        self.run(move |conn| read::count(conn, account, &filter))
    }

    fn recording(&self, locator: &RecordingLocator) -> StoreFuture<RecordingLookup> {
        let locator = locator.clone();
        self.run(move |conn| read::recording(conn, &locator))
    }

    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome> {
        let user_id = user_id.clone();
        // Worked out here, on the caller's thread: the store's thread only writes.
        let rows: Vec<IndexedCall> = calls.into_iter().map(IndexedCall::from).collect();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            let outcome = write::import(&tx, account, rows)?;
            tx.commit()?;
            // Refreshes the planner's statistics when the tables changed enough to matter.
            conn.execute_batch("PRAGMA optimize")?;
            Ok(outcome)
        })
    }

    fn import_all(
        &self,
        user_id: &UserId,
        calls: Box<dyn Iterator<Item = ImportCall> + Send>,
        batch: usize,
    ) -> StoreFuture<ImportOutcome> {
        let user_id = user_id.clone();
        // One job: each call is worked out and written while it is still in the cache.
        self.write(move |conn| {
            let mut calls = calls.map(IndexedCall::from).peekable();
            let mut outcome = ImportOutcome::default();
            while calls.peek().is_some() {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let account = write::account_key(&tx, &user_id)?;
                let written = write::import(&tx, account, calls.by_ref().take(batch))?;
                tx.commit()?;
                outcome.imported += written.imported;
                outcome.updated += written.updated;
            }
            conn.execute_batch("PRAGMA optimize")?;
            Ok(outcome)
        })
    }

    fn import_run(
        &self,
        target: ImportTarget,
        steps: tokio::sync::mpsc::Receiver<ImportStep>,
    ) -> StoreFuture<ImportOutcome> {
        let credentials = Arc::clone(&self.credentials);
        let store = self.clone();
        let alone = self.alone;
        Box::pin(async move {
            let rows = import_run::relay(steps);
            store
                .write(move |conn| {
                    let outcome = import_run::run(conn, &target, rows, alone);
                    credentials.clear();
                    outcome
                })
                .await
        })
    }

    fn sync_calls(
        &self,
        user_id: &UserId,
        mut calls: Vec<IndexedCall>,
        checkpoint: Option<SyncCheckpoint>,
    ) -> StoreFuture<SyncOutcome> {
        let user_id = user_id.clone();
        // In id order, the unique index's pages are visited once each, in turn, instead of at
        // random, which is what a batch's writing costs once that index outgrows the cache. The
        // sort is stable: of two versions of a call in one batch, the later still wins.
        calls.sort_by(|a, b| a.call_id.cmp(&b.call_id));
        let written = self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            let outcome = sync::upsert(&tx, account, &calls)?;
            if let Some(checkpoint) = &checkpoint {
                sync::set_checkpoint(&tx, account, checkpoint)?;
            }
            tx.commit()?;
            Ok((outcome, calls))
        });
        Box::pin(async move {
            // The batch is freed where the write is awaited, usually the thread that made it:
            // glibc's allocator locks the arena a block came from to free it, and the writer
            // freeing the caller's blocks while the caller made the next batch serialised the
            // two (docs/performance.md, "Mirroring").
            let (outcome, _calls) = written.await?;
            Ok(outcome)
        })
    }

    fn sync_checkpoint(&self, user_id: &UserId) -> StoreFuture<Option<SyncCheckpoint>> {
        let user_id = user_id.clone();
        self.run(move |conn| match write::find_account(conn, &user_id)? {
            Some(account) => sync::checkpoint(conn, account.key().get()),
            None => Ok(None),
        })
    }

    fn call_ids_between(
        &self,
        user_id: &UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreFuture<Vec<CallId>> {
        let user_id = user_id.clone();
        self.run(move |conn| {
            let account = write::account_key(conn, &user_id)?;
            sync::call_ids(conn, account, from, to)
        })
    }

    fn create_export(&self, account: &Account, export: NewExport) -> StoreFuture<ExportRecord> {
        let account = account.key().get();
        self.write(move |conn| exports::create(conn, account, &export))
    }

    fn export(&self, account: &Account, id: &ExportId) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let id = id.clone();
        self.run(move |conn| exports::find(conn, Some(account), &id))
    }

    fn exports(&self, account: &Account, page: u32, limit: u32) -> StoreFuture<ExportPage> {
        let account = account.key().get();
        self.run(move |conn| exports::list(conn, account, page, limit))
    }

    fn rename_export(
        &self,
        account: &Account,
        id: &ExportId,
        title: &str,
    ) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let (id, title) = (id.clone(), title.to_owned());
        self.write(move |conn| exports::rename(conn, account, &id, &title))
    }

    fn update_export(&self, id: &ExportId, update: ExportUpdate) -> StoreFuture<bool> {
        let id = id.clone();
        self.write(move |conn| exports::update(conn, &id, &update))
    }

    fn fail_unfinished_exports(&self, reason: &str) -> StoreFuture<u64> {
        let reason = reason.to_owned();
        self.write(move |conn| exports::fail_unfinished(conn, &reason))
    }

    fn renew_export_leases(&self, owner: &str, lease: Duration) -> StoreFuture<u64> {
        let owner = owner.to_owned();
        self.write(move |conn| exports::renew_leases(conn, &owner, lease))
    }

    fn fail_stale_exports(&self, owner: &str, others: bool, reason: &str) -> StoreFuture<u64> {
        let (owner, reason) = (owner.to_owned(), reason.to_owned());
        self.write(move |conn| exports::fail_stale(conn, &owner, others, &reason))
    }

    fn expired_exports(&self, cutoff: SystemTime, limit: u32) -> StoreFuture<Vec<ExpiredExport>> {
        let cutoff = unix_ms::from_system_time(cutoff);
        self.run(move |conn| exports::expired(conn, cutoff, limit))
    }

    fn delete_export(&self, id: &ExportId) -> StoreFuture<bool> {
        let id = id.clone();
        self.write(move |conn| exports::delete_finished(conn, &id))
    }

    fn export_folder(&self) -> Option<PathBuf> {
        let name = self.path().file_name()?.to_string_lossy().into_owned();
        Some(self.folder().join(format!("{name}-exports")))
    }

    fn account(&self, user_id: &UserId) -> StoreFuture<Option<Account>> {
        let user_id = user_id.clone();
        self.run(move |conn| write::find_account(conn, &user_id))
    }

    fn ensure_account(&self, user_id: &UserId, permissions: Permissions) -> StoreFuture<Account> {
        let user_id = user_id.clone();
        let credentials = Arc::clone(&self.credentials);
        self.write(move |conn| {
            let account = write::ensure_account(conn, &user_id, &permissions);
            credentials.clear();
            account
        })
    }

    fn account_or_create(
        &self,
        user_id: &UserId,
        permissions: Permissions,
    ) -> StoreFuture<(Account, bool)> {
        let user_id = user_id.clone();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found = write::account_or_create(&tx, &user_id, &permissions)?;
            tx.commit()?;
            Ok(found)
        })
    }

    fn add_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
        expires: Option<SystemTime>,
    ) -> StoreFuture<()> {
        let user_id = user_id.clone();
        let secret = secret.to_owned();
        let expires = expires.map(unix_ms::from_system_time);
        let credentials = Arc::clone(&self.credentials);
        self.write(move |conn| {
            let added = write::add_credential(conn, &user_id, kind, &secret, expires);
            credentials.clear();
            added
        })
    }

    fn push_account(&self, key: &str) -> StoreFuture<Option<Account>> {
        let digest = secret::digest(key);
        self.run(move |conn| read::push_account(conn, &digest))
    }

    fn replace_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
    ) -> StoreFuture<()> {
        let user_id = user_id.clone();
        let secret = secret.to_owned();
        let credentials = Arc::clone(&self.credentials);
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            write::remove_credentials(&tx, &user_id, kind)?;
            write::add_credential(&tx, &user_id, kind, &secret, None)?;
            tx.commit()?;
            credentials.clear();
            Ok(())
        })
    }

    fn name_agents(&self, user_id: &UserId, names: Vec<(u64, String)>) -> StoreFuture<()> {
        let user_id = user_id.clone();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            for (agent, name) in &names {
                write::name_agent(&tx, account, *agent, name)?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn add_recordings(&self, recordings: Vec<NewRecording>) -> StoreFuture<()> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            write::add_recordings(&tx, &recordings)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn recording_count(&self, account: &Account) -> StoreFuture<u64> {
        let account = account.key().get();
        self.run(move |conn| read::recording_count(conn, account))
    }

    fn remove_calls(&self, user_id: &UserId) -> StoreFuture<()> {
        let user_id = user_id.clone();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            write::clear_calls(&tx, account)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn meta(&self, key: &str) -> StoreFuture<Option<String>> {
        let key = key.to_owned();
        self.run(move |conn| write::meta(conn, &key))
    }

    fn set_meta(&self, key: &str, value: &str) -> StoreFuture<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.write(move |conn| write::set_meta(conn, &key, &value))
    }

    fn refresh_statistics(&self) -> StoreFuture<()> {
        // What `PRAGMA optimize` does for a table it has never analysed, for every table: an
        // estimate from a bounded number of rows per index (fast at any size), no STAT4 samples.
        let analysed = self.write(|conn| {
            Ok(conn.execute_batch(
                "PRAGMA analysis_limit = 2000; ANALYZE; PRAGMA analysis_limit = 0;",
            )?)
        });
        let pool = Arc::clone(&self.pool);
        Box::pin(async move {
            analysed.await?;
            pool.statistics_changed();
            Ok(())
        })
    }

    fn check(&self) -> StoreFuture<()> {
        let store = self.clone();
        Box::pin(async move { store.check().await })
    }

    fn flush(&self) -> StoreFuture<()> {
        let store = self.clone();
        Box::pin(async move { store.checkpoint().await })
    }

    fn recording_files(&self) -> Option<FileStore> {
        self.recording_files.clone()
    }
}
