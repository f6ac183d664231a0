//! What the client traces: one span per operation with its endpoint, attempts, status, API
//! code and duration; events for retries and redirects; never a secret or a phone number.

mod capture;

use callreport_http::client::StreamOptions;
use callreport_model::{ApiCode, Auth, CallId, ListCalls, RecordingLocator, ReportFilter};
use futures::StreamExt;

use self::capture::Captured;
use callreport_http::testing::Fault;

use super::scripted;
use super::{client_with, session_client};
use crate::support::TestServer;

const SESSION: &str = "ssid-never-logged-5501";
const RECORDING_TOKEN: &str = "rectoken-never-logged-7731";
const CUSTOMER: &str = "919812345678";
/// The agent's number in the seed's recording file name.
const AGENT: &str = "919376162321";

/// The provider's example call, with a customer number and a recording token.
fn seed_detail() -> String {
    include_str!("../../fixtures/detail/seed_example_response.json")
        .replace("{{mobile}}", CUSTOMER)
        .replace("{{ssid}}", RECORDING_TOKEN)
}

fn assert_no_secret(captured: &Captured, also: &[&str]) {
    let text = captured.all_text();
    for secret in [SESSION, RECORDING_TOKEN, CUSTOMER, AGENT, "9812345678"]
        .iter()
        .chain(also)
    {
        assert!(!text.contains(secret), "{secret} was traced:\n{text}");
    }
}

#[tokio::test]
async fn a_retried_and_redirected_call_has_one_span_with_its_attempts() {
    let body = seed_detail();
    let server = scripted(move |n, _| match n {
        0 => Fault::status(503, &[("Retry-After", "0")], b"<html>busy</html>"),
        1 => Fault::status(
            307,
            &[(
                "Location",
                "/api/v2/CallReport/detail?token=query-never-logged-3141",
            )],
            b"",
        ),
        _ => Fault::json(&body),
    })
    .await;
    let client = client_with(server.base_url(), Auth::session(SESSION));
    let (captured, guard) = Captured::start();
    let id = CallId::new("kyrnwv1c8ps5zq6jcwaxtzicv").unwrap();
    let call = client.all_detail(&id).await.unwrap().unwrap();
    drop(guard);
    assert_eq!(call.customer_number.as_str(), CUSTOMER);
    assert_eq!(server.requests().len(), 3);

    let spans = captured.named("callreport.all_detail");
    assert_eq!(spans.len(), 1, "{:?}", captured.spans());
    let fields = &spans[0].fields;
    assert_eq!(fields["endpoint"], "/api/v2/CallReport/detail");
    assert_eq!(fields["attempt"], "2");
    assert_eq!(fields["http.status"], "200");
    assert!(!fields.contains_key("api_code"), "{fields:?}");
    assert!(fields["duration_ms"].parse::<u64>().is_ok(), "{fields:?}");

    let events = captured.events();
    let retry = events
        .iter()
        .find(|event| event.fields.get("message").map(String::as_str) == Some("retrying"))
        .unwrap_or_else(|| panic!("no retry event: {events:?}"));
    assert_eq!(retry.level, tracing::Level::WARN);
    assert_eq!(retry.fields["attempt"], "1");
    assert_eq!(retry.fields["delay_ms"], "0");
    assert!(retry.fields["reason"].contains("HTTP 503"), "{retry:?}");
    assert_eq!(retry.span.as_deref(), Some("callreport.all_detail"));
    let redirect = events
        .iter()
        .find(|event| event.fields.contains_key("location"))
        .unwrap_or_else(|| panic!("no redirect event: {events:?}"));
    assert_eq!(redirect.fields["location"], "/api/v2/CallReport/detail");
    assert_eq!(redirect.fields["http.status"], "307");
    assert_no_secret(&captured, &["query-never-logged-3141"]);
}

