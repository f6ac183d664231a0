//! Recording downloads follow redirects as API requests do: only on the configured origin.

use std::fs;

use callreport_http::client::ErrorKind;
use callreport_model::{Auth, RecordingLocator};

use super::client_with;
use callreport_http::testing::Fault;

use super::scripted;

const CLIP: &[u8] = b"ID3\x03\x00\x00\x00\x00\x00\x00fake mpeg frames";

fn locator() -> RecordingLocator {
    RecordingLocator::parse(
        "secret-recording-token*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3",
    )
    .unwrap()
}

#[tokio::test]
async fn a_recording_redirect_to_another_origin_is_refused() {
    let elsewhere = scripted(|_, _| {
        Fault::status(
            200,
            &[("Content-Type", "audio/mpeg")],
            b"another origin's body",
        )
    })
    .await;
    // Another port on the same loopback address is another origin.
    let target = format!("{}/other.mp3", elsewhere.base_url());
    for status in [302, 307] {
        let target = target.clone();
        let server =
            scripted(move |_, _| Fault::status(status, &[("Location", target.as_str())], b""))
                .await;
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("call.mp3");
        let error = client_with(server.base_url(), Auth::session("fault-session"))
            .download_locator(&locator(), &destination, |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Redirect { .. }),
            "{status}: {error:?}"
        );
        assert!(!error.to_string().contains("secret-recording-token"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "no file");
    }
    assert_eq!(
        elsewhere.requests().len(),
        0,
        "the other origin was never asked"
    );
}

#[tokio::test]
async fn a_recording_redirect_on_the_same_origin_is_followed() {
    let server = scripted(|_, seen| {
        if seen.path().starts_with("/api/v2/recording/") {
            Fault::status(302, &[("Location", "/moved/call.mp3")], b"")
        } else {
            Fault::status(200, &[("Content-Type", "audio/mpeg")], CLIP)
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("call.mp3");
    let written = client_with(server.base_url(), Auth::session("fault-session"))
        .download_locator(&locator(), &destination, |_| {})
        .await
        .unwrap();
    assert_eq!(written, CLIP.len() as u64);
    assert_eq!(fs::read(&destination).unwrap(), CLIP);
    assert_eq!(server.requests()[1].path(), "/moved/call.mp3");
}
