//! 1010 while the database cannot be reached, and recovery; 1009 for a panic, and survival.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use callreport_http::ServerConfig;
use callreport_model::UserId;
use callreport_store::demo::MAIN;
use callreport_store::{CredentialKind, Permissions, SqliteStore, Store};
use serde_json::json;

use crate::support::{Demo, FaultyStore, TestServer, local, with_session};

#[tokio::test]
async fn a_store_that_goes_away_answers_1010_then_recovers() {
    let demo = Demo::new().await;
    let store = Arc::new(FaultyStore::new(demo.store.clone()));
    let server = TestServer::over(store.clone(), ServerConfig::new(local())).await;
    let count = with_session(json!({}));
    let detail = with_session(json!({"clId": "x"}));
    store.down.store(true, Ordering::SeqCst);
    for (path, body) in [
        ("/api/v2/CallReport/reportCount", &count),
        ("/api/v2/CallReport/list", &count),
        ("/api/v2/CallReport/masklist", &count),
        ("/api/v2/CallReport/detail", &detail),
    ] {
        server
            .post_json(path, body)
            .await
            .assert_api_error(1010, "Error in DB connect");
    }
    store.down.store(false, Ordering::SeqCst);
    let reply = server
        .post_json("/api/v2/CallReport/reportCount", &count)
        .await;
    assert_eq!(reply.json(), json!({"data": {"cnt": 300}}));
}

#[tokio::test]
async fn sqlite_that_cannot_be_opened_answers_1010_until_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("not-mounted-yet");
    let store = SqliteStore::new(folder.join("calls.sqlite"));
    let server = TestServer::over(Arc::new(store.clone()), ServerConfig::new(local())).await;
    let count = with_session(json!({}));
    for _ in 0..2 {
        server
            .post_json("/api/v2/CallReport/reportCount", &count)
            .await
            .assert_api_error(1010, "Error in DB connect");
    }
    std::fs::create_dir(&folder).unwrap();
    let user = UserId::new(MAIN.user_id).unwrap();
    store
        .ensure_account(&user, Permissions::list_call_log())
        .await
        .unwrap();
    store
        .add_credential(&user, CredentialKind::Session, MAIN.session, None)
        .await
        .unwrap();
    let reply = server
        .post_json("/api/v2/CallReport/reportCount", &count)
        .await;
    assert_eq!(reply.json(), json!({"data": {"cnt": 0}}));
}

#[tokio::test]
async fn a_panicking_handler_answers_1009_and_the_server_keeps_serving() {
    let demo = Demo::new().await;
    let store = Arc::new(FaultyStore::new(demo.store.clone()));
    let server = TestServer::over(store, ServerConfig::new(local())).await;
    for _ in 0..3 {
        let reply = server
            .post_json(
                "/api/v2/CallReport/detail",
                &with_session(json!({"clId": "panic"})),
            )
            .await;
        reply.assert_api_error(1009, "Something went wrong");
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        let reply = server
            .post_json("/api/v2/CallReport/reportCount", &with_session(json!({})))
            .await;
        assert_eq!(reply.json(), json!({"data": {"cnt": 300}}));
    }
}
