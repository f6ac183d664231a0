//! The PostgreSQL backend: several servers over one database. Calls are partitioned by month,
//! bulk writes are binary `COPY`, connections come from a pool (deadpool-postgres), and the
//! schema is migrated under an advisory lock by whichever process gets there first.
//!
//! Files (recordings, exports) are in a file folder by default, which every server of the
//! deployment must then see alike; a bucket ([`FileStore`]) needs no shared volume.
//! docs/scaling.md says how to lay either out.

mod calls;
mod errors;
mod exports;
mod filter;
mod import_run;
mod partitions;
pub(crate) mod read;
mod schema;
mod sync;
mod write;

#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use callreport_model::{Auth, CallId, ExportId, RecordingLocator, ReportFilter, UserId};
use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use futures::FutureExt;
use tokio::sync::OnceCell;
use tokio::sync::mpsc::Receiver;

use self::errors::Outcome;
use self::partitions::{Month, Partitions};
use crate::auth_cache::AuthCache;
use crate::error::{Cause, StoreError};
use crate::file_store::FileStore;
use crate::schema_version::SchemaVersion;
use crate::unix_ms::{self, now_ms};
use crate::{
    Account, CallPage, CallQuery, ClaimedExport, CredentialKind, ExpiredExport, ExportPage,
    ExportRecord, ExportUpdate, ImportCall, ImportOutcome, ImportStep, ImportTarget, IndexedCall,
    NewExport, NewRecording, Permissions, RecordingLookup, Store, StoreFuture, StoredCall,
    SyncCheckpoint, SyncOutcome, secret,
};

/// Connections each process keeps at most.
const DEFAULT_POOL_SIZE: usize = 8;

/// Months with a partition ahead of the current one, created when the store opens.
const MONTHS_AHEAD: usize = 2;

/// The folder inside the file folder that recording files are kept in by default.
const RECORDINGS: &str = "recordings";

/// The Call Report store in a PostgreSQL database.
///
/// Opening is lazy: [`PostgresStore::new`] connects to nothing, so a server can start while
/// the database cannot be reached (its requests answer 1010) and recover when it can; the
/// first connection migrates the schema. [`PostgresStore::open`] connects and migrates now.
///
/// `Debug` shows the host and database, never the password.
#[derive(Clone)]
pub struct PostgresStore {
    inner: Arc<Inner>,
    recording_files: Option<FileStore>,
}

struct Inner {
    pool: Pool,
    /// Where the connection goes, for `Debug`: host and database.
    target: String,
    files: PathBuf,
    migrated: OnceCell<()>,
    partitions: Partitions,
    credentials: AuthCache,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("database", &self.inner.target)
            .field("files", &self.inner.files)
            .field("recording_files", &self.recording_files)
            .finish()
    }
}

impl PostgresStore {
    /// A store for the database at `url` (`postgres://user@host:port/database`, with any
    /// parameter libpq's URLs take, such as `options=-c search_path=…`), keeping its files in
    /// `files`. Connects on first use.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the URL cannot be read (the message does not repeat it).
    pub fn new(url: &str, files: impl Into<PathBuf>) -> Result<Self, StoreError> {
        Self::with_pool_size(url, files, DEFAULT_POOL_SIZE)
    }

    /// [`PostgresStore::new`] with at most `size` connections.
    ///
    /// # Errors
    /// As [`PostgresStore::new`].
    pub fn with_pool_size(
        url: &str,
        files: impl Into<PathBuf>,
        size: usize,
    ) -> Result<Self, StoreError> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|_| {
            StoreError::Invalid(
                "the PostgreSQL URL cannot be read; it looks like \
                 postgres://user@host:5432/database"
                    .into(),
            )
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("callreport");
        let target = describe(&config);
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(size.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|error| StoreError::Invalid(format!("the connection pool: {error}")))?;
        let files = files.into();
        Ok(Self {
            recording_files: FileStore::folder(files.join(RECORDINGS)).ok(),
            inner: Arc::new(Inner {
                pool,
                target,
                files,
                migrated: OnceCell::new(),
                partitions: Partitions::default(),
                credentials: AuthCache::default(),
            }),
        })
    }

    /// Connects to the database at `url` now, migrating its schema as needed.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when it cannot be reached; [`StoreError::Invalid`] for a
    /// URL that cannot be read or a schema from a newer build.
    pub async fn open(url: &str, files: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let store = Self::new(url, files)?;
        store.check().await?;
        Ok(store)
    }

