//! A small pool of SQLite connections, used from blocking threads only.
//!
//! Connections are opened lazily, so a server can start while its database cannot be reached
//! and recover when it can: a connection that failed because the database was unreachable is
//! dropped, and the next request opens a fresh one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::Semaphore;

use super::errors::{Fault, Outcome};
use super::schema;
use crate::error::{Cause, StoreError};
use crate::store::StoreFuture;

/// How long a statement waits for another connection's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub(crate) struct Pool {
    path: PathBuf,
    size: usize,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
    migrated: AtomicBool,
}

impl Pool {
    /// A pool of at most `size` connections to the database at `path`.
    pub(crate) fn new(path: PathBuf, size: usize) -> Self {
        let size = size.max(1);
        Self {
            path,
            size,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
            migrated: AtomicBool::new(false),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` with a connection on a blocking thread. At most `size` run at once; the
    /// others wait here, without holding a thread.
    pub(crate) fn run<T, F>(self: &Arc<Self>, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        let pool = Arc::clone(self);
        Box::pin(async move {
            let permit = Arc::clone(&pool.permits)
                .acquire_owned()
                .await
                .map_err(|error| StoreError::Failed(Cause::new(error)))?;
            let task = tokio::task::spawn_blocking(move || {
                let result = pool.with_connection(work);
                drop(permit);
                result
            });
            match task.await {
                Ok(result) => result,
                Err(error) => Err(StoreError::Failed(Cause::new(error))),
            }
        })
    }

    /// Runs `work` with a connection on the current thread (which may block).
    pub(crate) fn with_connection<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Outcome<T>,
    ) -> Result<T, StoreError> {
        let mut conn = self.take().map_err(Fault::into_store_error)?;
        match work(&mut conn) {
            Ok(value) => {
                self.give_back(conn);
                Ok(value)
            }
            Err(fault) => {
                let error = fault.into_store_error();
                if !error.is_unavailable() {
                    self.give_back(conn);
                }
                Err(error)
            }
        }
    }

    fn take(&self) -> Outcome<Connection> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(conn) => Ok(conn),
            None => self.open(),
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.size {
            idle.push(conn);
        }
    }

    fn open(&self) -> Outcome<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Takes effect only when the file is created; call documents are about 1.2 KB.
        conn.pragma_update(None, "page_size", 16_384)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Fault::Store(StoreError::Failed(Cause::new(format!(
                "the database refused write-ahead logging (journal mode {mode})"
            )))));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "wal_autocheckpoint", 2_048)?;
        conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        conn.set_prepared_statement_cache_capacity(32);
        if !self.migrated.load(Ordering::Acquire) {
            schema::migrate(&mut conn)?;
            self.migrated.store(true, Ordering::Release);
        }
        Ok(conn)
    }
}
