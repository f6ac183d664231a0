//! Where the server's data lives: the [`Store`] trait the handlers use, and its SQLite backend.
//!
//! The handlers only see the trait, so another backend (PostgreSQL for several replicas) can be
//! added without touching them. Every method returns a `'static` future: a backend copies what
//! it needs from the arguments before it starts, and does blocking work off the async reactor.

mod account;
pub mod demo;
mod exports;
mod import;
mod records;
mod secret;
mod sqlite;

use std::fmt;
use std::path::PathBuf;

use callreport_model::{Auth, CallId, ExportId, RecordingLocator, ReportFilter, UserId};
use futures::future::BoxFuture;

pub use self::account::{Account, AccountKey, CredentialKind, Permissions};
pub use self::exports::{ExportRecord, ExportUpdate, NewExport};
pub use self::import::{DEFAULT_BATCH, ImportReport, Importer, RejectedLine};
pub use self::records::{
    CallPage, CallQuery, Cursor, ImportCall, ImportOutcome, RecordingLookup, StoredCall,
    StoredRecording,
};
pub use self::sqlite::SqliteStore;
use crate::error::StoreError;

/// What a store operation resolves to.
pub type StoreFuture<T> = BoxFuture<'static, Result<T, StoreError>>;

/// The data the Call Report API serves: accounts and their credentials, calls, recordings.
///
/// Every read is scoped to one account: an account never sees, counts or downloads another
/// account's calls or recordings.
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

    /// Every export request of `account`, newest first.
    fn exports(&self, account: &Account) -> StoreFuture<Vec<ExportRecord>> {
        let _ = account;
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
