//! Server-side export jobs of a server process: quotas, retention, and the sweeper that fails
//! the job of a killed server once the database can be written again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server_process::{Process, files_in};

fn export_folder(db: &Path) -> PathBuf {
    let name = db.file_name().unwrap().to_string_lossy();
    db.with_file_name(format!("{name}-exports"))
}

fn id_of(created: &Value) -> String {
    created["data"]["expId"].as_str().unwrap().to_owned()
}

#[test]
fn exports_over_the_account_quotas_are_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let args = [
        "--demo",
        "--calls",
        "1200",
        "--export-max-active",
        "1",
        "--export-max-kept-bytes",
        "1",
    ];
    let server = Process::start(&db, &args, 200);
    let first = id_of(&server.create());
    let refused = server.create();
    assert_eq!(refused["code"], 1000, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("1 exports are queued or running")),
        "{refused}"
    );
    server.status_until(&first, |s| s["data"]["st"] == "done");
    let refused = server.create();
    assert_eq!(refused["code"], 1000, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("the most it may keep (1 bytes)")),
        "{refused}"
    );
}

#[test]
fn a_finished_export_past_its_retention_is_deleted_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let args = [
        "--demo",
        "--calls",
        "120",
        "--export-retention-secs",
        "2",
        "--export-sweep-secs",
        "1",
    ];
    let server = Process::start(&db, &args, 0);
    let id = id_of(&server.create());
    let done = server.status_until(&id, |s| s["data"]["st"] == "done");
    assert!(done["data"]["bytes"].as_u64().unwrap() > 0);
    let file = format!("{id}.csv");
    assert!(files_in(&export_folder(&db)).contains(&file));
    let gone = server.status_until(&id, |s| s["code"] == 1000);
    assert!(
        gone["message"].as_str().unwrap().contains("no export"),
        "{gone}"
    );
    assert!(!files_in(&export_folder(&db)).contains(&file));
}

/// Holds the database's write lock, as another writer (a backup, a migration) would.
fn lock(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    conn
}

fn stored_state(db: &Path, id: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT state FROM export_requests WHERE export_id = ?1",
        [id],
        |row| row.get(0),
    )
    .unwrap()
}

#[test]
fn a_killed_servers_export_is_failed_by_the_sweeper_once_the_database_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut first = Process::start(&db, &["--demo", "--calls", "3000"], 1000);
    let id = id_of(&first.create());
    first.status_until(&id, |s| {
        s["data"]["st"] == "running" && s["data"]["rows"].as_u64() > Some(0)
    });
    // The job's parts file: `<expId>.csv#<n>`.
    let prefix = format!("{id}.csv#");
    let is_part = |name: &String| name.starts_with(&prefix);
    assert!(files_in(&export_folder(&db)).iter().any(is_part));
    first.child.kill().unwrap();
    first.child.wait().unwrap();

    // The database cannot be written while the new server starts and for a few sweeps after.
    let locked = lock(&db);
    let args = ["--db", db.to_str().unwrap(), "--export-sweep-secs", "1"];
    let second = Process::start(&db, &args, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    while files_in(&export_folder(&db)).iter().any(is_part) {
        assert!(Instant::now() < deadline, "the parts file stayed");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        stored_state(&db, &id),
        "running",
        "nothing could settle it yet"
    );
    locked.execute_batch("ROLLBACK").unwrap();
    drop(locked);

    let failed = second.status_until(&id, |s| s["data"]["st"] == "failed");
    assert_eq!(failed["data"]["rsn"], "interrupted by a restart");
    assert!(!files_in(&export_folder(&db)).contains(&format!("{id}.csv")));
}
