//! `callreport import`: counts, rejected lines with their numbers, updates, exit codes.

use std::io::Write;
use std::process::Command;

use callreport_model::generate::Generator;
use callreport_model::{ReportFilter, UserId};
use callreport_store::{Permissions, SqliteStore, Store};

use crate::BIN;

const USER: &str = "40000001";

fn import(file: &std::path::Path, db: &std::path::Path) -> (i32, String) {
    let output = Command::new(BIN)
        .arg("import")
        .arg(file)
        .args(["--user-id", USER, "--batch", "7", "--db"])
        .arg(db)
        .env("CALLREPORT_TOKEN", "t-40000001")
        .env_remove("CALLREPORT_SSID")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn import_reports_imported_updated_and_rejected_lines() {
    let dir = tempfile::tempdir().unwrap();
    let user = UserId::new(USER).unwrap();
    let mut lines: Vec<String> = Generator::new(11)
        .user_id(user.clone())
        .take(20)
        .map(|call| call.to_json())
        .collect();
    lines.insert(2, "{\"clId\": 5}".to_owned());
    lines.insert(9, "not json".to_owned());
    let file = dir.path().join("calls.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let db = dir.path().join("calls.sqlite");

    let (code, out) = import(&file, &db);
    assert_eq!(code, 6, "{out}");
    assert!(
        out.starts_with("created account 40000001 with LIST_CALL_LOG\n"),
        "{out}"
    );
    assert!(
        out.contains("account 40000001: 20 imported, 0 updated, 2 rejected in "),
        "{out}"
    );
    assert!(out.contains("\n  line 3: clId: "), "{out}");
    assert!(out.contains("\n  line 10: "), "{out}");
    assert!(
        !out.contains("919000"),
        "rejections must not show numbers: {out}"
    );

    let good: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("{\"iExcFlw"))
        .collect();
    let again = dir.path().join("again.jsonl");
    std::fs::write(
        &again,
        good.iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let (code, out) = import(&again, &db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("account 40000001: 0 imported, 20 updated, 0 rejected"),
        "{out}"
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let count = runtime.block_on(async {
        let store = SqliteStore::open(&db).await.unwrap();
        let (account, created) = store
            .account_or_create(&user, Permissions::none())
            .await
            .unwrap();
        assert!(!created);
        assert!(account.can_list_calls());
        store.count(&account, &ReportFilter::new()).await.unwrap()
    });
    assert_eq!(count, 20);
}

#[test]
fn a_missing_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["import", "no-such-file.jsonl", "--user-id", USER, "--db"])
        .arg(dir.path().join("x.sqlite"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("error: cannot open no-such-file.jsonl"),
        "{stderr}"
    );
}

fn calls_in(db: &std::path::Path, user: &UserId) -> Option<u64> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(db).await.unwrap();
        let account = store.account(user).await.unwrap()?;
        Some(store.count(&account, &ReportFilter::new()).await.unwrap())
    })
}

#[test]
fn a_line_with_invalid_utf8_is_rejected_by_number_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let user = UserId::new(USER).unwrap();
    let mut input = Vec::new();
    for (index, call) in Generator::new(12).user_id(user.clone()).take(5).enumerate() {
        if index == 3 {
            input.extend_from_slice(b"{\"clId\": \"caf\xe9\"}\n");
        }
        input.extend_from_slice(call.to_json().as_bytes());
        input.push(b'\n');
    }
    let file = dir.path().join("calls.jsonl");
    std::fs::write(&file, input).unwrap();
    let db = dir.path().join("calls.sqlite");

    let (code, out) = import(&file, &db);
    assert_eq!(code, 6, "{out}");
    assert!(out.contains("5 imported, 0 updated, 1 rejected"), "{out}");
    assert!(out.contains("\n  line 4: not UTF-8 text"), "{out}");
    assert_eq!(calls_in(&db, &user), Some(5));
}

#[test]
fn an_import_that_imports_nothing_creates_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, "not json\n{\"clId\": 5}\n").unwrap();
    let db = dir.path().join("calls.sqlite");
    let (code, out) = import(&file, &db);
    assert_eq!(code, 6, "{out}");
    assert!(!out.contains("created account"), "{out}");
    assert!(out.contains("nothing imported"), "{out}");
    assert_eq!(calls_in(&db, &UserId::new(USER).unwrap()), None);
}

/// The rollback journal an import into a new file writes beside it while it runs.
fn journal_of(db: &std::path::Path) -> std::path::PathBuf {
    let mut journal = db.as_os_str().to_owned();
    journal.push("-journal");
    journal.into()
}

/// An import into a new file writes through a rollback journal (nothing else has the file
/// open): killed, it leaves that journal, which the next connection rolls back.
#[test]
fn a_sigkilled_import_leaves_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let user = UserId::new(USER).unwrap();
    let db = dir.path().join("calls.sqlite");
    let mut child = Command::new(BIN)
        .args(["import", "-", "--user-id", USER, "--batch", "7", "--db"])
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let calls: Vec<String> = Generator::new(13)
        .user_id(user.clone())
        .take(300)
        .map(|call| call.to_json())
        .collect();
    // Many batches are handed over and written, but the input never ends: the run is open.
    stdin.write_all(calls.join("\n").as_bytes()).unwrap();
    stdin.write_all(b"\n").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    // Watching for the journal, not opening the file: another connection would keep the
    // import on the write-ahead log.
    while !journal_of(&db).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started writing through a rollback journal"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Time for the 300 calls to reach the writer.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert!(journal_of(&db).exists(), "the killed run left its journal");
    assert_eq!(calls_in(&db, &user), None, "neither rows nor the account");

    // The same input, read to its end, imports every call: the kill is what dropped them.
    let file = dir.path().join("calls.jsonl");
    std::fs::write(&file, calls.join("\n")).unwrap();
    let (code, out) = import(&file, &db);
    assert_eq!(code, 0, "{out}");
    assert_eq!(calls_in(&db, &user), Some(300));
}
