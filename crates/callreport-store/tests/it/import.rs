//! Importing JSON lines: one transaction per run, rejected lines by number.

use std::sync::Arc;

use crate::support::{USER, on_each_backend};
use callreport_model::UserId;
use callreport_model::generate::Generator;
use callreport_store::testing::{Backend, TestDatabase};
use callreport_store::{CredentialKind, ImportTarget, Importer, Permissions, Store};
use serde_json::Value;

fn lines(user: &UserId, count: usize) -> Vec<String> {
    Generator::new(5)
        .user_id(user.clone())
        .take(count)
        .map(|call| call.to_json())
        .collect()
}

on_each_backend! {
async fn a_run_whose_second_batch_fails_writes_nothing(db) {
    let (store, user) = crate::support::store(&db).await;
    let input = lines(&user, 10);
    let poisoned: Value = serde_json::from_str(&input[6]).unwrap();
    db.refuse_call(poisoned["clId"].as_str().unwrap()).await;
    let importer = Importer::new(Arc::clone(&store), user.clone()).batch_size(5);
    let error = importer.run(input.join("\n").as_bytes()).await.unwrap_err();
    assert_eq!(error.to_string(), "the database failed");
    let count = store
        .count(
            &store
                .account_or_create(&user, Permissions::none())
                .await
                .unwrap()
                .0,
            &callreport_model::ReportFilter::new(),
        )
        .await
        .unwrap();
    assert_eq!(count, 0, "the first batch is rolled back with the second");
}
}

async fn account_of(store: &Arc<dyn Store>, user: &UserId) -> Option<callreport_store::Account> {
    store.account(user).await.unwrap()
}

on_each_backend! {
async fn invalid_utf8_or_json_is_a_rejected_line_and_the_rest_is_imported(db) {
    let store = db.store();
    let user = UserId::new(USER).unwrap();
    let good = lines(&user, 4);
    let mut input = Vec::new();
    input.extend_from_slice(good[0].as_bytes());
    input.extend_from_slice(b"\n{\"clId\": \"bad\xff\xfe\"}\n");
    input.extend_from_slice(good[1].as_bytes());
    input.extend_from_slice(b"\n{not json\n\n");
    input.extend_from_slice(good[2].as_bytes());
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(good[3].as_bytes());
    let importer = Importer::new(Arc::clone(&store), user.clone()).batch_size(2);
    let report = importer.run(input.as_slice()).await.unwrap();
    assert_eq!(report.imported, 4);
    assert!(report.account_created);
    let rejected: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(rejected, [2, 4]);
    assert!(
        report.rejected[0].reason.starts_with("not UTF-8 text"),
        "{:?}",
        report.rejected
    );
    let account = account_of(&store, &user).await.unwrap();
    let count = store
        .count(&account, &callreport_model::ReportFilter::new())
        .await
        .unwrap();
    assert_eq!(count, 4);
}
}

on_each_backend! {
async fn a_run_that_imports_nothing_creates_nothing(db) {
    let store = db.store();
    let user = UserId::new("30000002").unwrap();
    let target = ImportTarget::new(user.clone()).credential(CredentialKind::Token, "t-30000002");
    let importer = Importer::with_target(Arc::clone(&store), target);
    let report = importer.run(&b"\n{\"clId\": 5}\n\xff\n"[..]).await.unwrap();
    assert_eq!((report.imported, report.updated), (0, 0));
    assert_eq!(report.rejected.len(), 2);
    assert!(!report.account_created);
    assert!(account_of(&store, &user).await.is_none(), "no account");
    let auth = callreport_model::Auth::token(user.clone(), "t-30000002");
    assert!(
        store.authenticate(&auth).await.unwrap().is_none(),
        "no token"
    );
}
}

on_each_backend! {
async fn a_run_whose_input_fails_to_read_writes_nothing(db) {
    let store = db.store();
    let user = UserId::new(USER).unwrap();
    let error = import_then_fail(&store, &user, 6, 2).await;
    assert!(error.to_string().contains("cannot read"), "{error}");
    assert!(account_of(&store, &user).await.is_none());
}
}

