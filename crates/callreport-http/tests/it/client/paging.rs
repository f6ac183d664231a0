//! Paging through many calls: no duplicates, no gaps, windows in order.

use std::collections::BTreeSet;

use std::time::Duration;

use callreport_http::client::{Client, ErrorKind, RetryPolicy, StreamOptions};
use callreport_model::NEXT_CURSOR_HEADER;
use callreport_model::generate::list_body;
use callreport_model::{Auth, CallId, IST, ListCalls, ReportFilter, SortKey, SortOrder};
use callreport_store::demo;
use chrono::{TimeDelta, TimeZone};
use futures::StreamExt;
use serde_json::{Value, json};

use callreport_http::testing::{Fault, TestServer as ScriptedServer};

use super::scripted;
use super::session_client;
use crate::support::TestServer;

/// The demo account's call ids, as the generator made them: the source of truth.
fn generated_ids(count: u64) -> BTreeSet<CallId> {
    demo::MAIN
        .generator()
        .take(usize::try_from(count).unwrap())
        .map(|call| call.id)
        .collect()
}

async fn collect(mut stream: callreport_http::client::CallStream) -> Vec<CallId> {
    let mut ids = Vec::new();
    while let Some(call) = stream.next().await {
        ids.push(call.unwrap().id);
    }
    assert!(stream.take_rejected().is_empty());
    ids
}

#[tokio::test]
async fn streaming_small_pages_yields_every_call_once() {
    let server = TestServer::start_with_calls(10_000).await;
    let client = session_client(&server);
    let request =
        ListCalls::new(ReportFilter::new()).sort(SortKey::StartTime, SortOrder::Ascending);
    let stream = client.list_stream_with(request, StreamOptions::default().page_size(97));
    let ids = collect(stream).await;
    assert_eq!(ids.len(), 10_000);
    let unique: BTreeSet<CallId> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), 10_000, "no duplicates");
    assert_eq!(unique, generated_ids(10_000), "no gaps, nothing foreign");
}

/// Every call of `client`'s server, in pages of 50.
fn in_fifties(client: &Client) -> callreport_http::client::CallStream {
    client.list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default().page_size(50),
    )
}

#[tokio::test]
async fn the_stream_reports_the_total_and_its_pages() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let mut stream = in_fifties(&client);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(stream.total(), Some(crate::support::CALLS));
    assert_eq!(stream.pages(), 1);
    let rest = collect(stream).await;
    assert_eq!(
        rest.len() + 1,
        usize::try_from(crate::support::CALLS).unwrap()
    );
    assert!(!rest.contains(&first.id));
}

/// A stream read to its end answers `None` again each time it is asked again.
#[tokio::test]
async fn a_stream_at_its_end_keeps_answering_none() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let mut stream = in_fifties(&client);
    let mut count = 0;
    while let Some(call) = stream.next().await {
        call.unwrap();
        count += 1;
    }
    assert_eq!(count, usize::try_from(crate::support::CALLS).unwrap());
    for _ in 0..3 {
        assert!(stream.next().await.is_none());
    }
}

#[tokio::test]
async fn windows_give_the_same_calls_in_the_same_order() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let from = IST.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap();
    let to = IST.with_ymd_and_hms(2025, 11, 1, 23, 59, 59).unwrap();
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        let request =
            ListCalls::new(ReportFilter::new().between(from, to)).sort(SortKey::StartTime, order);
        let whole = collect(
            client.list_stream_with(request.clone(), StreamOptions::default().page_size(40)),
        )
        .await;
        let windowed = collect(
            client.list_stream_with(
                request,
                StreamOptions::default()
                    .page_size(40)
                    .window(TimeDelta::minutes(15)),
            ),
        )
        .await;
        assert_eq!(whole.len(), usize::try_from(crate::support::CALLS).unwrap());
        assert_eq!(windowed, whole, "{order:?}");
    }
}

#[tokio::test]
async fn pages_continue_by_cursor_and_a_bad_cursor_is_refused() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let first = client
        .list(&ListCalls::new(ReportFilter::new()).page(1, 100))
        .await
        .unwrap();
    let cursor = first
        .next
        .clone()
        .expect("a full page gives the next cursor");
    let second = client
        .list(
            &ListCalls::new(ReportFilter::new())
                .page(1, 100)
                .after(cursor),
        )
        .await
        .unwrap();
    let by_number = client
        .list(&ListCalls::new(ReportFilter::new()).page(2, 100))
        .await
        .unwrap();
    let ids = |page: &callreport_model::CallPage| {
        page.calls.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&second), ids(&by_number));
    assert_eq!(second.total, None, "a page asked by cursor is not counted");
    let error = client
        .list(&ListCalls::new(ReportFilter::new()).after("not-a-cursor"))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("aftr: expected the nxt of a previous page"),
        "{error}"
    );
}

