//! Deterministic demo data: two accounts with fixed credentials, generated calls and playable
//! recordings.
//!
//! The same call count gives the same database on every machine: the calls come from the
//! model's seeded [`Generator`]. A database that already holds the requested demo data is
//! reused as it is.

mod audio;

use std::path::{Path, PathBuf};

use callreport_model::generate::Generator;
use callreport_model::{RecordingLocator, UserId};
use rusqlite::{Connection, TransactionBehavior};

pub use self::audio::{CONTENT_TYPE, silent_mp3};
use super::sqlite::write::{self, CallRow};
use super::{CredentialKind, Permissions, SqliteStore};
use crate::error::{Cause, StoreError};

/// The number of calls of the main demo account when none is asked for.
pub const DEFAULT_CALLS: u64 = 10_000;

/// Calls are written in transactions of this many.
const BATCH: usize = 50_000;

/// A demo account and its fixed credentials (fixed, so documented commands work as pasted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoAccount {
    /// The user id (`userId`).
    pub user_id: &'static str,
    /// A session id (`ssid`).
    pub session: &'static str,
    /// An API token (`token`, with `userId`).
    pub token: &'static str,
    /// The token inside the account's recording links.
    pub recording_token: &'static str,
    /// Whether the account has `LIST_CALL_LOG`.
    pub can_list_calls: bool,
    /// The seed of the account's generated calls.
    pub seed: u64,
}

impl DemoAccount {
    /// The generator of the account's calls: its first `n` calls are the account's demo data.
    ///
    /// # Panics
    /// Never: the demo user ids are valid.
    #[must_use]
    pub fn generator(&self) -> Generator {
        let user_id = UserId::new(self.user_id).unwrap_or_else(|_| unreachable!("a valid id"));
        Generator::new(self.seed)
            .user_id(user_id)
            .recording_token(self.recording_token)
    }
}

/// The demo account with `LIST_CALL_LOG`, holding the requested number of calls.
pub const MAIN: DemoAccount = DemoAccount {
    user_id: "10000001",
    session: "demo-session-10000001",
    token: "demo-token-10000001",
    recording_token: "demo-recording-10000001",
    can_list_calls: true,
    seed: 2025,
};

/// The demo account without `LIST_CALL_LOG` (every Call Report request answers 1015), holding a
/// tenth as many calls.
pub const RESTRICTED: DemoAccount = DemoAccount {
    user_id: "10000002",
    session: "demo-session-10000002",
    token: "demo-token-10000002",
    recording_token: "demo-recording-10000002",
    can_list_calls: false,
    seed: 2026,
};

/// Names for the generator's agents (ids 20 to 49).
const AGENT_NAMES: [&str; 10] = [
    "Kavita Joshi",
    "राजेश गुप्ता",
    "Arjun Menon",
    "नेहा सिंह",
    "Sanjay Patel",
    "दीपिका राव",
    "Imran Qureshi",
    "पूजा मिश्रा",
    "Vikram Desai",
    "अंजलि चौधरी",
];
const FIRST_AGENT: u64 = 20;
const AGENTS: u64 = 30;

/// Lengths of the silent clips the demo recordings point at, in seconds.
const CLIP_SECONDS: [u64; 4] = [1, 2, 3, 5];

/// What [`prepare`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoSummary {
    /// Whether the database already held this demo data.
    pub reused: bool,
    /// Calls of [`MAIN`].
    pub calls: u64,
    /// Calls of [`RESTRICTED`].
    pub restricted_calls: u64,
    /// Recordings registered, over both accounts.
    pub recordings: u64,
}

/// Creates the demo data in the store (or reuses it): [`MAIN`] with `calls` calls and
/// [`RESTRICTED`] with a tenth as many, recordings as silent MP3 clips in a folder beside the
/// database.
///
/// # Errors
/// [`StoreError`] when the database or the clip folder cannot be written.
pub async fn prepare(store: &SqliteStore, calls: u64) -> Result<DemoSummary, StoreError> {
    let clips = clip_folder(store.path());
    let marker = format!("version=1 seed={} calls={calls}", MAIN.seed);
    let summary = store
        .run(move |conn| {
            let reused = write::meta(conn, "demo")?.as_deref() == Some(marker.as_str());
            write_clips(&clips)?;
            if reused {
                let summary = summarize(conn, true)?;
                return Ok(summary);
            }
            let restricted = calls / 10;
            seed_account(conn, &MAIN, calls, &clips)?;
            seed_account(conn, &RESTRICTED, restricted, &clips)?;
            write::set_meta(conn, "demo", &marker)?;
            conn.execute_batch("PRAGMA optimize")?;
            summarize(conn, false)
        })
        .await;
    store.forget_credentials();
    summary
}