on_each_backend! {
/// A call that comes twice in one run is stored once, as its later version, found by the later
/// version's custom field and not the earlier one's. Into an empty table, SQLite writes the run
/// without its unique index on ids until the repeat (`sqlite/fresh_ids.rs`): the calls after
/// it are upserts, and a later run still finds every id.
async fn a_call_repeated_in_one_run_is_stored_once_as_its_later_version(db) {
    let store = db.store();
    let user = UserId::new(USER).unwrap();
    let mut input = lines(&user, 8);
    let mut again: Value = serde_json::from_str(&input[2]).unwrap();
    let id = again["clId"].as_str().unwrap().to_owned();
    again["cstm"]["disposition"] = Value::from("Repeated in the run");
    input.insert(5, again.to_string());
    let importer = Importer::new(Arc::clone(&store), user.clone()).batch_size(3);
    let report = importer.run(input.join("\n").as_bytes()).await.unwrap();
    assert_eq!((report.imported, report.updated), (8, 1));

    let account = account_of(&store, &user).await.unwrap();
    let all = callreport_model::ReportFilter::new();
    assert_eq!(store.count(&account, &all).await.unwrap(), 8);
    let stored = store
        .call(&account, &callreport_model::CallId::new(&id).unwrap())
        .await
        .unwrap()
        .expect("the repeated call is stored");
    assert!(stored.document.contains("Repeated in the run"));
    let repeated = all.clone().field("disposition", "Repeated in the run");
    assert_eq!(store.count(&account, &repeated).await.unwrap(), 1);
    let first: Value = serde_json::from_str(&input[2]).unwrap();
    let earlier = first["cstm"]["disposition"].as_str().unwrap();
    let with_earlier = all.clone().field("disposition", earlier);
    let earlier_count = input
        .iter()
        .enumerate()
        .filter(|(index, line)| *index != 2 && line.contains(&format!("\"disposition\":\"{earlier}\"")))
        .count() as u64;
    assert_eq!(
        store.count(&account, &with_earlier).await.unwrap(),
        earlier_count,
        "the earlier version's field row is gone"
    );

    // A second run meets every id of the first: all updates, nothing doubled.
    let importer = Importer::new(Arc::clone(&store), user.clone()).batch_size(4);
    let report = importer.run(lines(&user, 8).join("\n").as_bytes()).await.unwrap();
    assert_eq!((report.imported, report.updated), (0, 8));
    assert_eq!(store.count(&account, &all).await.unwrap(), 8);
}
}