/// `count` generated calls as raw documents, the rows of a list body.
fn rows(seed: u64, count: usize) -> Vec<Value> {
    let body: Value = serde_json::from_str(&list_body(seed, count)).unwrap();
    body["data"].as_array().unwrap().clone()
}

fn page_body(rows: &[Value], envelope: Value) -> String {
    let mut body = envelope;
    body["data"] = Value::Array(rows.to_vec());
    body.to_string()
}

#[tokio::test]
async fn a_server_without_cursors_is_paged_by_number_and_an_api_error_is_retried() {
    let calls = rows(3, 5);
    let (first, second) = (
        page_body(&calls[..3], json!({"ttl": 5, "pg": 1, "lmt": 3})),
        page_body(&calls[3..], json!({"ttl": 5, "pg": 2, "lmt": 3})),
    );
    let server = scripted(move |n, _| match n {
        0 => Fault::json(&first),
        1 => Fault::json(r#"{"status":"error","message":"Database is not reachable","code":1010}"#),
        _ => Fault::json(&second),
    })
    .await;
    let stream = stream_in_threes(&server);
    let ids = collect(stream).await;
    let expected: Vec<&str> = calls.iter().map(|c| c["clId"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().map(CallId::as_str).collect::<Vec<_>>(), expected);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests[1..] {
        assert!(
            request.body_text().contains(r#""pg":2"#),
            "{}",
            request.body_text()
        );
    }
}

#[tokio::test]
async fn the_cursor_header_names_the_next_page() {
    let calls = rows(4, 5);
    let first = page_body(&calls[..3], json!({"lmt": 3, "nxt": "c-1"}));
    let second = page_body(&calls[3..], json!({"lmt": 3}));
    let server = scripted(move |n, _| match n {
        0 => Fault::status(
            200,
            &[
                ("Content-Type", "application/json"),
                (NEXT_CURSOR_HEADER, "c-1"),
            ],
            first.as_bytes(),
        ),
        _ => Fault::json(&second),
    })
    .await;
    let stream = stream_in_threes(&server);
    assert_eq!(collect(stream).await.len(), 5);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1].body_text().contains(r#""aftr":"c-1""#),
        "{}",
        requests[1].body_text()
    );
    assert!(
        !requests[1].body_text().contains(r#""pg""#),
        "{}",
        requests[1].body_text()
    );
}

/// While the caller holds the first page, the stream fetches `read_ahead` pages more and then
/// waits: pages are read ahead, and what a stream holds stays bounded. Answers the requests
/// made while the caller waited; the stream is then read to its end.
async fn requests_while_the_caller_waits(read_ahead: usize) -> usize {
    const PAGES: usize = 10;
    let calls = rows(9, 3 * PAGES);
    let server = scripted(move |n, _| {
        let n = n.min(PAGES - 1);
        let body = page_body(&calls[3 * n..3 * n + 3], json!({"lmt": 3}));
        let cursor = format!("c-{}", n + 1);
        let mut headers = vec![("Content-Type", "application/json")];
        if n + 1 < PAGES {
            headers.push((NEXT_CURSOR_HEADER, cursor.as_str()));
        }
        Fault::status(200, &headers, body.as_bytes())
    })
    .await;
    let options = StreamOptions::default().page_size(3).read_ahead(read_ahead);
    let mut stream =
        quick_client(&server).list_stream_with(ListCalls::new(ReportFilter::new()), options);
    stream.next().await.unwrap().unwrap();
    let expected = 1 + read_ahead;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.requests().len() < expected {
        assert!(
            std::time::Instant::now() < deadline,
            "the pages ahead were never asked for"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let made = server.requests().len();
    let mut count = 1;
    while let Some(call) = stream.next().await {
        call.unwrap();
        count += 1;
    }
    assert_eq!(count, 3 * PAGES);
    assert_eq!(server.requests().len(), PAGES);
    made
}

#[tokio::test]
async fn the_stream_reads_one_page_ahead_of_a_caller_that_waits() {
    assert_eq!(requests_while_the_caller_waits(1).await, 2);
}

#[tokio::test]
async fn a_deeper_read_ahead_fetches_as_many_pages_and_no_more() {
    assert_eq!(requests_while_the_caller_waits(3).await, 4);
}

/// A server whose every page, asked by number or by cursor, names the same next cursor: in the
/// body only, or in the header too.
async fn repeating_cursor(in_header: bool) {
    let calls = rows(5, 3);
    let page = page_body(&calls, json!({"lmt": 3, "nxt": "c-1"}));
    let server = scripted(move |_, _| {
        let mut headers = vec![("Content-Type", "application/json")];
        if in_header {
            headers.push((NEXT_CURSOR_HEADER, "c-1"));
        }
        Fault::status(200, &headers, page.as_bytes())
    })
    .await;
    let mut stream = stream_in_threes(&server);
    let mut yielded = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(_)) => yielded += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without an error after {yielded} calls"),
        }
    };
    assert!(
        matches!(error.kind(), ErrorKind::CursorRepeated { pages: 2 }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("repeated a page cursor"),
        "{error}"
    );
    assert_eq!(
        yielded, 6,
        "the first page, and the one asked by the cursor once"
    );
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(server.requests().len(), 2, "the cursor was followed once");
}

#[tokio::test]
async fn a_cursor_repeated_in_the_body_ends_the_stream_with_an_error() {
    repeating_cursor(false).await;
}

#[tokio::test]
async fn a_cursor_repeated_in_the_header_ends_the_stream_with_an_error() {
    repeating_cursor(true).await;
}

/// A client of the fault server that retries quickly.
fn quick_client(server: &ScriptedServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .auth(Auth::session("fault-session"))
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5)))
        .build()
        .unwrap()
}

