//! Which PostgreSQL failures mean "the database cannot be reached" (1010) and which are faults
//! (1009).

use deadpool_postgres::PoolError;
use tokio_postgres::error::SqlState;

use crate::error::{Cause, StoreError};

/// What the PostgreSQL code fails with: the database's error, or one of the store's own.
#[derive(Debug)]
pub(crate) enum Fault {
    Sql(tokio_postgres::Error),
    Store(StoreError),
}

impl From<tokio_postgres::Error> for Fault {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Sql(error)
    }
}

impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl From<Fault> for StoreError {
    fn from(fault: Fault) -> Self {
        match fault {
            Fault::Sql(error) => classify(error),
            Fault::Store(error) => error,
        }
    }
}

/// The result type of the PostgreSQL code.
pub(crate) type Outcome<T> = Result<T, Fault>;

/// Sorts an error into [`StoreError::Unavailable`] (the connection, the server's resources, a
/// shutdown, a read-only standby) or [`StoreError::Failed`].
pub(crate) fn classify(error: tokio_postgres::Error) -> StoreError {
    let unavailable = match error.code() {
        Some(code) => {
            let class = &code.code()[..2];
            // 08: connection exception; 53: insufficient resources; 57: operator intervention.
            matches!(class, "08" | "53" | "57") || *code == SqlState::READ_ONLY_SQL_TRANSACTION
        }
        // No SQLSTATE: a broken or closed connection, or one that never opened, is the
        // database out of reach; a value that does not convert is a fault.
        None => {
            let io = std::error::Error::source(&error)
                .is_some_and(|source| source.downcast_ref::<std::io::Error>().is_some());
            let text = error.to_string();
            error.is_closed()
                || io
                || text.starts_with("error connecting")
                || text.starts_with("timeout")
        }
    };
    if unavailable {
        StoreError::Unavailable(Cause::new(error))
    } else {
        StoreError::Failed(Cause::new(error))
    }
}

/// A connection that could not be had from the pool: the database cannot be reached.
pub(crate) fn pool(error: PoolError) -> StoreError {
    match error {
        PoolError::Backend(error) => classify(error),
        other => StoreError::Unavailable(Cause::new(other.to_string())),
    }
}
