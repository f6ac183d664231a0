//! Recording downloads: byte for byte, refreshed when expired, never half-written.

use std::fs;

use callreport_http::client::{ErrorKind, Progress};
use callreport_model::{Auth, Call, CallId, RecordingLocator};
use callreport_store::RecordingLookup;
use chrono::TimeZone;
use futures::StreamExt;

use callreport_http::testing::{Fault, On, TestServer as ScriptedServer};

use super::scripted;
use super::{client_with, session_client};
use crate::support::TestServer;

const CLIP: &[u8] = b"ID3\x03\x00\x00\x00\x00\x00\x00fake mpeg frames for the test";

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_recording_downloads_byte_identical_to_the_stored_file() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let mut calls = client.list_stream(callreport_model::ReportFilter::new());
    let call = loop {
        let call = calls.next().await.unwrap().unwrap();
        if call.recordings().next().is_some() {
            break call;
        }
    };
    let locator = call.recordings().next().unwrap().locator.clone();
    let RecordingLookup::Found(stored) = server.store().recording(&locator).await.unwrap() else {
        panic!("the demo recording exists")
    };
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("call.mp3");
    let mut updates = Vec::new();
    let written = client
        .download_recording(&call, &destination, |p: Progress| updates.push(p))
        .await
        .unwrap();
    let files = server.store().recording_files().unwrap();
    let expected = fs::read(files.local_folder().unwrap().join(&stored.name)).unwrap();
    assert_eq!(fs::read(&destination).unwrap(), expected);
    assert_eq!(written, Some(expected.len() as u64));
    let last = updates.last().unwrap();
    assert_eq!(
        (last.received, last.total),
        (expected.len() as u64, Some(expected.len() as u64))
    );
    assert_eq!(files_in(dir.path()), ["call.mp3"]);
}

#[tokio::test]
async fn an_expired_link_is_refreshed_once_from_the_recordings_view() {
    let server = scripted(|_, seen| {
        if seen.path().contains("/old-token/") {
            Fault::status(404, &[], b"expired")
        } else if seen.method() == "POST" {
            Fault::json(r##"{"data": {"rcrdAr": [{"ndId": "#1", "rcrd": "new-token*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3"}]}}"##)
        } else {
            Fault::status(200, &[("Content-Type", "audio/mpeg")], CLIP)
        }
    })
    .await;
    let mut call = Call::new(
        CallId::new("abc").unwrap(),
        callreport_model::IST
            .timestamp_opt(1_763_808_198, 0)
            .unwrap(),
        callreport_model::CallType::ClickToCall,
    );
    let mut leg = callreport_model::LegTiming::default();
    leg.recording = Some(
        RecordingLocator::parse(
            "old-token*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3",
        )
        .unwrap(),
    );
    call.agent_legs
        .push(callreport_model::AgentLeg::new(None, leg));
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("refreshed.mp3");
    let client = client_with(server.base_url(), Auth::session("fault-session"));
    let written = client
        .download_recording(&call, &destination, |_| {})
        .await
        .unwrap();
    assert_eq!(written, Some(CLIP.len() as u64));
    assert_eq!(fs::read(&destination).unwrap(), CLIP);
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method(), r.path()))
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].starts_with("GET /api/v2/recording/directstream/old-token/"));
    assert_eq!(paths[1], "POST /api/v2/CallReport/detail");
    assert!(paths[2].starts_with("GET /api/v2/recording/directstream/new-token/"));
}

