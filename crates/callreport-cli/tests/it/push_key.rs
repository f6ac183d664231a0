//! `callreport push-key rotate`: a new key on standard output only, the old key refused.

use std::path::Path;
use std::process::Command;

use callreport_model::UserId;
use callreport_store::{CredentialKind, Permissions, SqliteStore, Store};

use crate::BIN;

const USER: &str = "40000011";
const OLD_KEY: &str = "old-push-key-40000011";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn rotate(db: &Path, user: &str) -> std::process::Output {
    Command::new(BIN)
        .args(["push-key", "rotate", "--user-id", user, "--db"])
        .arg(db)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap()
}

/// Whose account each key opens, in the store the server reads.
fn owners(db: &Path, keys: &[&str]) -> Vec<Option<String>> {
    runtime().block_on(async {
        let store = SqliteStore::open(db).await.unwrap();
        let mut found = Vec::new();
        for key in keys {
            let account = store.push_account(key).await.unwrap();
            found.push(account.map(|a| a.user_id().to_string()));
        }
        found
    })
}

#[test]
fn rotate_prints_a_new_key_once_and_the_old_one_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.sqlite");
    runtime().block_on(async {
        let store = SqliteStore::open(&db).await.unwrap();
        let user = UserId::new(USER).unwrap();
        store
            .ensure_account(&user, Permissions::list_call_log())
            .await
            .unwrap();
        store
            .add_credential(&user, CredentialKind::Push, OLD_KEY, None)
            .await
            .unwrap();
    });
    assert_eq!(owners(&db, &[OLD_KEY]), [Some(USER.to_owned())]);

    let output = rotate(&db, USER);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let key = stdout.trim_end();
    assert_eq!(stdout, format!("{key}\n"), "the key alone on stdout");
    assert!(key.starts_with("push-") && key.len() > 20, "{key}");
    assert!(
        !stderr.contains(key),
        "the key must not reach stderr: {stderr}"
    );
    assert_eq!(owners(&db, &[OLD_KEY, key]), [None, Some(USER.to_owned())]);

    let again = rotate(&db, USER);
    let second = String::from_utf8(again.stdout).unwrap();
    assert_ne!(second.trim_end(), key);
    assert_eq!(owners(&db, &[key]), [None]);
}

#[test]
fn rotate_for_an_unknown_account_fails_and_prints_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.sqlite");
    let output = rotate(&db, "40000099");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("account 40000099 does not exist"),
        "{stderr}"
    );
}
