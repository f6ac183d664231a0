//! Failures the client must survive or report well, from a server that misbehaves on purpose.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use callreport_http::client::{Client, ErrorKind, RetryPolicy};
use callreport_model::{ApiCode, Auth, CallId, ListCalls, ReportFilter};

use super::client_with;
use callreport_http::testing::{Fault, TestServer as ScriptedServer};

use super::scripted;

const CALL: &str = "kyrnwv1c8ps5zq6jcwaxtzicv";
const MINIMAL_CALL: &str =
    r#"{"data": {"clId": "kyrnwv1c8ps5zq6jcwaxtzicv", "tm": 1763808198000}}"#;

fn call_id() -> CallId {
    CallId::new(CALL).unwrap()
}

fn client(server: &ScriptedServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .auth(Auth::session("fault-session"))
        .timeout(Duration::from_millis(500))
        .retry_policy(retry)
        .build()
        .unwrap()
}

fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts, Duration::from_millis(5))
}

#[tokio::test]
async fn an_html_502_page_is_an_http_error_that_keeps_the_page() {
    let server = scripted(|_, _| {
        Fault::status(
            502,
            &[("Content-Type", "text/html")],
            b"<html><h1>502 Bad Gateway</h1></html>",
        )
    })
    .await;
    let error = client(&server, quick(2))
        .all_detail(&call_id())
        .await
        .unwrap_err();
    let ErrorKind::Http { status, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*status, body.as_str()),
        (502, "<html><h1>502 Bad Gateway</h1></html>")
    );
    assert!(error.is_retryable());
    assert_eq!(
        server.requests().len(),
        2,
        "a 5xx is retried up to the policy's attempts"
    );
}

#[tokio::test]
async fn an_empty_or_truncated_body_is_a_decode_error_not_retried() {
    for (body, detail) in [
        ("", "the response body is empty"),
        (r#"{"data": {"clId": "#, "not a JSON object"),
    ] {
        let server = scripted(move |_, _| Fault::json(body)).await;
        let error = client(&server, quick(3))
            .all_detail(&call_id())
            .await
            .unwrap_err();
        let ErrorKind::Decode {
            detail: got,
            body: kept,
            ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert!(got.starts_with(detail), "{got}");
        assert_eq!(kept, body);
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_slow_answer_hits_the_timeout() {
    let server =
        scripted(|_, _| Fault::delayed(Duration::from_secs(3), Fault::json(MINIMAL_CALL))).await;
    let error = client(&server, RetryPolicy::none())
        .all_detail(&call_id())
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Timeout), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no answer in time; retry, or raise the timeout"
    );
}

#[tokio::test]
async fn a_reset_connection_is_retried_then_reported() {
    let server = scripted(|_, _| Fault::close()).await;
    let error = client(&server, quick(3))
        .count(&callreport_model::CountCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Connect), "{error:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn too_many_requests_waits_as_long_as_retry_after_says() {
    let server = scripted(|n, _| match n {
        0 => Fault::status(429, &[("Retry-After", "1")], b"slow down"),
        _ => Fault::json(r#"{"data": {"cnt": 7}}"#),
    })
    .await;
    let delays = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&delays);
    let client = Client::builder()
        .base_url(server.base_url())
        .auth(Auth::session("fault-session"))
        .retry_policy(quick(3))
        .on_retry(move |event| seen.lock().unwrap().push(event.delay))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let count = client
        .count(&callreport_model::CountCalls::new(ReportFilter::new()))
        .await
        .unwrap();
    assert_eq!(count, 7);
    assert_eq!(*delays.lock().unwrap(), [Duration::from_secs(1)]);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn error_1009_twice_then_success_takes_three_attempts() {
    let server = scripted(|n, _| match n {
        0 | 1 => {
            Fault::json(r#"{"status": "error", "message": "Something went wrong", "code": 1009}"#)
        }
        _ => Fault::json(MINIMAL_CALL),
    })
    .await;
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&attempts);
    let client = Client::builder()
        .base_url(server.base_url())
        .auth(Auth::session("fault-session"))
        .retry_policy(quick(4))
        .on_retry(move |event| {
            seen.lock()
                .unwrap()
                .push((event.endpoint.to_owned(), event.attempt))
        })
        .build()
        .unwrap();
    let call = client.all_detail(&call_id()).await.unwrap().unwrap();
    assert_eq!(call.id.as_str(), CALL);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        *attempts.lock().unwrap(),
        [("detail".to_owned(), 1), ("detail".to_owned(), 2)]
    );
}

#[tokio::test]
async fn every_api_code_is_an_api_error_of_the_right_kind() {
    for (code, retryable) in [
        (1000, false),
        (1014, false),
        (1015, false),
        (1047, false),
        (1009, true),
        (1010, true),
        (4242, false),
    ] {
        let server = scripted(move |_, _| {
            Fault::json(&format!(
                r#"{{"status":"error","message":"m","code":"{code}"}}"#
            ))
        })
        .await;
        let error = client(&server, quick(2))
            .list(&ListCalls::new(ReportFilter::new()))
            .await
            .unwrap_err();
        assert_eq!(error.api_code().and_then(ApiCode::number), Some(code));
        assert_eq!(error.is_retryable(), retryable, "{code}");
        assert_eq!(
            server.requests().len(),
            if retryable { 2 } else { 1 },
            "{code}"
        );
    }
}

#[tokio::test]
async fn creating_an_export_is_not_retried_unless_asked() {
    let failing =
        || scripted(|_, _| Fault::json(r#"{"status":"error","message":"m","code":1009}"#));
    let server = failing().await;
    let request = callreport_model::CreateExport::new(
        callreport_model::ExportFormat::Csv,
        ReportFilter::new(),
    );
    assert!(
        client(&server, quick(3))
            .create_export(&request)
            .await
            .is_err()
    );
    assert_eq!(server.requests().len(), 1);
    let server = failing().await;
    assert!(
        client(&server, quick(3).retry_non_idempotent(true))
            .create_export(&request)
            .await
            .is_err()
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = scripted(|_, _| Fault::json(MINIMAL_CALL)).await;
    let target = format!("{}/api/v2/CallReport/detail", elsewhere.base_url());
    let server =
        scripted(move |_, _| Fault::status(307, &[("Location", target.as_str())], b"")).await;
    let error = client_with(server.base_url(), Auth::session("secret-session-id"))
        .all_detail(&call_id())
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Redirect { .. }),
        "{error:?}"
    );
    assert_eq!(
        elsewhere.requests().len(),
        0,
        "the other host never saw the credentials"
    );
    assert!(!error.to_string().contains("secret-session-id"));
    assert!(
        server.requests()[0]
            .body_text()
            .contains("secret-session-id")
    );
}

#[tokio::test]
async fn a_redirect_on_the_same_host_is_followed_with_the_body() {
    let server = scripted(|_, seen| {
        if seen.path().ends_with("/detail") {
            Fault::status(307, &[("Location", "/api/v2/callreport/detail/")], b"")
        } else {
            Fault::json(MINIMAL_CALL)
        }
    })
    .await;
    let call = client(&server, quick(1))
        .all_detail(&call_id())
        .await
        .unwrap();
    assert!(call.is_some());
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body_text(), requests[0].body_text());
}
