//! The [`Store`] trait: everything the server's handlers, the importer and the demo ask of a
//! backend.
//!
//! The handlers only see the trait, so another backend (PostgreSQL for several replicas) can be
//! added without touching them. Every method returns a `'static` future: a backend copies what
//! it needs from the arguments before it starts, and does blocking work off the async reactor.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use callreport_model::{Auth, CallId, ExportId, RecordingLocator, ReportFilter, UserId};
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;

use crate::error::StoreError;
use crate::file_store::FileStore;
use crate::{
    Account, CallPage, CallQuery, ClaimedExport, CredentialKind, ExpiredExport, ExportPage,
    ExportRecord, ExportUpdate, ImportCall, ImportOutcome, ImportStep, ImportTarget, IndexedCall,
    NewExport, NewRecording, Permissions, RecordingLookup, StoredCall, SyncCheckpoint, SyncOutcome,
};

/// What a store operation resolves to.
pub type StoreFuture<T> = BoxFuture<'static, Result<T, StoreError>>;

/// The data the Call Report API serves: accounts and their credentials, calls, recordings.
///
/// Every read is scoped to one account: an account never sees, counts or downloads another
/// account's calls or recordings.
///
/// Besides what the handlers ask, the trait manages the data (accounts, credentials, agent
/// names, recordings, facts about the data): what the importer, the command line and the demo
/// use, so that they work on any backend. A store that is only served from may leave those
/// out: by default they refuse.
pub trait Store: Send + Sync + fmt::Debug + 'static {
    /// The account the credentials belong to; `None` when they are unknown or expired, or when
    /// a session names (`userId`) an account other than its own.
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>>;

    /// One call of `account`, as stored; `None` when the account has no call with that id.
    fn call(&self, account: &Account, call_id: &CallId) -> StoreFuture<Option<StoredCall>>;

    /// One page of `account`'s calls matching the query, with the number matching in all.
    fn list(&self, account: &Account, query: &CallQuery) -> StoreFuture<CallPage>;

    /// How many of `account`'s calls match `filter`.
    fn count(&self, account: &Account, filter: &ReportFilter) -> StoreFuture<u64>;

    /// The recording a locator names, if its token is valid for the account in the locator and
    /// that account has it.
    fn recording(&self, locator: &RecordingLocator) -> StoreFuture<RecordingLookup>;

    /// Stores calls in `user_id`'s account in one transaction: new call ids are imported, known
    /// ones replaced. Nothing is written when it fails.
    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome>;

    /// The account `user_id`, without checking any credential; `None` when it does not exist.
    fn account(&self, user_id: &UserId) -> StoreFuture<Option<Account>> {
        let _ = user_id;
        read_only()
    }

    /// Creates the account `user_id`, or sets its permissions if it exists.
    fn ensure_account(&self, user_id: &UserId, permissions: Permissions) -> StoreFuture<Account> {
        let _ = (user_id, permissions);
        read_only()
    }

    /// The account `user_id`, created with `permissions` if it does not exist (an existing
    /// account keeps its own); true when it was created.
    fn account_or_create(
        &self,
        user_id: &UserId,
        permissions: Permissions,
    ) -> StoreFuture<(Account, bool)> {
        let _ = (user_id, permissions);
        read_only()
    }

    /// Stores a session id, API token or recording token for the account, never as given (the
    /// store keeps a digest); `expires` `None` never expires.
    ///
    /// Fails with [`StoreError::UnknownAccount`] for an account that does not exist, and with
    /// [`StoreError::Invalid`] when another account holds the same secret.
    fn add_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
        expires: Option<SystemTime>,
    ) -> StoreFuture<()> {
        let _ = (user_id, kind, secret, expires);
        read_only()
    }

    /// The account a push key (`/push/{key}`) belongs to; `None` when no account holds it. A
    /// store without push keys knows none (the default).
    fn push_account(&self, key: &str) -> StoreFuture<Option<Account>> {
        let _ = key;
        Box::pin(std::future::ready(Ok(None)))
    }

    /// Replaces every credential of `kind` the account holds by `secret`, in one transaction
    /// (a rotation: the old secrets stop working when the new one starts).
    ///
    /// Fails as [`Store::add_credential`] does.
    fn replace_credential(
        &self,
        user_id: &UserId,
        kind: CredentialKind,
        secret: &str,
    ) -> StoreFuture<()> {
        let _ = (user_id, kind, secret);
        read_only()
    }

    /// Names agents of the account (agent id, name), for the standard view.
    fn name_agents(&self, user_id: &UserId, names: Vec<(u64, String)>) -> StoreFuture<()> {
        let _ = (user_id, names);
        read_only()
    }

    /// Registers recording files, each for its locator's account, in one transaction; a file
    /// already registered for the same account, date folder and file name is replaced.
    fn add_recordings(&self, recordings: Vec<NewRecording>) -> StoreFuture<()> {
        let _ = recordings;
        read_only()
    }

    /// How many recording files `account` has registered.
    fn recording_count(&self, account: &Account) -> StoreFuture<u64> {
        let _ = account;
        read_only()
    }

    /// Deletes every call and recording of the account (not the files), keeping the account,
    /// its credentials and its agent names.
    fn remove_calls(&self, user_id: &UserId) -> StoreFuture<()> {
        let _ = user_id;
        read_only()
    }

    /// A fact about the stored data, such as which demo data it holds; `None` when unset.
    fn meta(&self, key: &str) -> StoreFuture<Option<String>> {
        let _ = key;
        read_only()
    }

    /// Records a fact about the stored data.
    fn set_meta(&self, key: &str, value: &str) -> StoreFuture<()> {
        let _ = (key, value);
        read_only()
    }

    /// Brings what the store knows about its data for planning queries (statistics) up to
    /// date: after a bulk load, so the first queries are planned on the whole data. A store
    /// with nothing to refresh does nothing (the default).
    fn refresh_statistics(&self) -> StoreFuture<()> {
        Box::pin(std::future::ready(Ok(())))
    }

    /// Checks that the database can be reached and its schema is current (opening and
    /// migrating it if this is its first use). A store with nothing to check answers at once
    /// (the default).
    fn check(&self) -> StoreFuture<()> {
        Box::pin(std::future::ready(Ok(())))
    }

    /// Makes everything written so far part of the database's own files (SQLite copies its
    /// write-ahead log into the database file and empties it): what a command that wrote much
    /// does last, so that its time includes all of its writing. A store with nothing to do
    /// does nothing (the default).
    fn flush(&self) -> StoreFuture<()> {
        Box::pin(std::future::ready(Ok(())))
    }

    /// The files that registered recordings name ([`NewRecording::name`]); `None` when the
    /// store keeps no recording files.
    fn recording_files(&self) -> Option<FileStore> {
        None
    }

    /// Stores every call `calls` yields in `user_id`'s account, `batch` calls per transaction:
    /// a bulk load. The store pulls the calls on its own thread, so the iterator may work them
    /// out as it goes (a generator); a failure keeps the transactions before it.
    ///
    /// A store without bulk loads refuses (the default).
    fn import_all(
        &self,
        user_id: &UserId,
        calls: Box<dyn Iterator<Item = ImportCall> + Send>,
        batch: usize,
    ) -> StoreFuture<ImportOutcome> {
        let _ = (user_id, calls, batch);
        read_only()
    }

    /// Imports a run of calls into `target`'s account all or nothing: the account (created if
    /// new), the target's credentials and every call of every [`ImportStep::Calls`] are
    /// committed together at [`ImportStep::Commit`], and only when a call was written. Steps
    /// that stop without `Commit` (the importer failed or was dropped), a failure, or a run
    /// with no call leave nothing. The store pulls the steps on its own thread, so the caller
    /// decodes the next batch while one is written.
    ///
    /// A store without bulk loads refuses (the default).
    fn import_run(
        &self,
        target: ImportTarget,
        steps: tokio::sync::mpsc::Receiver<ImportStep>,
    ) -> StoreFuture<ImportOutcome> {
        let _ = (target, steps);
        read_only()
    }

    /// Mirrors a batch of calls into `user_id`'s account in one transaction: a call id stored
    /// once, the latest document wins; with `checkpoint`, also records how far the account is
    /// mirrored, so that the checkpoint never runs ahead of the calls it covers; a checkpoint
    /// never moves back. Nothing is written when it fails.
    ///
    /// A store without sync refuses (the default).
    fn sync_calls(
        &self,
        user_id: &UserId,
        calls: Vec<IndexedCall>,
        checkpoint: Option<SyncCheckpoint>,
    ) -> StoreFuture<SyncOutcome> {
        let _ = (user_id, calls, checkpoint);
        read_only()
    }

    /// How far `user_id`'s account is mirrored; `None` before its first complete window.
    fn sync_checkpoint(&self, user_id: &UserId) -> StoreFuture<Option<SyncCheckpoint>> {
        let _ = user_id;
        read_only()
    }

    /// The ids of `user_id`'s calls that started in `[from, to)`, in start order: what a sync
    /// compares with the calls the provider still lists.
    fn call_ids_between(
        &self,
        user_id: &UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreFuture<Vec<CallId>> {
        let _ = (user_id, from, to);
        read_only()
    }

    /// Records a new export request of `account`, queued.
    ///
    /// A store without exports refuses (the default).
    fn create_export(&self, account: &Account, export: NewExport) -> StoreFuture<ExportRecord> {
        let _ = (account, export);
        no_exports()
    }

    /// One export request of `account`; `None` when the account has none with that id.
    fn export(&self, account: &Account, id: &ExportId) -> StoreFuture<Option<ExportRecord>> {
        let _ = (account, id);
        no_exports()
    }

    /// Page `page` (from 1) of `limit` export requests of `account`, newest first, with how many
    /// it has in all.
    fn exports(&self, account: &Account, page: u32, limit: u32) -> StoreFuture<ExportPage> {
        let _ = (account, page, limit);
        no_exports()
    }

    /// Renames an export request of `account`; `None` when the account has none with that id.
    fn rename_export(
        &self,
        account: &Account,
        id: &ExportId,
        title: &str,
    ) -> StoreFuture<Option<ExportRecord>> {
        let _ = (account, id, title);
        no_exports()
    }

    /// Applies a step of an export's work; true when the request was in the state the step
    /// starts from (see [`ExportUpdate`]).
    fn update_export(&self, id: &ExportId, update: ExportUpdate) -> StoreFuture<bool> {
        let _ = (id, update);
        no_exports()
    }

    /// Marks every queued or running export request failed with `reason`; answers how many.
    fn fail_unfinished_exports(&self, reason: &str) -> StoreFuture<u64> {
        let _ = reason;
        Box::pin(std::future::ready(Ok(0)))
    }

    /// Extends to `lease` from now the lease of every queued or running request that `owner`
    /// (a server process) holds: what a live server does periodically. Answers how many.
    fn renew_export_leases(&self, owner: &str, lease: Duration) -> StoreFuture<u64> {
        let _ = (owner, lease);
        no_exports()
    }

    /// Fails, with `reason`, every queued or running request whose lease ran out (its server
    /// is gone); with `others`, also every one that `owner` does not hold (what a starting
    /// server does: no job of an earlier process survives it). Answers how many.
    fn fail_stale_exports(&self, owner: &str, others: bool, reason: &str) -> StoreFuture<u64> {
        let _ = (owner, others, reason);
        no_exports()
    }

    /// Whether several servers may work on this store at once. A server of a shared store
    /// takes over the export jobs of a server that is gone ([`Store::claim_stale_export`])
    /// instead of failing them, and never fails another server's jobs when it starts.
    fn is_shared(&self) -> bool {
        false
    }

    /// Takes over one unfinished export request whose lease ran out (its server is gone):
    /// leases it to `owner` for `lease`, puts it back in the queue with no rows written, and
    /// answers the request as it was made. Two servers asking at once never take the same
    /// request. `None` when no lease has run out, and always for a store that is not shared
    /// (the default).
    fn claim_stale_export(
        &self,
        owner: &str,
        lease: Duration,
    ) -> StoreFuture<Option<ClaimedExport>> {
        let _ = (owner, lease);
        Box::pin(std::future::ready(Ok(None)))
    }

    /// Up to `limit` finished requests (done or failed) that finished before `cutoff`, oldest
    /// first: the ones past their retention.
    fn expired_exports(&self, cutoff: SystemTime, limit: u32) -> StoreFuture<Vec<ExpiredExport>> {
        let _ = (cutoff, limit);
        no_exports()
    }

    /// Deletes the record of a finished request (its file is the caller's); true when it was.
    fn delete_export(&self, id: &ExportId) -> StoreFuture<bool> {
        let _ = id;
        no_exports()
    }

    /// Where export files go when the server is not told: beside the data, if the store has a
    /// place on disk.
    fn export_folder(&self) -> Option<PathBuf> {
        None
    }
}

fn no_exports<T: Send + 'static>() -> StoreFuture<T> {
    Box::pin(std::future::ready(Err(StoreError::Invalid(
        "this store keeps no export requests".into(),
    ))))
}

fn read_only<T: Send + 'static>() -> StoreFuture<T> {
    Box::pin(std::future::ready(Err(StoreError::Invalid(
        "this store is only read from".into(),
    ))))
}
