//! Every endpoint and view through the typed client, against the real server.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use callreport_http::ServerConfig;
use callreport_http::client::{Client, ErrorKind, RetryPolicy};
use callreport_model::{
    ApiCode, Auth, CallDetail, CallId, CountCalls, DetailView, Endpoint, GetCall, ListCalls,
    ReportFilter, UserId,
};
use callreport_store::demo;
use serde_json::{Map, Value, json};

use super::{client_with, session_client, token_client};
use crate::support::{CALLS, FaultyStore, OTHER_CALLS, OTHER_TOKEN, OTHER_USER, TestServer, local};

async fn first_call_id(client: &Client) -> CallId {
    let page = client
        .list(&ListCalls::new(ReportFilter::new()).page(1, 1))
        .await
        .unwrap();
    page.calls[0].id.clone()
}

#[tokio::test]
async fn both_kinds_of_credentials_count_the_same_calls() {
    let server = TestServer::start().await;
    let all = CountCalls::new(ReportFilter::new());
    assert_eq!(session_client(&server).count(&all).await.unwrap(), CALLS);
    assert_eq!(token_client(&server).count(&all).await.unwrap(), CALLS);
}

#[tokio::test]
async fn every_detail_view_decodes() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let id = first_call_id(&client).await;
    let standard = client.detail(&id).await.unwrap().unwrap();
    assert_eq!(standard.call_id, id);
    let agents = client.agents(&id).await.unwrap().unwrap();
    assert!(!agents.agent_legs.is_empty());
    assert!(client.recordings(&id).await.unwrap().is_some());
    assert!(client.deductions(&id).await.unwrap().is_some());
    let call = client.all_detail(&id).await.unwrap().unwrap();
    assert_eq!(call.id, id);
    let view = client
        .detail_view(&GetCall::new(id.clone()).view(DetailView::Agents))
        .await
        .unwrap();
    assert!(matches!(view, Some(CallDetail::Agents(_))));
}

#[tokio::test]
async fn unknown_and_foreign_calls_are_none() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    assert!(
        client
            .detail(&CallId::new("nosuchcall").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let other = client_with(
        &format!("http://{}", server.addr),
        Auth::token(UserId::new(OTHER_USER).unwrap(), OTHER_TOKEN),
    );
    assert_eq!(
        other
            .count(&CountCalls::new(ReportFilter::new()))
            .await
            .unwrap(),
        OTHER_CALLS
    );
    let foreign = first_call_id(&other).await;
    assert!(client.all_detail(&foreign).await.unwrap().is_none());
    assert!(client.recordings(&foreign).await.unwrap().is_none());
}

#[tokio::test]
async fn the_masked_list_hides_numbers() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let request = ListCalls::new(ReportFilter::new()).page(1, 20);
    let plain = client.list(&request).await.unwrap();
    let masked = client.mask_list(&request).await.unwrap();
    assert_eq!(plain.calls.len(), 20);
    assert!(masked.rejected.is_empty(), "{:?}", masked.rejected);
    assert_eq!(masked.calls.len(), 20);
    for (plain, masked) in plain.calls.iter().zip(&masked.calls) {
        assert_eq!(plain.id, masked.id);
        assert_ne!(plain.customer_number, masked.customer_number);
        assert!(masked.customer_number.as_str().contains('*'));
    }
}

#[tokio::test]
async fn the_raw_call_answers_json_and_still_reports_errors() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let body = client.raw(Endpoint::ReportCount, Map::new()).await.unwrap();
    assert_eq!(body, json!({"data": {"cnt": CALLS}}));
    let mut unknown = Map::new();
    unknown.insert("agentz".into(), Value::from(1));
    let error = client
        .raw(Endpoint::ReportCount, unknown)
        .await
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidParameters));
    assert!(
        error.to_string().contains("unknown parameter: agentz"),
        "{error}"
    );
}

#[tokio::test]
async fn refused_credentials_and_permissions_are_api_errors() {
    let server = TestServer::start().await;
    let base = format!("http://{}", server.addr);
    let bad = client_with(
        &base,
        Auth::token(UserId::new(demo::MAIN.user_id).unwrap(), "wrong-token"),
    );
    let error = bad
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidToken));
    let restricted = client_with(&base, Auth::session(demo::RESTRICTED.session));
    let error = restricted
        .list(&ListCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::PermissionDenied));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn an_unavailable_database_is_retried_and_reported_as_1010() {
    let demo = crate::support::Demo::new().await;
    let store = Arc::new(FaultyStore::new(demo.store.clone()));
    store.down.store(true, Ordering::SeqCst);
    let server = TestServer::over(Arc::clone(&store) as _, ServerConfig::new(local())).await;
    let retries = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&retries);
    let client = Client::builder()
        .base_url(format!("http://{}", server.addr))
        .auth(Auth::session(demo::MAIN.session))
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5)))
        .on_retry(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    let error = client
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Api {
                code: ApiCode::DatabaseUnavailable,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(retries.load(Ordering::SeqCst), 2);
    store.down.store(false, Ordering::SeqCst);
    assert_eq!(
        client
            .count(&CountCalls::new(ReportFilter::new()))
            .await
            .unwrap(),
        CALLS
    );
}