/// Of a call's several recordings, the refreshed link is the one of the same file.
#[tokio::test]
async fn a_call_recording_is_refreshed_by_its_file_name() {
    const FILE: &str = "abc_919000012345_2025-11-22-16-13-37_CTC.mp3";
    let server = scripted(|_, seen| {
        if seen.path().contains("/old-token/") {
            Fault::status(404, &[], b"expired")
        } else if seen.method() == "POST" {
            Fault::json(&format!(
                r##"{{"data": {{"rcrdAr": [{{"ndId": "#1", "rcrd": "new-token*mp3*10000001*2025*11*22*other.mp3"}}, {{"ndId": "#2", "rcrd": "new-token*mp3*10000001*2025*11*22*{FILE}"}}]}}}}"##
            ))
        } else {
            Fault::status(200, &[("Content-Type", "audio/mpeg")], CLIP)
        }
    })
    .await;
    let client = client_with(server.base_url(), Auth::session("fault-session"));
    let call_id = CallId::new("abc").unwrap();
    let dir = tempfile::tempdir().unwrap();

    let old =
        RecordingLocator::parse(&format!("old-token*mp3*10000001*2025*11*22*{FILE}")).unwrap();
    let destination = dir.path().join("refreshed.mp3");
    let written = client
        .download_call_recording(&call_id, &old, &destination, |_| {})
        .await
        .unwrap();
    assert_eq!(written, CLIP.len() as u64);
    assert_eq!(fs::read(&destination).unwrap(), CLIP);
    let last = server.requests().last().unwrap().path().to_owned();
    assert!(
        last.starts_with("/api/v2/recording/directstream/new-token/") && last.ends_with(FILE),
        "{last}"
    );

    // The same into any writer: nothing of the refused first answer is written.
    let mut streamed = Vec::new();
    let written = client
        .stream_call_recording(&call_id, &old, &mut streamed, |_| {})
        .await
        .unwrap();
    assert_eq!((written, streamed.as_slice()), (CLIP.len() as u64, CLIP));

    // A file the view does not list: the first error stands, and no file is left.
    let gone = RecordingLocator::parse("old-token*mp3*10000001*2025*11*22*gone.mp3").unwrap();
    let error = client
        .download_call_recording(&call_id, &gone, &dir.path().join("gone.mp3"), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Http { status: 404, .. }),
        "{error}"
    );
    assert_eq!(files_in(dir.path()), ["refreshed.mp3"]);
}

/// A server that answers the recordings view with the raw document (as the provider's own
/// examples answer `dtl`): the recording is found in the legs all the same.
#[tokio::test]
async fn a_raw_document_answer_yields_its_recording() {
    let seed = include_str!("../../fixtures/detail/seed_example_response.json");
    let body = seed.replace("{{ssid}}*mp3*29791451", "fresh-token*mp3*29791451");
    let server = scripted(move |_, seen| {
        if seen.method() == "POST" {
            Fault::json(&body)
        } else {
            Fault::status(200, &[("Content-Type", "audio/mpeg")], CLIP)
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("seed.mp3");
    let client = client_with(server.base_url(), Auth::session("fault-session"));
    let call_id = CallId::new("kyrnwv1c8ps5zq6jcwaxtzicv").unwrap();
    let written = client
        .download_fresh_recording(&call_id, &destination, |_| {})
        .await
        .unwrap();
    assert_eq!(written, Some(CLIP.len() as u64));
    assert_eq!(fs::read(&destination).unwrap(), CLIP);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[0].body_text().contains("\"rType\":\"rcrd\""),
        "{}",
        requests[0].body_text()
    );
    assert!(
        requests[1]
            .path()
            .starts_with("/api/v2/recording/directstream/fresh-token/mp3/29791451/2025/11/22/"),
        "{}",
        requests[1].path()
    );
}

#[tokio::test]
async fn a_download_cut_midway_leaves_no_file() {
    let server = ScriptedServer::builder().calls(20).start().unwrap();
    let call = server
        .account()
        .generator()
        .take(20)
        .find(|call| call.recordings().next().is_some())
        .expect("a generated call with a recording");
    let locator = call.recordings().next().unwrap().locator.clone();
    server.fail_next_on(On::Recordings, 1, Fault::truncated());
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("cut.mp3");
    let client = client_with(server.base_url(), server.account().session_auth());
    let error = client
        .download_locator(&locator, &destination, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Connect | ErrorKind::Incomplete { .. }
        ),
        "{error:?}"
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
    assert_eq!(server.requests().len(), 1, "a cut body is not retried");
}

#[tokio::test]
async fn an_unknown_recording_is_a_404_and_no_file() {
    let server = TestServer::start().await;
    let locator = RecordingLocator::parse(&format!(
        "{}*mp3*{}*2025*11*22*nope_919000012345_2025-11-22-16-13-37_CTC.mp3",
        callreport_store::demo::MAIN.recording_token,
        callreport_store::demo::MAIN.user_id
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let error = session_client(&server)
        .download_locator(&locator, &dir.path().join("x.mp3"), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Http { status: 404, .. }),
        "{error:?}"
    );
    assert!(files_in(dir.path()).is_empty());
}
