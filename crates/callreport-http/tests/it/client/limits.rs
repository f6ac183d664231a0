//! The client's bounds against a server that never stops: body caps, download deadlines, the
//! stall timeout, and export waits.

use std::time::Duration;

use callreport_http::client::{Client, ClientBuilder, ErrorKind, RetryPolicy};
use callreport_model::{
    Auth, CallId, ExportFormat, ExportId, ExportState, ExportStatus, RecordingLocator, Response,
};
use chrono::TimeZone;

use callreport_http::testing::{Fault, TestServer as ScriptedServer};

use super::scripted;

const FIVE_GB: u64 = 5_000_000_000;
const MIB: u64 = 1 << 20;
/// What loopback sockets may hold on both sides once the client stops reading: the bytes a
/// server can get rid of without the client reading them.
const SOCKET_BUFFERS: u64 = 32 * MIB;

fn builder(server: &ScriptedServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .auth(Auth::session("fault-session"))
        .retry_policy(RetryPolicy::none())
}

fn locator() -> RecordingLocator {
    RecordingLocator::parse(
        "tok*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3",
    )
    .unwrap()
}

/// This process's peak resident memory (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib * 1024
}

fn is_empty(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[tokio::test]
async fn a_5_gb_content_length_is_refused_at_the_cap_before_the_body_is_read() {
    let server =
        scripted(|_, _| Fault::stream(200, Some(FIVE_GB), 1 << 16, Duration::ZERO, FIVE_GB)).await;
    let error = builder(&server)
        .build()
        .unwrap()
        .all_detail(&CallId::new("abc").unwrap())
        .await
        .unwrap_err();
    let ErrorKind::BodyTooLarge { limit } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*limit, 64 * MIB, "the default cap");
    assert!(
        error.to_string().contains("limit of 67108864 bytes"),
        "{error}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.streamed_bytes();
    assert!(sent < SOCKET_BUFFERS, "the server got rid of {sent} bytes");
    let peak = peak_rss();
    assert!(peak < 1 << 30, "peak RSS {peak} bytes");
}

#[tokio::test]
async fn an_endless_body_without_a_length_stops_at_the_cap() {
    let server = scripted(|_, _| Fault::stream(200, None, 1 << 16, Duration::ZERO, FIVE_GB)).await;
    let error = builder(&server)
        .max_body_bytes(4 * MIB)
        .build()
        .unwrap()
        .all_detail(&CallId::new("abc").unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit } if *limit == 4 * MIB),
        "{error:?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.streamed_bytes();
    assert!(sent >= 4 * MIB, "the client read up to its cap: {sent}");
    assert!(
        sent < 4 * MIB + SOCKET_BUFFERS,
        "the client stopped reading at its cap: {sent} bytes sent"
    );
}

#[tokio::test]
async fn a_recording_error_with_a_5_gb_body_is_read_only_in_part() {
    let server =
        scripted(|_, _| Fault::stream(500, Some(FIVE_GB), 1 << 16, Duration::ZERO, FIVE_GB)).await;
    let dir = tempfile::tempdir().unwrap();
    let error = builder(&server)
        .build()
        .unwrap()
        .download_locator(&locator(), &dir.path().join("call.mp3"), |_| {})
        .await
        .unwrap_err();
    let ErrorKind::Http { status, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 500);
    assert!(body.starts_with("xxxx"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.streamed_bytes();
    assert!(sent < 64 * 1024 + SOCKET_BUFFERS, "{sent} bytes sent");
    assert!(is_empty(dir.path()));
}

#[tokio::test]
async fn an_endless_slow_recording_is_stopped_by_the_download_deadline() {
    // A byte every 20 ms: never a stall, never an end.
    let server =
        scripted(|_, _| Fault::stream(200, Some(1 << 30), 1, Duration::from_millis(20), 1 << 30))
            .await;
    let dir = tempfile::tempdir().unwrap();
    let error = builder(&server)
        .timeout(Duration::from_millis(800))
        .stall_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
        .download_locator(&locator(), &dir.path().join("call.mp3"), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Deadline { limit, .. } if *limit == Duration::from_millis(800)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the recording download did not finish within 800 ms; raise the timeout"
    );
    assert!(server.streamed_bytes() > 0, "bytes did come");
    assert!(is_empty(dir.path()), "no file, no partial file");
}

#[tokio::test]
async fn a_stalled_recording_is_stopped_by_the_stall_timeout() {
    let server =
        scripted(|_, _| Fault::stream(200, Some(1000), 10, Duration::from_secs(30), 1000)).await;
    let dir = tempfile::tempdir().unwrap();
    let error = builder(&server)
        .timeout(Duration::from_secs(20))
        .stall_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .download_locator(&locator(), &dir.path().join("call.mp3"), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Stalled { after } if *after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(is_empty(dir.path()));
}

fn export_status(state: ExportState) -> String {
    let created = callreport_model::IST
        .timestamp_opt(1_763_808_198, 0)
        .unwrap();
    let mut status = ExportStatus::new(
        ExportId::new("exp-1").unwrap(),
        ExportFormat::Csv,
        state,
        created,
    );
    status.location = Some("/files/exp-1.csv".to_owned());
    Response::data(status).to_json()
}

#[tokio::test]
async fn an_export_stuck_running_ends_at_the_wait_deadline() {
    let running = export_status(ExportState::Running);
    let server = scripted(move |_, _| Fault::json(&running)).await;
    let dir = tempfile::tempdir().unwrap();
    let error = builder(&server)
        .timeout(Duration::from_millis(600))
        .build()
        .unwrap()
        .wait_for_export(
            &ExportId::new("exp-1").unwrap(),
            &dir.path().join("calls.csv"),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Deadline { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "export exp-1 (still running on the server) did not finish within 600 ms; raise the timeout"
    );
    assert!(
        server.requests().len() >= 2,
        "the status was read more than once"
    );
    assert!(is_empty(dir.path()));
}

#[tokio::test]
async fn an_endless_export_download_is_stopped_by_the_download_deadline() {
    let done = export_status(ExportState::Done);
    let server = scripted(move |_, seen| {
        if seen.method() == "POST" {
            Fault::json(&done)
        } else {
            Fault::stream(200, None, 1, Duration::from_millis(20), 1 << 30)
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let error = builder(&server)
        .timeout(Duration::from_secs(20))
        .download_timeout(Duration::from_millis(700))
        .build()
        .unwrap()
        .wait_for_export(
            &ExportId::new("exp-1").unwrap(),
            &dir.path().join("calls.csv"),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the download of export exp-1 did not finish within 700 ms; raise the timeout"
    );
    assert!(is_empty(dir.path()));
}
