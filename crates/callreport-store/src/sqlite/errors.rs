//! Which SQLite failures mean "the database cannot be reached" (1010) and which are faults (1009).

use rusqlite::ErrorCode;

use crate::error::{Cause, StoreError};

/// What the blocking SQLite code fails with: SQLite's error, or one of the store's own.
#[derive(Debug)]
pub(crate) enum Fault {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fault {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sql(error)
    }
}

impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl Fault {
    /// The store error this fault is reported as.
    pub(crate) fn into_store_error(self) -> StoreError {
        match self {
            Self::Sql(error) => classify(error),
            Self::Store(error) => error,
        }
    }
}

/// Sorts a SQLite error into [`StoreError::Unavailable`] or [`StoreError::Failed`].
pub(crate) fn classify(error: rusqlite::Error) -> StoreError {
    let unavailable = matches!(
        error.sqlite_error_code(),
        Some(
            ErrorCode::CannotOpen
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::NotADatabase
                | ErrorCode::ReadOnly
                | ErrorCode::PermissionDenied
                | ErrorCode::FileLockingProtocolFailed
                | ErrorCode::NoLargeFileSupport
        )
    );
    if unavailable {
        StoreError::Unavailable(Cause::new(error))
    } else {
        StoreError::Failed(Cause::new(error))
    }
}

/// The result type of the blocking SQLite code.
pub(crate) type Outcome<T> = Result<T, Fault>;