/// Adds `count` generated calls (with recordings) to `user_id`'s account, which must exist.
///
/// For tests and benchmarks that need more accounts than the demo's two.
///
/// # Errors
/// [`StoreError`] when the database or the clip folder cannot be written.
pub async fn add_generated_calls(
    store: &SqliteStore,
    user_id: &UserId,
    generator: Generator,
    count: u64,
) -> Result<u64, StoreError> {
    let clips = clip_folder(store.path());
    let user_id = user_id.clone();
    store
        .run(move |conn| {
            write_clips(&clips)?;
            let account = write::account_key(conn, &user_id)?;
            insert_calls(conn, account, generator, count, &clips)
        })
        .await
}

/// `<database stem>-recordings`, beside the database.
fn clip_folder(database: &Path) -> PathBuf {
    let stem = database
        .file_stem()
        .map_or_else(|| "callreport".into(), |s| s.to_string_lossy());
    database.with_file_name(format!("{stem}-recordings"))
}

fn clip_name(seconds: u64) -> String {
    format!("silence-{seconds}s.mp3")
}

fn write_clips(folder: &Path) -> Result<(), StoreError> {
    let io = |error: std::io::Error| StoreError::Failed(Cause::new(error));
    std::fs::create_dir_all(folder).map_err(io)?;
    for seconds in CLIP_SECONDS {
        let path = folder.join(clip_name(seconds));
        let audio = silent_mp3(seconds);
        let current = std::fs::metadata(&path).map(|m| m.len()).ok();
        if current != u64::try_from(audio.len()).ok() {
            std::fs::write(&path, audio).map_err(io)?;
        }
    }
    Ok(())
}

fn seed_account(
    conn: &mut Connection,
    account: &DemoAccount,
    calls: u64,
    clips: &Path,
) -> super::sqlite::Outcome<()> {
    let user_id =
        UserId::new(account.user_id).map_err(|error| StoreError::Invalid(error.to_string()))?;
    let permissions = if account.can_list_calls {
        Permissions::list_call_log()
    } else {
        Permissions::none()
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let key = write::ensure_account(&tx, &user_id, &permissions)?
        .key()
        .get();
    for (kind, secret) in [
        (CredentialKind::Session, account.session),
        (CredentialKind::Token, account.token),
        (CredentialKind::Recording, account.recording_token),
    ] {
        write::add_credential(&tx, &user_id, kind, secret, None)?;
    }
    for agent in FIRST_AGENT..FIRST_AGENT + AGENTS {
        let index = usize::try_from(agent - FIRST_AGENT).unwrap_or(0);
        let name = AGENT_NAMES[index % AGENT_NAMES.len()];
        write::name_agent(&tx, key, agent, name)?;
    }
    write::clear_calls(&tx, key)?;
    tx.commit()?;
    insert_calls(conn, key, account.generator(), calls, clips)?;
    Ok(())
}

/// Inserts generated calls in batches, each in its own transaction; returns the count.
fn insert_calls(
    conn: &mut Connection,
    account: i64,
    generator: Generator,
    count: u64,
    clips: &Path,
) -> super::sqlite::Outcome<u64> {
    let folder = clips
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut calls = generator.take(usize::try_from(count).unwrap_or(usize::MAX));
    let mut written = 0;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut in_batch = 0;
        for call in calls.by_ref().take(BATCH) {
            write::upsert_call(&tx, account, &CallRow::new(call.to_json(), &call))?;
            let talk = call.durations.customer.as_secs();
            let seconds = CLIP_SECONDS[usize::try_from(talk).unwrap_or(0) % CLIP_SECONDS.len()];
            for locator in call.recordings() {
                add_clip(&tx, account, locator, &folder, seconds)?;
            }
            in_batch += 1;
        }
        tx.commit()?;
        written += in_batch;
        if in_batch < BATCH as u64 {
            return Ok(written);
        }
    }
}

fn add_clip(
    conn: &Connection,
    account: i64,
    locator: &RecordingLocator,
    folder: &str,
    seconds: u64,
) -> super::sqlite::Outcome<()> {
    let path = format!("{folder}/{}", clip_name(seconds));
    let size = u64::try_from(silent_mp3(seconds).len()).unwrap_or(0);
    write::add_recording(conn, account, locator, &path, size, CONTENT_TYPE)
}

fn summarize(conn: &Connection, reused: bool) -> super::sqlite::Outcome<DemoSummary> {
    let calls_of = |user_id: &str| -> rusqlite::Result<u64> {
        conn.query_row(
            "SELECT count(*) FROM calls c JOIN accounts a ON a.id = c.account \
             WHERE a.user_id = ?",
            [user_id],
            |row| row.get::<_, i64>(0),
        )
        .map(|n| u64::try_from(n).unwrap_or(0))
    };
    let recordings: i64 = conn.query_row(
        "SELECT count(*) FROM recordings r JOIN accounts a ON a.id = r.account \
         WHERE a.user_id IN (?1, ?2)",
        [MAIN.user_id, RESTRICTED.user_id],
        |row| row.get(0),
    )?;
    Ok(DemoSummary {
        reused,
        calls: calls_of(MAIN.user_id)?,
        restricted_calls: calls_of(RESTRICTED.user_id)?,
        recordings: u64::try_from(recordings).unwrap_or(0),
    })
}
