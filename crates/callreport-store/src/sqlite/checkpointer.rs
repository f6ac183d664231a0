//! Copying the write-ahead log back into the database on a thread of its own.
//!
//! SQLite checkpoints in the connection whose commit filled the log, so the writer stopped for
//! every 128 MiB it wrote: about a tenth of a sync's time (docs/performance.md, "Mirroring").
//! The writer's commits now signal this thread, which checkpoints on a connection of its own
//! while the writer goes on. Should it fall far behind, the writer checkpoints itself, so the log
//! stays bounded.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::Duration;

use rusqlite::hooks::Wal;
use rusqlite::wal::CheckpointMode;
use rusqlite::{Connection, OpenFlags};

/// Pages in the log (16 KiB each) at which the checkpointer is asked to copy it back: SQLite's
/// automatic checkpoint was set there before.
const SIGNAL_PAGES: i32 = if cfg!(test) { 4 } else { 8_192 };

/// Pages at which the writer copies it back itself, the checkpointer being that far behind: the
/// writer's commits race the checkpointer's, so the log starts again from its beginning only
/// after a checkpoint that nothing raced (512 MiB).
const INLINE_PAGES: i32 = if cfg!(test) {
    1 << 20
} else {
    4 * SIGNAL_PAGES
};

/// How long the checkpointer waits for a reader or the writer holding a lock it needs.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Signals the checkpointer thread; it stops once every signal is dropped.
#[derive(Clone, Debug)]
pub(crate) struct Checkpoints(SyncSender<()>);

impl Checkpoints {
    /// Starts the checkpointer for the database at `path`.
    pub(crate) fn start(path: PathBuf) -> Self {
        // One pending signal is enough: a checkpoint copies whatever the log holds by then.
        let (signal, signals) = mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("callreport-sqlite-checkpoint".into())
            .spawn(move || run(&path, &signals));
        if let Err(error) = spawned {
            // Without it, the writer's inline checkpoints still bound the log.
            tracing::error!(error = %error, "cannot start the checkpoint thread");
        }
        Self(signal)
    }

    /// Makes `conn`'s commits signal the checkpointer (this replaces SQLite's automatic
    /// checkpoint on that connection).
    pub(crate) fn install(&self, conn: &mut Connection) -> rusqlite::Result<()> {
        let signal = self.0.clone();
        conn.wal_hook(Some(move |wal: &mut Wal, pages: i32| {
            if pages >= INLINE_PAGES {
                wal.checkpoint_v2(CheckpointMode::PASSIVE)?;
            } else if pages >= SIGNAL_PAGES {
                let _ = signal.try_send(());
            }
            Ok(())
        }))
    }
}

/// The checkpointer: a passive checkpoint per signal, on a connection opened when first needed.
fn run(path: &Path, signals: &Receiver<()>) {
    let mut connection: Option<Connection> = None;
    while signals.recv().is_ok() {
        let conn = match connection.take() {
            Some(conn) => conn,
            None => match open(path) {
                Ok(conn) => conn,
                Err(error) => {
                    tracing::warn!(error = %error, "cannot open the database to checkpoint it");
                    continue;
                }
            },
        };
        match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            Ok(()) => connection = Some(conn),
            Err(error) => {
                tracing::warn!(error = %error, "a checkpoint failed; the next one retries")
            }
        }
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// In WAL mode pages reach the database file only through a checkpoint, and the writer's
    /// own (automatic or inline) checkpoints are off here: the file grows by the thread alone.
    #[test]
    fn the_thread_copies_the_log_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoint.sqlite");
        let mut writer = Connection::open(&path).unwrap();
        writer.pragma_update(None, "page_size", 16_384).unwrap();
        writer
            .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get::<_, String>(0))
            .unwrap();
        Checkpoints::start(path.clone())
            .install(&mut writer)
            .unwrap();
        writer
            .execute_batch("CREATE TABLE t (body BLOB NOT NULL)")
            .unwrap();
        for _ in 0..4 {
            writer
                .execute("INSERT INTO t (body) VALUES (zeroblob(100000))", [])
                .unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let size = loop {
            let size = std::fs::metadata(&path).unwrap().len();
            if size >= 400_000 || Instant::now() > deadline {
                break size;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(size >= 400_000, "the database file holds {size} bytes");
    }
}
