#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod account;
mod auth_cache;
mod call_columns;
mod database_setting;
#[cfg(feature = "demo")]
pub mod demo;
mod error;
mod exports;
mod file_store;
mod import;
mod indexed_call;
#[cfg(all(test, feature = "demo"))]
mod plan_filters;
#[cfg(feature = "postgres")]
mod postgres;
mod records;
mod schema_version;
mod secret;
mod sqlite;
mod store;
mod sync;
#[cfg(feature = "testing")]
pub mod testing;
mod text_range;
mod unix_ms;

pub use crate::account::{Account, AccountKey, CredentialKind, Permissions};
pub use crate::database_setting::{is_postgres_url, shown_database};
pub use crate::error::{Cause, StoreError};
pub use crate::exports::{
    ClaimedExport, ExpiredExport, ExportPage, ExportQuota, ExportRecord, ExportUpdate, NewExport,
};
pub use crate::file_store::{FileRead, FileStore, FileUpload, FileWriter};
pub use crate::import::{
    DEFAULT_BATCH, ImportReport, ImportStep, ImportTarget, Importer, RejectedLine,
};
pub use crate::indexed_call::IndexedCall;
#[cfg(feature = "postgres")]
pub use crate::postgres::PostgresStore;
pub use crate::records::{
    CallPage, CallQuery, Cursor, ImportCall, ImportOutcome, NewRecording, RecordingLookup,
    StoredCall, StoredRecording,
};
pub use crate::schema_version::{Migrations, SchemaVersion};
pub use crate::sqlite::SqliteStore;
pub use crate::store::{Store, StoreFuture};
pub use crate::sync::{SyncCheckpoint, SyncOutcome};
