//! `callreport import`: counts, rejected lines with their numbers, updates, exit codes.

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
