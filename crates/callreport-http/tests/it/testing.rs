//! The in-process test server other crates test against: its data, its credentials, its
//! scripted faults, its record of requests, and its end.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use callreport_http::client::{Client, ErrorKind, RetryPolicy};
use callreport_http::testing::{Fault, On, TestServer, TestServerError};
use callreport_model::{
    ApiCode, Auth, CallId, CountCalls, DetailView, Endpoint, GetCall, ListCalls, ReportFilter,
    Request,
};
use futures::StreamExt;

fn client(server: &TestServer, auth: Auth) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .auth(auth)
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5)))
        .build()
        .unwrap()
}

/// One HTTP/1.1 exchange over a plain socket, as any other client would send it.
fn post_raw(server: &TestServer, path: &str, body: &str, extra_headers: &str) -> String {
    let address = server.base_url().trim_start_matches("http://");
    let mut socket = TcpStream::connect(address).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        socket,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n{extra_headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    if extra_headers.contains("100-continue") {
        let mut interim = [0_u8; 25];
        socket.read_exact(&mut interim).unwrap();
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    socket.write_all(body.as_bytes()).unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).unwrap();
    answer
}

#[tokio::test]
async fn the_account_holds_the_generated_calls_in_both_credential_styles() {
    let server = TestServer::builder().calls(30).seed(7).start().unwrap();
    let expected: Vec<CallId> = server
        .account()
        .generator()
        .take(30)
        .map(|call| call.id)
        .collect();
    for auth in [
        server.account().session_auth(),
        server.account().token_auth(),
    ] {
        let client = client(&server, auth);
        let count = client
            .count(&CountCalls::new(ReportFilter::new()))
            .await
            .unwrap();
        assert_eq!(count, 30);
        let mut listed: Vec<CallId> = client
            .list_stream(ReportFilter::new())
            .map(|call| call.unwrap().id)
            .collect()
            .await;
        listed.sort();
        let mut wanted = expected.clone();
        wanted.sort();
        assert_eq!(listed, wanted, "the calls are the generator's first 30");
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_calls_and_another_seed_others() {
    let first = TestServer::builder().calls(5).seed(11).start().unwrap();
    let again = TestServer::builder().calls(5).seed(11).start().unwrap();
    let other = TestServer::builder().calls(5).seed(12).start().unwrap();
    let ids = |server: &TestServer| -> Vec<CallId> {
        server
            .account()
            .generator()
            .take(5)
            .map(|call| call.id)
            .collect()
    };
    assert_eq!(ids(&first), ids(&again));
    assert_ne!(ids(&first), ids(&other));
    let call = &ids(&again)[0];
    let detail = client(&again, again.account().session_auth())
        .all_detail(call)
        .await
        .unwrap();
    assert_eq!(detail.map(|call| call.id).as_ref(), Some(call));
}

#[tokio::test]
async fn calls_added_as_values_and_as_raw_documents_are_served() {
    let server = TestServer::builder().calls(0).start().unwrap();
    let mut generated = server.account().generator().take(2);
    let call = generated.next().unwrap();
    assert_eq!(server.add_calls([call.clone()]).unwrap(), 1);

    // A document with a key no version knows: served back as it was given.
    let other = generated.next().unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&other.to_json()).unwrap();
    document["teamSpecificKey"] = serde_json::json!({"kept": [1, 2, 3]});
    assert_eq!(server.add_documents([document.to_string()]).unwrap(), 1);

    let client = client(&server, server.account().token_auth());
    let count = client
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap();
    assert_eq!(count, 2);
    assert_eq!(
        client.all_detail(&call.id).await.unwrap().as_ref(),
        Some(&call)
    );
    let mut params = serde_json::Map::new();
    GetCall::new(other.id.clone())
        .view(DetailView::All)
        .write_params(&mut params);
    let raw = client.raw(Endpoint::Detail, params).await.unwrap();
    assert_eq!(
        raw["data"]["teamSpecificKey"],
        serde_json::json!({"kept": [1, 2, 3]})
    );
}

#[test]
fn a_document_that_is_not_a_call_is_refused_by_number_and_nothing_is_stored() {
    let server = TestServer::builder().calls(0).start().unwrap();
    let good = server.account().generator().next().unwrap().to_json();
    let error = server
        .add_documents([good, r#"{"clId": 5}"#.to_owned()])
        .unwrap_err();
    assert!(
        matches!(error, TestServerError::Document { index: 1, .. }),
        "{error:?}"
    );
    let answer = post_raw(
        &server,
        "/api/v2/CallReport/reportCount",
        &format!(r#"{{"ssid":"{}"}}"#, server.account().session()),
        "",
    );
    assert!(answer.contains(r#""cnt":0}"#), "{answer}");
}

#[test]
fn any_http_client_gets_the_api_from_a_plain_test() {
    let server = TestServer::builder().calls(3).start().unwrap();
    let body = format!(
        r#"{{"userId":"{}","token":"{}"}}"#,
        server.account().user_id(),
        server.account().token()
    );
    let answer = post_raw(&server, "/api/v2/CallReport/reportCount", &body, "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""cnt":3"#), "{answer}");
    // curl sends `Expect: 100-continue` with larger bodies, and waits for the interim answer.
    let padded = format!(
        r#"{{"ssid":"{}","pad":"{}"}}"#,
        server.account().session(),
        "x".repeat(2048)
    );
    let answer = post_raw(
        &server,
        "/api/v2/CallReport/reportCount",
        &padded,
        "Expect: 100-continue\r\n",
    );
    assert!(answer.contains("HTTP/1.1 200"), "{answer}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].endpoint(), Some(Endpoint::ReportCount));
    assert_eq!(requests[0].method(), "POST");
    assert_eq!(
        requests[0].body_json().unwrap()["userId"],
        server.account().user_id().as_str()
    );
    assert_eq!(requests[1].header("expect"), None, "consumed by the server");
}

#[tokio::test]
async fn planned_api_errors_answer_the_next_requests_they_select_then_the_server_answers() {
    let server = TestServer::builder().calls(4).start().unwrap();
    server.fail_next_on(
        On::Endpoint(Endpoint::ReportCount),
        2,
        Fault::api_error(ApiCode::DatabaseUnavailable),
    );
    let client = client(&server, server.account().session_auth());
    let page = client
        .list(&ListCalls::new(ReportFilter::new()))
        .await
        .unwrap();
    assert_eq!(page.calls.len(), 4, "a list is not selected");
    let count = client
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap();
    assert_eq!(count, 4, "two retried errors, then the answer");
    let endpoints: Vec<_> = server
        .requests()
        .iter()
        .map(|request| request.endpoint())
        .collect();
    assert_eq!(
        endpoints,
        [
            Some(Endpoint::List),
            Some(Endpoint::ReportCount),
            Some(Endpoint::ReportCount),
            Some(Endpoint::ReportCount)
        ]
    );

    server.fail_next(1, Fault::api_error(ApiCode::InvalidParameters));
    let error = client
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidParameters));
}

#[tokio::test]
async fn http_faults_reach_the_client_as_a_broken_provider_would_send_them() {
    let server = TestServer::builder().calls(2).start().unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .auth(server.account().session_auth())
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let request = CountCalls::new(ReportFilter::new());
    let count = || client.count(&request);

    server.fail_next(1, Fault::too_many_requests(Duration::from_millis(1500)));
    let error = count().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Http { status: 429, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(2)),
        "rounded up"
    );

    server.fail_next(1, Fault::html_bad_gateway());
    let error = count().await.unwrap_err();
    let ErrorKind::Http { status, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    assert!(body.contains("<h1>502 Bad Gateway</h1>"), "{body}");

    server.fail_next(1, Fault::truncated());
    let error = count().await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Connect | ErrorKind::Decode { .. } | ErrorKind::Incomplete { .. }
        ),
        "{error:?}"
    );

    server.fail_next(1, Fault::close());
    let error = count().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Connect), "{error:?}");

    assert_eq!(
        count().await.unwrap(),
        2,
        "faults used up: the server answers"
    );
}

#[tokio::test]
async fn latency_delays_the_servers_own_answer() {
    let server = TestServer::builder().calls(1).start().unwrap();
    server.fail_next(1, Fault::latency(Duration::from_millis(300)));
    let started = Instant::now();
    let count = client(&server, server.account().session_auth())
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn an_endless_body_is_stopped_by_the_client_and_streams_no_further() {
    let server = TestServer::builder().calls(0).start().unwrap();
    server.fail_next(1, Fault::endless_body(Duration::ZERO));
    let error = Client::builder()
        .base_url(server.base_url())
        .auth(server.account().session_auth())
        .max_body_bytes(1 << 20)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .count(&CountCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
        "{error:?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let streamed = server.streamed_bytes();
    assert!(streamed >= 1 << 20, "{streamed}");
    assert!(
        streamed < 16 << 20,
        "the stream ends with the client: {streamed}"
    );
}

#[tokio::test]
async fn a_script_sees_every_request_and_its_number() {
    let server = TestServer::builder().calls(3).start().unwrap();
    server.script(|number, request| {
        (number == 0 && request.endpoint() == Some(Endpoint::ReportCount))
            .then(|| Fault::json(r#"{"data": {"cnt": 99}}"#))
    });
    let client = client(&server, server.account().session_auth());
    let request = CountCalls::new(ReportFilter::new());
    let count = || client.count(&request);
    assert_eq!(count().await.unwrap(), 99, "scripted");
    assert_eq!(count().await.unwrap(), 3, "the server's own");
    server.clear_requests();
    assert_eq!(count().await.unwrap(), 99, "numbers count from 0 again");
    server.clear_faults();
    server.clear_requests();
    assert_eq!(count().await.unwrap(), 3);
}

#[test]
fn dropping_the_server_stops_it() {
    let server = TestServer::builder().calls(0).start().unwrap();
    let address = server.base_url().trim_start_matches("http://").to_owned();
    assert!(TcpStream::connect(&address).is_ok());
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(&address).is_ok() {
        assert!(Instant::now() < deadline, "still listening on {address}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn no_credential_appears_in_debug_output() {
    let server = TestServer::builder().calls(0).start().unwrap();
    let _ = post_raw(
        &server,
        "/api/v2/CallReport/reportCount",
        &format!(r#"{{"ssid":"{}"}}"#, server.account().session()),
        "",
    );
    let shown = format!("{server:?} {:?} {:?}", server.account(), server.requests());
    for secret in [
        server.account().session(),
        server.account().token(),
        server.account().recording_token(),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("reportCount"), "{shown}");
}
