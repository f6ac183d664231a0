//! The digest against the test server: paging, retried faults, and recording downloads.

use std::time::Duration;

use call_digest::{LONGEST, digest, save_recordings};
use callreport_http::client::{Client, ErrorKind, RetryPolicy};
use callreport_http::testing::{Fault, On, TestServer};
use callreport_model::{ApiCode, Call, Endpoint, ReportFilter};

/// A client of the test server, with short retry delays so that faults cost no time.
fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .auth(server.account().session_auth())
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(10)))
        .build()
        .expect("a valid client")
}

/// The calls the test server holds: its generator's first `count`.
fn served_calls(server: &TestServer, count: usize) -> Vec<Call> {
    server.account().generator().take(count).collect()
}

#[tokio::test]
async fn the_digest_reads_every_page() {
    let server = TestServer::builder()
        .calls(250)
        .start()
        .expect("a test server");

    let digest = digest(&client(&server), ReportFilter::new(), 100)
        .await
        .expect("a digest");

    let calls = served_calls(&server, 250);
    let talk: u64 = calls
        .iter()
        .map(|call| call.durations.customer.as_secs())
        .sum();
    assert_eq!(digest.calls, 250);
    assert_eq!(digest.by_type.values().sum::<u64>(), 250);
    assert_eq!(digest.talk_seconds, talk);
    assert_eq!(digest.longest.len(), LONGEST);
    let pages = server
        .requests()
        .iter()
        .filter(|request| request.endpoint() == Some(Endpoint::List))
        .count();
    assert_eq!(pages, 3, "250 calls in pages of 100");
}

#[tokio::test]
async fn the_digest_survives_a_provider_that_fails_twice() {
    let server = TestServer::builder()
        .calls(120)
        .start()
        .expect("a test server");
    // The second page fails twice: the database is down, then a proxy answers 502.
    server.script(|number, _| match number {
        1 => Some(Fault::api_error(ApiCode::DatabaseUnavailable)),
        2 => Some(Fault::html_bad_gateway()),
        _ => None,
    });

    let digest = digest(&client(&server), ReportFilter::new(), 100)
        .await
        .expect("a digest after retries");

    assert_eq!(digest.calls, 120);
    assert_eq!(server.requests().len(), 4, "two pages, two of them retried");
}

#[tokio::test]
async fn the_digest_reports_a_provider_that_keeps_failing() {
    let server = TestServer::builder()
        .calls(10)
        .start()
        .expect("a test server");
    server.fail_next_on(
        On::Endpoint(Endpoint::List),
        3,
        Fault::api_error(ApiCode::DatabaseUnavailable),
    );

    let error = digest(&client(&server), ReportFilter::new(), 100)
        .await
        .expect_err("three failures use up three attempts");

    assert_eq!(error.api_code(), Some(&ApiCode::DatabaseUnavailable));
}

#[tokio::test]
async fn recordings_are_saved_after_a_refused_download_and_a_cut_one_leaves_no_file() {
    let server = TestServer::builder()
        .calls(40)
        .start()
        .expect("a test server");
    let recorded: Vec<Call> = served_calls(&server, 40)
        .into_iter()
        .filter(|call| call.recordings().next().is_some())
        .take(2)
        .collect();
    assert_eq!(
        recorded.len(),
        2,
        "the generated calls include recorded ones"
    );
    let folder = tempfile::tempdir().expect("a folder");

    // A busy recording server first: retried after its Retry-After.
    server.fail_next_on(
        On::Recordings,
        1,
        Fault::too_many_requests(Duration::from_secs(1)),
    );
    let saved = save_recordings(&client(&server), &recorded, folder.path())
        .await
        .expect("both recordings");
    assert_eq!(saved.len(), 2);
    for file in &saved {
        let bytes = std::fs::read(file).expect("a saved file");
        assert!(!bytes.is_empty());
    }

    // A download cut midway fails, and leaves nothing behind.
    let other = tempfile::tempdir().expect("a folder");
    server.fail_next_on(On::Recordings, 1, Fault::truncated());
    let error = save_recordings(&client(&server), &recorded[..1], other.path())
        .await
        .expect_err("a cut download");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Incomplete { .. } | ErrorKind::Connect
        ),
        "{error}"
    );
    assert_eq!(
        std::fs::read_dir(other.path()).expect("the folder").count(),
        0,
        "no partial file"
    );
}
