//! SIGTERM stops every command that writes a file as SIGINT does: no file, no partial file.

use std::net::{SocketAddr, TcpListener};

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use callreport_http::testing::{Fault, TestServer};
use callreport_model::{ExportFormat, ExportId, ExportState, ExportStatus, Response};
use serde_json::json;

use crate::BIN;

/// Runs `callreport ARGS` against `base_url` as a demo session.
fn spawn(args: &[&str], base_url: &str) -> Child {
    Command::new(BIN)
        .args(args)
        .env("CALLREPORT_BASE_URL", base_url)
        .env("CALLREPORT_SSID", "demo-session-10000001")
        .env_remove("CALLREPORT_TOKEN")
        .env_remove("CALLREPORT_USER_ID")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (a bounded while) until the command has started writing in `dir`.
fn wait_for_partial_file(dir: &Path) {
    for _ in 0..200 {
        if std::fs::read_dir(dir).unwrap().next().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no file was started in {}", dir.display());
}

/// Sends `signal` to `child` and checks it stopped with the interruption message and left
/// nothing in `dir`.
fn stop_and_check(child: Child, signal: &str, dir: &Path) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{signal}: {stderr}");
    assert!(
        stderr.contains("interrupted; no file was written"),
        "{signal}: {stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{signal} left {left:?}");
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// A finished export whose file downloads from the server that answers it.
fn finished_export() -> String {
    let mut status = ExportStatus::new(
        ExportId::new("exp-1").unwrap(),
        ExportFormat::Csv,
        ExportState::Done,
        chrono::DateTime::default(),
    );
    status.location = Some("/files/exp-1.csv".to_owned());
    status.rows = 3;
    Response::data(status).to_json()
}

#[test]
fn a_recording_download_stopped_by_sigterm_or_sigint_leaves_no_file() {
    let view = json!({"data": {"rcrdAr": [{"ndId": "#1", "rcrd": "tok*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3"}]}});
    let server = slow_server(view.to_string());
    for signal in ["TERM", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("call.mp3");
        let child = spawn(
            &["recording", "abc", "-o", file.to_str().unwrap()],
            server.base_url(),
        );
        wait_for_partial_file(dir.path());
        stop_and_check(child, signal, dir.path());
    }
}

#[test]
fn an_export_stopped_by_sigterm_leaves_no_file() {
    // A server that accepts connections and never answers: the export waits for its first page.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let child = spawn(
        &["export", "--format", "csv", "-o", file.to_str().unwrap()],
        &url(silent.local_addr().unwrap()),
    );
    let _held = silent.accept().unwrap();
    wait_for_partial_file(dir.path());
    stop_and_check(child, "TERM", dir.path());
}

#[test]
fn an_export_on_the_server_stopped_by_sigterm_while_downloading_leaves_no_file() {
    let server = slow_server(finished_export());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let child = spawn(
        &[
            "export",
            "--on-server",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
        server.base_url(),
    );
    wait_for_partial_file(dir.path());
    stop_and_check(child, "TERM", dir.path());
}

#[test]
fn an_exports_download_stopped_by_sigterm_leaves_no_file() {
    let server = slow_server(finished_export());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let child = spawn(
        &["exports", "download", "exp-1", "-o", file.to_str().unwrap()],
        server.base_url(),
    );
    wait_for_partial_file(dir.path());
    stop_and_check(child, "TERM", dir.path());
}

#[test]
fn a_download_slower_than_the_timeout_ends_with_a_clear_error() {
    let server = slow_server(finished_export());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let child = spawn(
        &[
            "exports",
            "--timeout",
            "1",
            "download",
            "exp-1",
            "-o",
            file.to_str().unwrap(),
        ],
        server.base_url(),
    );
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("the download of export exp-1 did not finish within 1 s"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A server that answers every POST with `post` at once, and every download slowly: 10 MB
/// announced, 1 KiB sent every 100 ms (for 20 s at most), so that a test can signal the command
/// while it writes the file.
fn slow_server(post: String) -> TestServer {
    let server = TestServer::builder().calls(0).start().unwrap();
    server.script(move |_, request| {
        Some(if request.method() == "POST" {
            Fault::json(&post)
        } else {
            Fault::stream(
                200,
                Some(10_000_000),
                1024,
                Duration::from_millis(100),
                200 * 1024,
            )
        })
    });
    server
}
