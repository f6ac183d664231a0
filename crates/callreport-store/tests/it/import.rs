//! Importing JSON lines: transactional batches.

use std::sync::Arc;

use callreport_model::UserId;
use callreport_model::generate::Generator;
use callreport_store::{Importer, Permissions, SqliteStore, Store};
use serde_json::Value;

const USER: &str = "30000001";

async fn store() -> (tempfile::TempDir, SqliteStore, UserId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("import.sqlite"))
        .await
        .unwrap();
    let user = UserId::new(USER).unwrap();
    store
        .ensure_account(&user, Permissions::list_call_log())
        .await
        .unwrap();
    (dir, store, user)
}

fn lines(user: &UserId, count: usize) -> Vec<String> {
    Generator::new(5)
        .user_id(user.clone())
        .take(count)
        .map(|call| call.to_json())
        .collect()
}

#[tokio::test]
async fn a_batch_that_fails_writes_nothing() {
    let (dir, store, user) = store().await;
    let input = lines(&user, 10);
    let poisoned: Value = serde_json::from_str(&input[6]).unwrap();
    let side = rusqlite::Connection::open(dir.path().join("import.sqlite")).unwrap();
    side.execute_batch(&format!(
        "CREATE TRIGGER refuse BEFORE INSERT ON calls WHEN NEW.call_id = '{}' \
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        poisoned["clId"].as_str().unwrap()
    ))
    .unwrap();
    let importer = Importer::new(Arc::new(store.clone()), user.clone()).batch_size(5);
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
    assert_eq!(count, 5, "the first batch stays, nothing of the second");
}