    /// The database's schema version, read without changing it: 0 when nothing has migrated
    /// it yet.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the database cannot be reached.
    pub async fn schema_version(&self) -> Result<SchemaVersion, StoreError> {
        // Straight from the pool: `client` would migrate first.
        let client = self.inner.pool.get().await.map_err(errors::pool)?;
        Ok(schema::version_of(&client).await?)
    }

    /// Checks that the database can be reached and its schema is current.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when it cannot be reached.
    pub async fn check(&self) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute("SELECT 1", &[])
            .await
            .map_err(errors::classify)?;
        Ok(())
    }

    /// The folder the store keeps files in by default (recordings and exports).
    #[must_use]
    pub fn files(&self) -> &Path {
        &self.inner.files
    }

    /// Keeps recording files in `files` (a bucket every server reaches, say) instead of the
    /// folder `recordings` in the store's file folder.
    #[must_use]
    pub fn with_recording_files(mut self, files: FileStore) -> Self {
        self.recording_files = Some(files);
        self
    }

    /// A connection from the pool, the schema migrated and this month's partitions made.
    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        // Migrated before a connection is taken for the caller: callers waiting for the
        // migration hold none, so the pool always has one for the partitions it makes.
        self.inner
            .migrated
            .get_or_try_init(|| async {
                let mut client = self.inner.pool.get().await.map_err(errors::pool)?;
                schema::migrate(&mut client).await?;
                drop(client);
                let mut month = Month::of(now_ms());
                let mut ahead = Vec::new();
                for _ in 0..=MONTHS_AHEAD {
                    ahead.push(month);
                    month = month.next();
                }
                self.inner
                    .partitions
                    .ensure_months(&self.inner.pool, ahead)
                    .await
            })
            .await?;
        self.inner.pool.get().await.map_err(errors::pool)
    }

    /// Runs `work` with a connection.
    fn with<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(
                &'c deadpool_postgres::Object,
            ) -> futures::future::BoxFuture<'c, Outcome<T>>
            + Send
            + 'static,
    {
        let store = self.clone();
        Box::pin(async move {
            let client = store.client().await?;
            Ok(work(&client).await?)
        })
    }

    /// Runs `work` in a transaction, committed when it succeeds.
    fn in_transaction<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c tokio_postgres::Client) -> futures::future::BoxFuture<'c, Outcome<T>>
            + Send
            + 'static,
    {
        let store = self.clone();
        Box::pin(async move {
            let mut client = store.client().await?;
            let tx = client.transaction().await.map_err(errors::classify)?;
            let value = work(tx.client()).await?;
            tx.commit().await.map_err(errors::classify)?;
            Ok(value)
        })
    }

    /// Runs `work` in a read-only transaction that sees one snapshot throughout (`REPEATABLE
    /// READ`): for reads made of several statements, which must not see a write that commits
    /// between two of them.
    fn in_snapshot<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(
                &'c deadpool_postgres::Transaction<'c>,
            ) -> futures::future::BoxFuture<'c, Outcome<T>>
            + Send
            + 'static,
    {
        let store = self.clone();
        Box::pin(async move {
            let mut client = store.client().await?;
            let tx = client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(errors::classify)?;
            let value = work(&tx).await?;
            tx.commit().await.map_err(errors::classify)?;
            Ok(value)
        })
    }

    /// Makes the partitions of the months of `calls`, each on a connection of its own: called
    /// before the writer's transaction takes its connection where it can, so that writers
    /// holding every connection of the pool never wait for one to make a partition.
    async fn partitions_for(&self, calls: &[IndexedCall]) -> Result<(), StoreError> {
        let started: Vec<i64> = calls.iter().map(|call| call.started_ms).collect();
        self.inner
            .partitions
            .ensure(&self.inner.pool, started)
            .await
    }

    /// Writes a batch of calls in the caller's transaction; the partitions of their months
    /// must exist ([`PostgresStore::partitions_for`]).
    async fn write_calls(
        &self,
        client: &tokio_postgres::Client,
        account: i64,
        calls: &[IndexedCall],
    ) -> Result<SyncOutcome, StoreError> {
        let outcome = calls::upsert(client, account, calls).await?;
        for call in calls {
            for recording in &call.recordings {
                write::add_recording(client, account, recording).await?;
            }
        }
        Ok(outcome)
    }

    /// Writes a batch of calls into the account in a transaction of its own, with the account's
    /// sync checkpoint when one is given: both or neither.
    async fn write_batch(
        &self,
        user_id: &UserId,
        calls: &[IndexedCall],
        checkpoint: Option<&SyncCheckpoint>,
    ) -> Result<SyncOutcome, StoreError> {
        self.partitions_for(calls).await?;
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(errors::classify)?;
        let account = write::account_key(tx.client(), user_id).await?;
        let outcome = self.write_calls(tx.client(), account, calls).await?;
        if let Some(checkpoint) = checkpoint {
            sync::set_checkpoint(tx.client(), account, checkpoint).await?;
        }
        tx.commit().await.map_err(errors::classify)?;
        Ok(outcome)
    }
}

