//! `POST /push/{key}`: push reports as JSON or form, stored in the key's account and then served
//! like any call; bad keys, malformed reports and store failures store nothing.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use callreport_model::{Call, CallId, PushReport, ReportFilter, UserId};
use callreport_store::demo::MAIN;
use callreport_store::{Account, ImportCall, IndexedCall, Store, SyncCheckpoint};
use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::on_each_backend;
use crate::support::{Demo, FaultyStore, TestServer, config, with_token};

const KEY_PATH: &str = "/push/demo-push-10000001";
const SAMPLE: &str = include_str!("../fixtures/push/ctc_both_answered.json");
const ZERO_TIMES: &str = include_str!("../fixtures/push/unanswered_zero_times.json");

/// A push report of the main demo account: the sample with its `userId` changed.
fn report(sample: &str) -> Value {
    let mut report: Value = serde_json::from_str(sample).unwrap();
    report["userId"] = json!(MAIN.user_id);
    report
}

fn call_id(report: &Value) -> CallId {
    CallId::new(report["callId"].as_str().unwrap()).unwrap()
}

async fn push(
    server: &TestServer,
    path: &str,
    content_type: &str,
    body: String,
) -> crate::support::Reply {
    server
        .request(
            Method::POST,
            path,
            &[("content-type", content_type)],
            body.into(),
        )
        .await
}

async fn push_json(server: &TestServer, report: &Value) -> crate::support::Reply {
    push(server, KEY_PATH, "application/json", report.to_string()).await
}

async fn main_account(store: &dyn Store) -> Account {
    store
        .account(&UserId::new(MAIN.user_id).unwrap())
        .await
        .unwrap()
        .unwrap()
}

async fn stored(store: &dyn Store, id: &CallId) -> Option<Call> {
    let account = main_account(store).await;
    let found = store.call(&account, id).await.unwrap()?;
    Some(Call::from_json(&found.document).unwrap())
}

async fn count(store: &dyn Store) -> u64 {
    let account = main_account(store).await;
    store.count(&account, &ReportFilter::new()).await.unwrap()
}

fn assert_acknowledged(reply: &crate::support::Reply) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.text(), "GODBLESSYOU");
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
}

on_each_backend! {
async fn a_json_delivery_is_stored_and_served_by_detail() {
    let server = TestServer::start().await;
    let report = report(SAMPLE);
    let before = count(server.store()).await;
    assert_acknowledged(&push_json(&server, &report).await);
    assert_eq!(count(server.store()).await, before + 1);
    let expected = PushReport::from_json(report.to_string().as_bytes())
        .unwrap()
        .call;
    let body = with_token(json!({"clId": report["callId"], "rType": "allDetail"}));
    let reply = server.post_json("/api/v2/CallReport/detail", &body).await;
    assert_eq!(
        reply.json()["data"],
        serde_json::from_str::<Value>(&expected.to_json()).unwrap()
    );
    assert_eq!(reply.json()["data"]["cNum"], "919000000002");
}
}

on_each_backend! {
async fn a_form_delivery_is_stored() {
    let server = TestServer::start().await;
    let report = report(SAMPLE);
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("push_report", &report.to_string())
        .finish();
    let reply = push(&server, KEY_PATH, "application/x-www-form-urlencoded", form).await;
    assert_acknowledged(&reply);
    let call = stored(server.store(), &call_id(&report)).await.unwrap();
    assert_eq!(call.customer_legs.len(), 2);
}
}

on_each_backend! {
async fn a_wrong_key_is_refused_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let report = report(SAMPLE);
    for path in ["/push/demo-push-10000003", "/push/demo-token-10000001"] {
        let reply = push(&server, path, "application/json", report.to_string()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["message"], "unknown push key");
    }
    assert!(stored(server.store(), &call_id(&report)).await.is_none());
}
}

