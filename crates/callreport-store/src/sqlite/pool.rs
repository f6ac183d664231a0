//! A small pool of threads, each owning one SQLite connection: readers taking work from one
//! queue, and one writer with a queue of its own.
//!
//! The async workers never touch SQLite: they queue a closure and await its result. Under load
//! the pool's threads go from one queued job to the next without sleeping, so most jobs cost no
//! thread wake-up (a wake-up per query halves what a two-core machine serves).
//!
//! Every write goes through the one writer connection. SQLite allows one writer at a time
//! anyway; with one connection doing it, writes queue here instead of waiting on the file lock,
//! and the writer's page cache stays valid from one transaction to the next (a connection's
//! cache is dropped whenever another connection wrote), which is what bulk writes live on.
//!
//! Connections are opened lazily, so a server can start while its database cannot be reached
//! and recover when it can: a connection that failed because the database was unreachable is
//! dropped, and the thread's next job opens a fresh one. A job that panics loses its connection
//! and answers [`StoreError::Failed`]; the thread goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

use super::checkpointer::Checkpoints;
use super::errors::{Fault, Outcome};
use super::schema;
use crate::StoreFuture;
use crate::error::{Cause, StoreError};

/// How long a statement waits for another connection's write lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// A pool thread's connection, once opened, with the generation of statistics it plans with.
type Slot = Option<(Connection, u64)>;

/// Work for a pool thread, given the thread's connection (opened on demand).
type Job = Box<dyn FnOnce(&Opener, Role, &mut Slot) + Send>;

#[derive(Debug)]
pub(crate) struct Pool {
    opener: Arc<Opener>,
    reads: Queue,
    writes: Queue,
}

/// Where jobs for one kind of thread are sent, and how many such threads started.
#[derive(Debug)]
struct Queue {
    jobs: mpsc::Sender<Job>,
    threads: usize,
}

/// What a connection is for: its page cache is sized for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Read,
    Write,
}

impl Queue {
    /// Starts `size` threads named `name-N` taking jobs from one new queue.
    fn start(opener: &Arc<Opener>, name: &str, size: usize, role: Role) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let mut threads = 0;
        for index in 0..size {
            let queue = Arc::clone(&queue);
            let opener = Arc::clone(opener);
            let spawned = std::thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || serve_jobs(&opener, role, &queue));
            match spawned {
                Ok(_) => threads += 1,
                Err(error) => tracing::error!(error = %error, "cannot start a database thread"),
            }
        }
        Self { jobs, threads }
    }

    fn send<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move |opener, role, slot| {
            let _ = done.send(with_connection(opener, role, slot, work));
        });
        let queued = self.threads > 0 && self.jobs.send(job).is_ok();
        Box::pin(async move {
            if !queued {
                return Err(StoreError::Failed(Cause::new(
                    "no database thread is running",
                )));
            }
            result
                .await
                .unwrap_or_else(|_| Err(StoreError::Failed(Cause::new("a database task panicked"))))
        })
    }
}

/// What opening a connection needs.
#[derive(Debug)]
struct Opener {
    path: PathBuf,
    /// The writer's commits signal the checkpointer.
    checkpoints: Checkpoints,
    migrated: AtomicBool,
    /// Bumped when one connection rewrote the planner's statistics: the others reload them
    /// before their next job, since SQLite reads them only when it loads the schema.
    statistics: AtomicU64,
}

impl Pool {
    /// A pool of `readers` reading threads and one writer (and so at most `readers + 1`
    /// connections) for the database at `path`.
    pub(crate) fn new(path: PathBuf, readers: usize) -> Self {
        let opener = Arc::new(Opener {
            checkpoints: Checkpoints::start(path.clone()),
            path,
            migrated: AtomicBool::new(false),
            statistics: AtomicU64::new(0),
        });
        Self {
            reads: Queue::start(&opener, "callreport-sqlite", readers.max(1), Role::Read),
            writes: Queue::start(&opener, "callreport-sqlite-writer", 1, Role::Write),
            opener,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.opener.path
    }

    /// Tells every connection to reload the planner's statistics before its next job.
    pub(crate) fn statistics_changed(&self) {
        self.opener.statistics.fetch_add(1, Ordering::AcqRel);
    }

    /// Queues `work` that only reads for a reading thread; the future resolves to its result.
    /// The work starts as soon as a thread is free, whether or not the future is polled.
    pub(crate) fn run<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        self.reads.send(work)
    }

    /// Queues `work` that writes for the writer thread, after the writes queued before it.
    pub(crate) fn write<T, F>(&self, work: F) -> StoreFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Outcome<T> + Send + 'static,
    {
        self.writes.send(work)
    }
}

/// A pool thread: runs jobs until the pool is dropped.
fn serve_jobs(opener: &Opener, role: Role, queue: &Mutex<mpsc::Receiver<Job>>) {
    let mut connection: Slot = None;
    loop {
        let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else {
            return;
        };
        if catch_unwind(AssertUnwindSafe(|| job(opener, role, &mut connection))).is_err() {
            connection = None;
        }
    }
}

/// Runs `work` with the thread's connection, opening one if needed and dropping it when the
/// database turned out to be unreachable.
fn with_connection<T>(
    opener: &Opener,
    role: Role,
    slot: &mut Slot,
    work: impl FnOnce(&mut Connection) -> Outcome<T>,
) -> Result<T, StoreError> {
    let statistics = opener.statistics.load(Ordering::Acquire);
    let (conn, seen) = match slot {
        Some(open) => open,
        None => slot.insert((
            opener.open(role).map_err(Fault::into_store_error)?,
            statistics,
        )),
    };
    if *seen != statistics {
        conn.execute_batch("ANALYZE sqlite_schema")
            .map_err(|error| Fault::from(error).into_store_error())?;
        *seen = statistics;
    }
    work(conn).map_err(|fault| {
        let error = fault.into_store_error();
        if error.is_unavailable() {
            *slot = None;
        }
        error
    })
}

impl Opener {
    fn open(&self, role: Role) -> Outcome<Connection> {
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
        conn.pragma_update(None, "cache_size", role.cache_kib())?;
        // 8,192 pages of 16 KiB: index pages rewritten by consecutive imports are copied once.
        conn.pragma_update(None, "wal_autocheckpoint", 8_192)?;
        conn.pragma_update(None, "mmap_size", role.mmap_bytes())?;
        if role == Role::Write {
            // The same bound, checkpointed by a thread of its own (checkpointer.rs).
            self.checkpoints.install(&mut conn)?;
        }
        conn.set_prepared_statement_cache_capacity(32);
        if !self.migrated.load(Ordering::Acquire) {
            schema::migrate(&mut conn)?;
            self.migrated.store(true, Ordering::Release);
        }
        Ok(conn)
    }
}

impl Role {
    /// `PRAGMA cache_size` in KiB (negative, as SQLite takes it). Readers find most pages in
    /// the memory map; the writer keeps the index pages that bulk writes revisit.
    fn cache_kib(self) -> i64 {
        match self {
            Self::Read => -262_144,
            Self::Write => -32_768,
        }
    }

    /// `PRAGMA mmap_size`. The writer reads through its cache: pages it touched in a memory
    /// map would stay in its resident memory as long as the map.
    fn mmap_bytes(self) -> i64 {
        match self {
            Self::Read => 1 << 30,
            Self::Write => 0,
        }
    }
}
