//! Importing JSON lines: imported, updated, rejected with line numbers, transactional batches.

use std::sync::Arc;

use callreport_model::UserId;
use callreport_model::generate::Generator;
use callreport_store::{Importer, Permissions, RejectedLine, SqliteStore, Store};
use serde_json::{Value, json};

use crate::support::TestServer;

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
async fn good_lines_are_imported_bad_ones_rejected_with_their_line_numbers() {
    let (_dir, store, user) = store().await;
    let good = lines(&user, 12);
    let mut with_unknown: Value = serde_json::from_str(&good[0]).unwrap();
    with_unknown["newKey"] = json!({"nested": [1, 2]});
    let mut broken_time: Value = serde_json::from_str(&good[1]).unwrap();
    broken_time["tm"] = json!("yesterday");
    let foreign = lines(&UserId::new("999").unwrap(), 1).remove(0);
    let mut input: Vec<String> = good[2..].to_vec();
    input.insert(3, "{not json".to_owned());
    input.insert(5, String::new());
    input.insert(6, broken_time.to_string());
    input.insert(8, foreign);
    input.push(with_unknown.to_string());
    input.push(good[2].clone());
    let text = input.join("\n");
    let importer = Importer::new(Arc::new(store.clone()), user.clone()).batch_size(4);
    let report = importer.run(text.as_bytes()).await.unwrap();
    assert_eq!((report.imported, report.updated), (11, 1));
    let rejected: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(rejected, [4, 7, 9]);
    assert!(report.rejected[0].reason.contains("key must be a string"));
    assert!(
        report.rejected[1].reason.starts_with("tm:"),
        "{:?}",
        report.rejected[1]
    );
    let RejectedLine { line, reason, .. } = &report.rejected[2];
    assert_eq!(
        (*line, reason.as_str()),
        (9, "uid: the call belongs to account 999")
    );
    assert_eq!(report.to_string(), "11 imported, 1 updated, 3 rejected");

    // allDetail answers exactly the imported text, unknown keys included.
    store
        .add_credential(
            &user,
            callreport_store::CredentialKind::Session,
            "s-import",
            None,
        )
        .await
        .unwrap();
    let server = TestServer::over(
        Arc::new(store.clone()),
        callreport_http::ServerConfig::new(crate::support::local()),
    )
    .await;
    let id = with_unknown["clId"].as_str().unwrap();
    let reply = server
        .post_json(
            "/api/v2/CallReport/detail",
            &json!({"ssid": "s-import", "clId": id, "rType": "allDetail"}),
        )
        .await;
    assert_eq!(reply.text(), format!("{{\"data\":{with_unknown}}}"));
    let count = server
        .post_json(
            "/api/v2/CallReport/reportCount",
            &json!({"ssid": "s-import"}),
        )
        .await;
    assert_eq!(count.json(), json!({"data": {"cnt": 11}}));
}
