//! The SQLite backend: one database file in write-ahead-log mode, a small connection pool on
//! blocking threads, numbered migrations.

mod auth_cache;
mod errors;
mod exports;
mod filter;
mod pool;
pub(crate) mod read;
mod schema;
pub(crate) mod write;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use callreport_model::{Auth, CallId, ExportId, RecordingLocator, ReportFilter, UserId};
use rusqlite::{Connection, TransactionBehavior};

use self::auth_cache::AuthCache;
pub(crate) use self::errors::Outcome;
use self::pool::Pool;
use self::write::CallRow;
use crate::error::StoreError;
use crate::store::{
    Account, CallPage, CallQuery, CredentialKind, ExportRecord, ExportUpdate, ImportCall,
    ImportOutcome, NewExport, Permissions, RecordingLookup, Store, StoreFuture, StoredCall,
};

/// Connections in the pool: enough for both cores and a writer, few enough to stay cheap.
const POOL_SIZE: usize = 2;

/// The Call Report store in one SQLite file.
///
/// Opening is lazy: [`SqliteStore::new`] touches nothing, so a server can start while the
/// database cannot be reached (its requests answer 1010) and recover when it can.
/// [`SqliteStore::open`] opens it now and brings the schema up to date.
///
/// Recording paths are stored relative to the database's folder.
#[derive(Clone)]
pub struct SqliteStore {
    pool: Arc<Pool>,
    credentials: Arc<AuthCache>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.pool.path())
            .finish()
    }
}

fn expires_ms(expires: Option<SystemTime>) -> Option<i64> {
    expires.map(|at| match at.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    })
}

impl SqliteStore {
    /// A store for the database at `path`, opened on first use (created if missing).
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            pool: Arc::new(Pool::new(path.into(), POOL_SIZE)),
            credentials: Arc::new(AuthCache::default()),
        }
    }

    /// Opens the database at `path` now, creating it and migrating its schema as needed.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the file cannot be opened or is not a database.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let store = Self::new(path);
        store.check().await?;
        Ok(store)
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.pool.path()
    }

    /// The folder recording paths are relative to.
    fn folder(&self) -> PathBuf {
        self.path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
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

    /// Forgets the credentials checked recently: after writing accounts or credentials.
    pub(crate) fn forget_credentials(&self) {
        self.credentials.clear();
    }

    /// Copies the write-ahead log into the database file and empties it: what an import does
    /// last, so its time includes all of its writing.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be written.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.run(|conn| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
        .await
    }

    /// Runs blocking work with a connection, on a blocking thread.
    pub(crate) fn run<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        self.pool.run(work)
    }

    /// Creates the account `user_id`, or sets its permissions if it exists.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be written.
    pub async fn ensure_account(
        &self,
        user_id: &UserId,
        permissions: Permissions,
    ) -> Result<Account, StoreError> {
        let user_id = user_id.clone();
        let account = self
            .run(move |conn| write::ensure_account(conn, &user_id, &permissions))
            .await;
        self.forget_credentials();
        account
    }

    /// The account `user_id`, created with `permissions` if it does not exist (an existing
    /// account keeps its own); true when it was created.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be written.
    pub async fn account_or_create(
        &self,
        user_id: &UserId,
        permissions: Permissions,
    ) -> Result<(Account, bool), StoreError> {
        let user_id = user_id.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found = write::account_or_create(&tx, &user_id, &permissions)?;
            tx.commit()?;
            Ok(found)
        })
        .await
    }

    /// Stores a session id, API token or recording token for the account, as a digest;
    /// `expires` `None` never expires.
    ///
    /// # Errors
    /// [`StoreError::UnknownAccount`] for an account that does not exist,
    /// [`StoreError::Invalid`] when another account holds the same secret.
    pub async fn add_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
        expires: Option<SystemTime>,
    ) -> Result<(), StoreError> {
        let user_id = user_id.clone();
        let secret = secret.to_owned();
        let expires = expires_ms(expires);
        let added = self
            .run(move |conn| write::add_credential(conn, &user_id, kind, &secret, expires))
            .await;
        self.forget_credentials();
        added
    }

    /// Names the agents of an account, for the standard view.
    ///
    /// # Errors
    /// [`StoreError::UnknownAccount`] for an account that does not exist.
    pub async fn name_agents(
        &self,
        user_id: &UserId,
        names: Vec<(u64, String)>,
    ) -> Result<(), StoreError> {
        let user_id = user_id.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            for (agent, name) in &names {
                write::name_agent(&tx, account, *agent, name)?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// Registers a recording file for the locator's account, date folder and file name.
    /// A relative `path` is relative to the database's folder.
    ///
    /// # Errors
    /// [`StoreError::UnknownAccount`] when the locator's account does not exist.
    pub async fn add_recording(
        &self,
        locator: &RecordingLocator,
        path: &str,
        size: u64,
        content_type: &str,
    ) -> Result<(), StoreError> {
        let locator = locator.clone();
        let path = path.to_owned();
        let content_type = content_type.to_owned();
        self.run(move |conn| {
            let user_id = UserId::new(locator.user_id())
                .map_err(|error| StoreError::Invalid(error.to_string()))?;
            let account = write::account_key(conn, &user_id)?;
            write::add_recording(conn, account, &locator, &path, size, &content_type)
        })
        .await
    }
}

impl Store for SqliteStore {
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>> {
        let now = read::now_ms();
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
        let folder = self.folder();
        self.run(move |conn| read::recording(conn, &folder, &locator))
    }

    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome> {
        let user_id = user_id.clone();
        // Worked out here, on the caller's thread: the store's thread only writes.
        let rows: Vec<CallRow> = calls.into_iter().map(CallRow::from).collect();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let account = write::account_key(&tx, &user_id)?;
            let outcome = write::import(&tx, account, &rows)?;
            tx.commit()?;
            // Refreshes the planner's statistics when the tables changed enough to matter.
            conn.execute_batch("PRAGMA optimize")?;
            Ok(outcome)
        })
    }

    fn create_export(&self, account: &Account, export: NewExport) -> StoreFuture<ExportRecord> {
        let account = account.key().get();
        self.run(move |conn| exports::create(conn, account, &export))
    }

    fn export(&self, account: &Account, id: &ExportId) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let id = id.clone();
        self.run(move |conn| exports::find(conn, Some(account), &id))
    }

    fn exports(&self, account: &Account) -> StoreFuture<Vec<ExportRecord>> {
        let account = account.key().get();
        self.run(move |conn| exports::list(conn, account))
    }

    fn rename_export(
        &self,
        account: &Account,
        id: &ExportId,
        title: &str,
    ) -> StoreFuture<Option<ExportRecord>> {
        let account = account.key().get();
        let (id, title) = (id.clone(), title.to_owned());
        self.run(move |conn| exports::rename(conn, account, &id, &title))
    }

    fn update_export(&self, id: &ExportId, update: ExportUpdate) -> StoreFuture<bool> {
        let id = id.clone();
        self.run(move |conn| exports::update(conn, &id, &update))
    }

    fn fail_unfinished_exports(&self, reason: &str) -> StoreFuture<u64> {
        let reason = reason.to_owned();
        self.run(move |conn| exports::fail_unfinished(conn, &reason))
    }

    fn export_folder(&self) -> Option<PathBuf> {
        let name = self.path().file_name()?.to_string_lossy().into_owned();
        Some(self.folder().join(format!("{name}-exports")))
    }
}