/// Every call of the fault server, in pages of three, retrying quickly.
fn stream_in_threes(server: &ScriptedServer) -> callreport_http::client::CallStream {
    quick_client(server).list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default().page_size(3),
    )
}

#[tokio::test]
async fn an_api_error_inside_a_page_is_retried_within_the_same_attempts() {
    let server = ScriptedServer::builder().calls(5).start().unwrap();
    server.fail_next(
        3,
        Fault::api_error(callreport_model::ApiCode::DatabaseUnavailable),
    );
    let client = Client::builder()
        .base_url(server.base_url())
        .auth(server.account().session_auth())
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5)))
        .build()
        .unwrap();
    let outcome: Vec<_> = client.list_stream(ReportFilter::new()).collect().await;
    assert_eq!(outcome.len(), 1, "one error ends the stream");
    assert!(outcome[0].is_err());
    assert_eq!(
        server.requests().len(),
        3,
        "three attempts in all, not four"
    );

    server.clear_requests();
    server.fail_next(
        2,
        Fault::api_error(callreport_model::ApiCode::DatabaseUnavailable),
    );
    let calls: Vec<_> = client.list_stream(ReportFilter::new()).collect().await;
    assert_eq!(calls.iter().filter(|call| call.is_ok()).count(), 5);
    assert_eq!(server.requests().len(), 3, "two failures, then the page");
}

/// Pages large enough to be decoded in two halves give the calls a page decoded whole gives:
/// a plain page, a page whose rows hold objects that look like the start of a row (a cut there
/// is refused, and the page decodes whole), and a page with a row that does not decode (kept,
/// with its place in the page). The same with pages always decoded whole.
#[tokio::test]
async fn large_pages_decode_in_halves_without_losing_a_row() {
    large_pages_give_every_row(true).await;
    large_pages_give_every_row(false).await;
}

async fn large_pages_give_every_row(split_pages: bool) {
    const ROWS: usize = 400;
    let plain = rows(21, ROWS);
    let first_key = plain[0].as_object().unwrap().keys().next().unwrap().clone();
    let mut forged = rows(22, ROWS);
    for row in &mut forged {
        row["cstm"]["note"] = json!([{"a": 1}, {first_key.as_str(): 1}]);
    }
    let mut broken = rows(23, ROWS);
    broken[ROWS / 2]["clId"] = json!({"not": "an id"});
    let pages: Vec<String> = [&plain, &forged, &broken]
        .iter()
        .enumerate()
        .map(|(index, rows)| {
            let envelope = json!({"ttl": 3 * ROWS, "pg": index + 1, "lmt": ROWS});
            page_body(rows, envelope)
        })
        .collect();
    assert!(pages.iter().all(|page| page.len() > 64 * 1024));
    let bodies = pages.clone();
    let server = scripted(move |n, _| Fault::json(&bodies[n.min(2)])).await;
    let mut stream = quick_client(&server).list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default()
            .page_size(u32::try_from(ROWS).unwrap())
            .split_pages(split_pages),
    );
    let mut ids = Vec::new();
    while let Some(call) = stream.next().await {
        ids.push(call.unwrap().id);
    }
    let expected: Vec<&str> = [&plain, &forged, &broken]
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(index, _)| *index != 2 * ROWS + ROWS / 2)
        .map(|(_, row)| row["clId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.iter().map(CallId::as_str).collect::<Vec<_>>(), expected);
    let rejected = stream.take_rejected();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].index, ROWS / 2);
}