/// The indexes of `calls` in the database file, by name.
fn call_indexes(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'calls' ORDER BY name")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// An import into an empty table drops its secondary indexes and builds them again in the same
/// transaction: a run that fails leaves them, and one that commits has them again.
#[tokio::test]
async fn an_import_into_an_empty_table_leaves_every_index_in_place() {
    let db = TestDatabase::create(Backend::Sqlite).await.unwrap();
    let (store, user) = crate::support::store(&db).await;
    let db = std::path::PathBuf::from(db.setting());
    let before = call_indexes(&db);
    assert!(before.len() >= 4, "{before:?}");

    import_then_fail(&store, &user, 6, 2).await;
    assert_eq!(call_indexes(&db), before, "a failed run keeps them");

    let importer = Importer::new(Arc::clone(&store), user.clone()).batch_size(3);
    let report = importer
        .run(lines(&user, 10).join("\n").as_bytes())
        .await
        .unwrap();
    assert_eq!(report.imported, 10);
    assert_eq!(
        call_indexes(&db),
        before,
        "a committed run builds them again"
    );
}

/// The bytes in the database's write-ahead log, 0 when it has none.
fn log_bytes(db: &std::path::Path) -> u64 {
    let mut log = db.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(log).map_or(0, |file| file.len())
}

fn journal_mode(db: &std::path::Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap()
}

/// A store on a new file; `alone`: told that it imports alone, as `callreport import` opens it.
async fn new_file_store(
    name: &str,
    alone: bool,
) -> (tempfile::TempDir, std::path::PathBuf, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(name);
    let mut store = callreport_store::SqliteStore::open(&db).await.unwrap();
    if alone {
        store = store.importing_alone();
    }
    (dir, db, Arc::new(store))
}

/// Imports 200 calls and answers how many the account holds.
async fn import_200(store: &Arc<dyn Store>) -> u64 {
    let user = UserId::new(USER).unwrap();
    let importer = Importer::new(Arc::clone(store), user.clone()).batch_size(40);
    let report = importer
        .run(lines(&user, 200).join("\n").as_bytes())
        .await
        .unwrap();
    assert_eq!(report.imported, 200);
    let account = account_of(store, &user).await.unwrap();
    store
        .count(&account, &callreport_model::ReportFilter::new())
        .await
        .unwrap()
}

/// Into a new file that nothing else has open, the calls are written once, through a rollback
/// journal, never into the log; the file is in write-ahead-log mode again afterwards.
#[tokio::test]
async fn an_import_into_a_new_file_bypasses_the_log_and_leaves_it_on() {
    let (_dir, db, store) = new_file_store("fresh.sqlite", true).await;
    assert_eq!(import_200(&store).await, 200);
    // The count above read the calls, which opened the log again: nothing is in it.
    assert_eq!(log_bytes(&db), 0, "nothing went through the log");
    store.flush().await.unwrap();
    assert_eq!(journal_mode(&db), "wal");
}

/// A run that fails while it loads without the log leaves nothing, and the log on.
#[tokio::test]
async fn a_failed_run_without_the_log_writes_nothing_and_turns_the_log_back_on() {
    let (_dir, db, store) = new_file_store("failed.sqlite", true).await;
    let user = UserId::new(USER).unwrap();
    import_then_fail(&store, &user, 60, 20).await;
    assert_eq!(journal_mode(&db), "wal");
    assert!(account_of(&store, &user).await.is_none(), "no account");
    assert_eq!(import_200(&store).await, 200, "the next run loads");
}

/// A store not told that it imports alone keeps the log: its own readers may come at any time.
#[tokio::test]
async fn an_import_keeps_the_log_unless_the_store_imports_alone() {
    let (_dir, db, store) = new_file_store("shared-process.sqlite", false).await;
    assert_eq!(import_200(&store).await, 200);
    assert!(log_bytes(&db) > 0, "the calls went through the log");
    store.flush().await.unwrap();
    assert_eq!(
        log_bytes(&db),
        0,
        "flushing copied the log into the file and emptied it"
    );
}

/// With another connection open on the file, the import keeps the log and still succeeds.
#[tokio::test]
async fn an_import_beside_another_connection_keeps_the_log() {
    let (_dir, db, store) = new_file_store("shared.sqlite", true).await;
    let other = rusqlite::Connection::open(&db).unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM calls", [], |row| row.get(0))
        .unwrap();
    assert_eq!(import_200(&store).await, 200);
    assert!(log_bytes(&db) > 0, "the calls went through the log");
    let seen: i64 = other
        .query_row("SELECT count(*) FROM calls", [], |row| row.get(0))
        .unwrap();
    assert_eq!(seen, 200);
    store.flush().await.unwrap();
}

/// An import of `count` good lines, in batches of `batch`, whose input then fails to read; the
/// run's error.
async fn import_then_fail(
    store: &Arc<dyn Store>,
    user: &UserId,
    count: usize,
    batch: usize,
) -> callreport_store::StoreError {
    let mut text = lines(user, count).join("\n");
    text.push('\n');
    let failing = tokio::io::AsyncReadExt::chain(text.as_bytes(), FailingReader);
    Importer::new(Arc::clone(store), user.clone())
        .batch_size(batch)
        .run(tokio::io::BufReader::new(failing))
        .await
        .unwrap_err()
}

/// A reader that fails, as a file on a failing disk would.
struct FailingReader;

impl tokio::io::AsyncRead for FailingReader {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        _: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Err(std::io::Error::other("the disk failed")))
    }
}