#[tokio::test]
async fn an_api_error_that_stays_is_recorded_with_its_code() {
    let server = scripted(|_, _| {
        Fault::json(r#"{"status": "error", "message": "Something went wrong", "code": 1010}"#)
    })
    .await;
    let client = client_with(server.base_url(), Auth::session(SESSION));
    let (captured, guard) = Captured::start();
    let error = client
        .list(&ListCalls::new(ReportFilter::new()))
        .await
        .unwrap_err();
    drop(guard);
    assert_eq!(error.api_code(), Some(&ApiCode::from_number(1010)));
    let spans = captured.named("callreport.list");
    assert_eq!(spans.len(), 1, "{:?}", captured.spans());
    let fields = &spans[0].fields;
    assert_eq!(fields["endpoint"], "/api/v2/CallReport/list");
    assert_eq!(fields["attempt"], "3");
    assert_eq!(fields["api_code"], "1010");
    assert_eq!(fields["http.status"], "200");
    let retries = captured
        .events()
        .into_iter()
        .filter(|event| event.fields.get("message").map(String::as_str) == Some("retrying"))
        .count();
    assert_eq!(retries, 2);
    assert_no_secret(&captured, &[]);
}

#[tokio::test]
async fn a_stream_counts_its_pages_and_calls_and_logs_no_number() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let (captured, guard) = Captured::start();
    let mut stream = client.list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default().page_size(100),
    );
    let mut numbers = Vec::new();
    while let Some(call) = stream.next().await {
        numbers.push(call.unwrap().customer_number.as_str().to_owned());
    }
    let pages = stream.pages();
    drop(stream);
    drop(guard);
    assert_eq!(numbers.len(), 300);
    // Three full pages, and the empty one the last page's cursor leads to.
    assert_eq!(pages, 4);
    let spans = captured.named("callreport.list_stream");
    assert_eq!(spans.len(), 1, "{:?}", captured.spans());
    let fields = &spans[0].fields;
    assert_eq!(fields["endpoint"], "/api/v2/CallReport/list");
    assert_eq!(fields["pages"], pages.to_string());
    assert_eq!(fields["calls"], "300");
    assert_eq!(fields["http.status"], "200");
    assert!(fields["duration_ms"].parse::<u64>().is_ok(), "{fields:?}");
    let text = captured.all_text();
    for number in &numbers {
        assert!(!text.contains(number.as_str()), "{number} was traced");
    }
    assert!(!text.contains(callreport_store::demo::MAIN.session));
}

#[tokio::test]
async fn a_recording_redirect_hides_the_url() {
    let server = scripted(|n, _| match n {
        0 => Fault::status(
            302,
            &[(
                "Location",
                "/api/v2/recording/directstream/rectoken-moved-8800/x_919812345678.mp3",
            )],
            b"",
        ),
        _ => Fault::status(200, &[("Content-Type", "audio/mpeg")], b"ID3 clip"),
    })
    .await;
    let locator = RecordingLocator::parse(&format!(
        "{RECORDING_TOKEN}*mp3*10000001*2025*11*22*abc_{CUSTOMER}_2025-11-22-16-13-37_CTC.mp3"
    ))
    .unwrap();
    let client = client_with(server.base_url(), Auth::session(SESSION));
    let (captured, guard) = Captured::start();
    let mut bytes = Vec::new();
    let written = client
        .stream_recording(&locator, &mut bytes, |_| {})
        .await
        .unwrap();
    drop(guard);
    assert_eq!(written, 8);
    let spans = captured.named("callreport.stream_recording");
    assert_eq!(spans.len(), 1, "{:?}", captured.spans());
    assert_eq!(spans[0].fields["endpoint"], "recording");
    assert_eq!(spans[0].fields["attempt"], "1");
    assert_eq!(spans[0].fields["http.status"], "200");
    let redirect = captured
        .events()
        .into_iter()
        .find(|event| event.fields.contains_key("location"))
        .unwrap();
    assert_eq!(redirect.fields["location"], "(a recording URL, not shown)");
    assert_no_secret(&captured, &["rectoken-moved-8800"]);
}