/// `host:port/database` of a connection setting, without user or password.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        Some(tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}/{}", config.get_dbname().unwrap_or(""))
}

fn import_outcome(written: SyncOutcome) -> ImportOutcome {
    ImportOutcome::new(written.new, written.updated + written.unchanged)
}

impl Store for PostgresStore {
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>> {
        let now = now_ms();
        let key = AuthCache::key(auth);
        if let Some(account) = key.and_then(|key| self.inner.credentials.get(&key, now)) {
            return Box::pin(std::future::ready(Ok(Some(account))));
        }
        let auth = auth.clone();
        let store = self.clone();
        self.with(move |client| {
            async move {
                let found = read::authenticate(client, &auth).await?;
                Ok(found.map(|(account, expires_ms)| {
                    if let Some(key) = key {
                        store
                            .inner
                            .credentials
                            .put(key, account.clone(), expires_ms, now);
                    }
                    account
                }))
            }
            .boxed()
        })
    }

    fn call(&self, account: &Account, call_id: &CallId) -> StoreFuture<Option<StoredCall>> {
        let account = account.key().get();
        let call_id = call_id.clone();
        self.with(move |client| {
            async move { read::call(client, account, call_id.as_str()).await }.boxed()
        })
    }

    fn list(&self, account: &Account, query: &CallQuery) -> StoreFuture<CallPage> {
        let account = account.key().get();
        let query = query.clone();
        // One snapshot for the count, the page's rows and their documents: a call replaced
        // between two of the statements would otherwise drop out of the page unseen.
        self.in_snapshot(move |client| {
            async move { read::list(client, account, &query).await }.boxed()
        })
    }

    fn count(&self, account: &Account, filter: &ReportFilter) -> StoreFuture<u64> {
        let account = account.key().get();
        let filter = filter.clone();
        self.with(move |client| async move { read::count(client, account, &filter).await }.boxed())
    }

    fn recording(&self, locator: &RecordingLocator) -> StoreFuture<RecordingLookup> {
        let locator = locator.clone();
        self.with(move |client| async move { read::recording(client, &locator).await }.boxed())
    }

    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome> {
        let user_id = user_id.clone();
        let rows: Vec<IndexedCall> = calls.into_iter().map(IndexedCall::from).collect();
        let store = self.clone();
        Box::pin(async move {
            let written = store.write_batch(&user_id, &rows, None).await?;
            Ok(import_outcome(written))
        })
    }

    fn import_all(
        &self,
        user_id: &UserId,
        calls: Box<dyn Iterator<Item = ImportCall> + Send>,
        batch: usize,
    ) -> StoreFuture<ImportOutcome> {
        let user_id = user_id.clone();
        let store = self.clone();
        let batch = batch.max(1);
        Box::pin(async move {
            let mut calls = Some(calls);
            let mut outcome = ImportOutcome::default();
            loop {
                // The iterator may work calls out as it goes: it is pulled off the reactor.
                let Some(source) = calls.take() else { break };
                let (rows, source) = tokio::task::spawn_blocking(move || {
                    let mut source = source;
                    let rows: Vec<IndexedCall> =
                        source.by_ref().take(batch).map(IndexedCall::from).collect();
                    (rows, source)
                })
                .await
                .map_err(|error| StoreError::Failed(Cause::new(error.to_string())))?;
                if rows.is_empty() {
                    break;
                }
                calls = Some(source);
                store.partitions_for(&rows).await?;
                let mut client = store.client().await?;
                let tx = client.transaction().await.map_err(errors::classify)?;
                let account = write::account_key(tx.client(), &user_id).await?;
                let written = store.write_calls(tx.client(), account, &rows).await?;
                tx.commit().await.map_err(errors::classify)?;
                let written = import_outcome(written);
                outcome.imported += written.imported;
                outcome.updated += written.updated;
            }
            Ok(outcome)
        })
    }