on_each_backend! {
async fn wrong_keys_count_as_failed_authentications() {
    let demo = Demo::with_calls(5).await;
    let config = config().auth_failure_limit(2, 60);
    let server = TestServer::over(demo.store.clone(), config).await;
    let body = report(SAMPLE).to_string();
    for _ in 0..2 {
        let reply = push(&server, "/push/guess", "application/json", body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = push(&server, "/push/guess", "application/json", body).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}
}

on_each_backend! {
async fn a_malformed_report_is_refused_naming_the_field_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let mut report = report(SAMPLE);
    report["nHDetail"][0]["answerSTime"] = json!("2025-08-08 19:61:00");
    let reply = push_json(&server, &report).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let message = reply.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("nHDetail[0].answerSTime"), "{message}");
    assert!(stored(server.store(), &call_id(&report)).await.is_none());
    let reply = push(
        &server,
        KEY_PATH,
        "application/json",
        "{\"callId\":".to_owned(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = push(
        &server,
        KEY_PATH,
        "application/x-www-form-urlencoded",
        "a=b".to_owned(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("push_report")
    );
}
}

on_each_backend! {
async fn a_report_of_another_account_is_refused() {
    let server = TestServer::start().await;
    let report: Value = serde_json::from_str(SAMPLE).unwrap();
    let reply = push_json(&server, &report).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(stored(server.store(), &call_id(&report)).await.is_none());
}
}

on_each_backend! {
async fn a_duplicate_delivery_leaves_one_call() {
    let server = TestServer::start().await;
    let mut report = report(SAMPLE);
    let before = count(server.store()).await;
    assert_acknowledged(&push_json(&server, &report).await);
    report["talkDuration"] = json!(9);
    assert_acknowledged(&push_json(&server, &report).await);
    assert_eq!(count(server.store()).await, before + 1);
    let call = stored(server.store(), &call_id(&report)).await.unwrap();
    assert_eq!(
        call.durations.customer.as_secs(),
        9,
        "the latest delivery wins"
    );
}
}

on_each_backend! {
async fn zero_times_are_stored_as_no_time() {
    let server = TestServer::start().await;
    let report = report(ZERO_TIMES);
    assert_acknowledged(&push_json(&server, &report).await);
    let call = stored(server.store(), &call_id(&report)).await.unwrap();
    assert_eq!(call.customer_legs[0].timing.started_at(), None);
    assert_eq!(call.first_attended, None);
}
}

on_each_backend! {
async fn a_pushed_call_imported_again_is_stored_once() {
    let server = TestServer::start().await;
    let report = report(SAMPLE);
    assert_acknowledged(&push_json(&server, &report).await);
    let before = count(server.store()).await;
    let call = PushReport::from_json(report.to_string().as_bytes())
        .unwrap()
        .call;
    let user = UserId::new(MAIN.user_id).unwrap();
    let outcome = server
        .store()
        .import(&user, vec![ImportCall::new(call.to_json(), call)])
        .await
        .unwrap();
    assert_eq!((outcome.imported, outcome.updated), (0, 1));
    assert_eq!(count(server.store()).await, before);
}
}

on_each_backend! {
async fn a_pushed_call_then_synced_is_stored_once_and_the_synced_version_wins() {
    let server = TestServer::start().await;
    let report = report(SAMPLE);
    assert_acknowledged(&push_json(&server, &report).await);
    let before = count(server.store()).await;
    // The provider's version of the same call, read later by sync: a changed amount.
    let mut synced = PushReport::from_json(report.to_string().as_bytes())
        .unwrap()
        .call;
    synced.amount += 1.5;
    let user = UserId::new(MAIN.user_id).unwrap();
    let checkpoint = SyncCheckpoint::new(chrono::Utc::now(), "http://127.0.0.1:1");
    let outcome = server
        .store()
        .sync_calls(
            &user,
            vec![IndexedCall::new(synced.to_json(), &synced)],
            Some(checkpoint),
        )
        .await
        .unwrap();
    assert_eq!((outcome.new, outcome.updated), (0, 1));
    assert_eq!(count(server.store()).await, before, "stored once");
    assert_eq!(
        stored(server.store(), &call_id(&report)).await,
        Some(synced)
    );

    // A late duplicate delivery of the push replaces it again, still one call.
    assert_acknowledged(&push_json(&server, &report).await);
    assert_eq!(count(server.store()).await, before);
}
}

on_each_backend! {
async fn a_store_failure_answers_503_so_the_provider_retries() {
    let demo = Demo::with_calls(5).await;
    let faulty = Arc::new(FaultyStore::new(demo.store.clone()));
    let server = TestServer::over(Arc::clone(&faulty) as Arc<dyn Store>, config()).await;
    let report = report(SAMPLE);
    faulty.down.store(true, Ordering::SeqCst);
    let reply = push_json(&server, &report).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    faulty.down.store(false, Ordering::SeqCst);
    assert!(stored(demo.store.as_ref(), &call_id(&report)).await.is_none());
    assert_acknowledged(&push_json(&server, &report).await);
    assert!(stored(demo.store.as_ref(), &call_id(&report)).await.is_some());
}
}