    fn import_run(
        &self,
        target: ImportTarget,
        steps: Receiver<ImportStep>,
    ) -> StoreFuture<ImportOutcome> {
        let store = self.clone();
        Box::pin(async move {
            let outcome = import_run::run(&store, &target, steps).await;
            store.inner.credentials.clear();
            outcome
        })
    }

    fn sync_calls(
        &self,
        user_id: &UserId,
        calls: Vec<IndexedCall>,
        checkpoint: Option<SyncCheckpoint>,
    ) -> StoreFuture<SyncOutcome> {
        let user_id = user_id.clone();
        let store = self.clone();
        Box::pin(async move {
            store
                .write_batch(&user_id, &calls, checkpoint.as_ref())
                .await
        })
    }

    fn sync_checkpoint(&self, user_id: &UserId) -> StoreFuture<Option<SyncCheckpoint>> {
        let user_id = user_id.clone();
        self.with(move |client| {
            async move {
                match write::find_account(client, &user_id).await? {
                    Some(account) => sync::checkpoint(client, account.key().get()).await,
                    None => Ok(None),
                }
            }
            .boxed()
        })
    }

    fn call_ids_between(
        &self,
        user_id: &UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreFuture<Vec<CallId>> {
        let user_id = user_id.clone();
        self.with(move |client| {
            async move {
                let account = write::account_key(client, &user_id).await?;
                sync::call_ids(client, account, from, to).await
            }
            .boxed()
        })
    }

    fn create_export(&self, account: &Account, export: NewExport) -> StoreFuture<ExportRecord> {
        let account = account.key().get();
        let store = self.clone();
        Box::pin(async move {
            let mut client = store.client().await?;
            Ok(exports::create(&mut client, account, &export).await?)
        })
    }

    fn export(&self, account: &Account, id: &ExportId) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let id = id.clone();
        self.with(move |client| {
            async move { exports::find(client, Some(account), &id).await }.boxed()
        })
    }

    fn exports(&self, account: &Account, page: u32, limit: u32) -> StoreFuture<ExportPage> {
        let account = account.key().get();
        self.with(move |client| {
            async move { exports::list(client, account, page, limit).await }.boxed()
        })
    }

    fn rename_export(
        &self,
        account: &Account,
        id: &ExportId,
        title: &str,
    ) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let (id, title) = (id.clone(), title.to_owned());
        self.with(move |client| {
            async move { exports::rename(client, account, &id, &title).await }.boxed()
        })
    }

    fn update_export(&self, id: &ExportId, update: ExportUpdate) -> StoreFuture<bool> {
        let id = id.clone();
        self.with(move |client| async move { exports::update(client, &id, &update).await }.boxed())
    }

    fn fail_unfinished_exports(&self, reason: &str) -> StoreFuture<u64> {
        let reason = reason.to_owned();
        self.with(move |client| {
            async move { exports::fail_unfinished(client, &reason).await }.boxed()
        })
    }

    fn renew_export_leases(&self, owner: &str, lease: Duration) -> StoreFuture<u64> {
        let owner = owner.to_owned();
        self.with(move |client| {
            async move { exports::renew_leases(client, &owner, lease).await }.boxed()
        })
    }

    fn fail_stale_exports(&self, owner: &str, others: bool, reason: &str) -> StoreFuture<u64> {
        let (owner, reason) = (owner.to_owned(), reason.to_owned());
        self.with(move |client| {
            async move { exports::fail_stale(client, &owner, others, &reason).await }.boxed()
        })
    }

    fn check(&self) -> StoreFuture<()> {
        let store = self.clone();
        Box::pin(async move { store.check().await })
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn claim_stale_export(
        &self,
        owner: &str,
        lease: Duration,
    ) -> StoreFuture<Option<ClaimedExport>> {
        let owner = owner.to_owned();
        self.with(move |client| {
            async move { exports::claim_stale(client, &owner, lease).await }.boxed()
        })
    }

    fn expired_exports(&self, cutoff: SystemTime, limit: u32) -> StoreFuture<Vec<ExpiredExport>> {
        let cutoff = unix_ms::from_system_time(cutoff);
        self.with(move |client| {
            async move { exports::expired(client, cutoff, limit).await }.boxed()
        })
    }

    fn delete_export(&self, id: &ExportId) -> StoreFuture<bool> {
        let id = id.clone();
        self.with(move |client| async move { exports::delete_finished(client, &id).await }.boxed())
    }

    fn export_folder(&self) -> Option<PathBuf> {
        Some(self.inner.files.join("exports"))
    }

    fn account(&self, user_id: &UserId) -> StoreFuture<Option<Account>> {
        let user_id = user_id.clone();
        self.with(move |client| async move { write::find_account(client, &user_id).await }.boxed())
    }

    fn ensure_account(&self, user_id: &UserId, permissions: Permissions) -> StoreFuture<Account> {
        let user_id = user_id.clone();
        let store = self.clone();
        self.with(move |client| {
            async move {
                let account = write::ensure_account(client, &user_id, &permissions).await;
                store.inner.credentials.clear();
                account
            }
            .boxed()
        })
    }

    fn account_or_create(
        &self,
        user_id: &UserId,
        permissions: Permissions,
    ) -> StoreFuture<(Account, bool)> {
        let user_id = user_id.clone();
        self.with(move |client| {
            async move { write::account_or_create(client, &user_id, &permissions).await }.boxed()
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
        let store = self.clone();
        self.with(move |client| {
            async move {
                let added = write::add_credential(client, &user_id, kind, &secret, expires).await;
                store.inner.credentials.clear();
                added
            }
            .boxed()
        })
    }

    fn push_account(&self, key: &str) -> StoreFuture<Option<Account>> {
        let digest = secret::digest(key);
        self.with(move |client| async move { read::push_account(client, &digest).await }.boxed())
    }

    fn replace_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
    ) -> StoreFuture<()> {
        let user_id = user_id.clone();
        let secret = secret.to_owned();
        let store = self.clone();
        let replaced = self.in_transaction(move |client| {
            async move {
                write::remove_credentials(client, &user_id, kind).await?;
                write::add_credential(client, &user_id, kind, &secret, None).await
            }
            .boxed()
        });
        Box::pin(async move {
            let outcome = replaced.await;
            store.inner.credentials.clear();
            outcome
        })
    }

    fn name_agents(&self, user_id: &UserId, names: Vec<(u64, String)>) -> StoreFuture<()> {
        let user_id = user_id.clone();
        self.in_transaction(move |client| {
            async move {
                let account = write::account_key(client, &user_id).await?;
                write::name_agents(client, account, &names).await
            }
            .boxed()
        })
    }

    fn add_recordings(&self, recordings: Vec<NewRecording>) -> StoreFuture<()> {
        self.in_transaction(move |client| {
            async move { write::add_recordings(client, &recordings).await }.boxed()
        })
    }

    fn recording_count(&self, account: &Account) -> StoreFuture<u64> {
        let account = account.key().get();
        self.with(move |client| async move { read::recording_count(client, account).await }.boxed())
    }

    fn remove_calls(&self, user_id: &UserId) -> StoreFuture<()> {
        let user_id = user_id.clone();
        self.in_transaction(move |client| {
            async move {
                let account = write::account_key(client, &user_id).await?;
                write::clear_calls(client, account).await
            }
            .boxed()
        })
    }

    fn meta(&self, key: &str) -> StoreFuture<Option<String>> {
        let key = key.to_owned();
        self.with(move |client| async move { write::meta(client, &key).await }.boxed())
    }

    fn set_meta(&self, key: &str, value: &str) -> StoreFuture<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.with(move |client| async move { write::set_meta(client, &key, &value).await }.boxed())
    }

    fn refresh_statistics(&self) -> StoreFuture<()> {
        // ANALYZE for the planner, VACUUM for the visibility map that index-only scans need.
        self.with(|client| {
            async move {
                client
                    .batch_execute("VACUUM (ANALYZE) calls, call_ids, call_agents, call_fields")
                    .await?;
                Ok(())
            }
            .boxed()
        })
    }

    fn recording_files(&self) -> Option<FileStore> {
        self.recording_files.clone()
    }
}
