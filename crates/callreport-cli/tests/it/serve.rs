//! `callreport serve --demo`: prints where and how to connect, answers, stops on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::{BIN, post};

#[test]
fn the_demo_serves_prints_its_credentials_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr, mut stdout) = crate::spawn_server(
        Command::new(BIN)
            .args(["serve", "--demo", "--calls", "60"])
            .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
            .env("CALLREPORT_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped()),
    );
    let mut banner = String::new();
    for _ in 0..8 {
        stdout.read_line(&mut banner).unwrap();
    }
    assert!(banner.contains("demo data created: 60 calls, 6 without permission"));
    assert!(banner.contains("ssid demo-session-10000001"));
    assert!(banner.contains("userId 10000001 + token demo-token-10000001"));

    let count = post(
        addr,
        "/api/v2/CallReport/reportCount",
        r#"{"ssid":"demo-session-10000001"}"#,
    );
    assert!(count.starts_with("HTTP/1.1 200 OK"), "{count}");
    // The 60 generated calls and the provider's example call.
    assert!(count.ends_with(r#"{"data":{"cnt":61}}"#), "{count}");
    let page = post(
        addr,
        "/api/v2/CallReport/list",
        r#"{"userId":"10000001","token":"demo-token-10000001","lmt":5}"#,
    );
    assert!(page.contains(r#""ttl":61"#), "{page}");

    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = server.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut logs = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(logs.contains("/api/v2/CallReport/reportCount"), "{logs}");
    assert!(logs.contains("shutting down"), "{logs}");
    for secret in ["demo-session-10000001", "demo-token-10000001", "919000"] {
        assert!(!logs.contains(secret), "the logs show {secret}: {logs}");
    }
}

/// Starts `serve --demo` with 20 calls on `db`; answers the process and its first two lines
/// (what it prepared, where it listens), printed once it serves.
fn start_small_demo(db: &Path) -> (Child, String) {
    let mut server = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--calls",
            "20",
            "--addr",
            "127.0.0.1:0",
            "--db",
        ])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut lines = String::new();
    for _ in 0..2 {
        stdout.read_line(&mut lines).unwrap();
    }
    // Kept open: the server prints again when it stops.
    server.stdout = Some(stdout.into_inner());
    (server, lines)
}

/// Stops a server with SIGINT and expects a clean exit.
fn interrupt(mut server: Child) {
    Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());
}

#[test]
fn a_second_start_reuses_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    for expected in ["demo data created", "demo data reused"] {
        let (server, lines) = start_small_demo(&db);
        assert!(lines.contains(expected), "{lines}");
        interrupt(server);
    }
}

/// The demo's writes are copied from SQLite's log into the database file before it serves:
/// with pages left in the log, every page a reader touches is looked up there first.
#[test]
fn the_demo_serves_with_its_log_copied_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let (server, lines) = start_small_demo(&db);
    assert!(lines.contains("demo data created"), "{lines}");
    let log = dir.path().join("demo.sqlite-wal");
    let logged = std::fs::metadata(&log).map_or(0, |meta| meta.len());
    assert_eq!(logged, 0, "{} holds {logged} bytes", log.display());
    interrupt(server);
}

/// The curl sample of the provider's Call Detail page, as it stands there but for the host and
/// the credentials, sent the way curl sends it (`--data-raw`: a form content type, the JSON as
/// the body), answers the raw document, as the page's example response shows.
#[test]
fn the_providers_curl_sample_answers_the_raw_document() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr, mut stdout) = crate::spawn_server(
        Command::new(BIN)
            .args(["serve", "--demo", "--calls", "20", "--addr", "127.0.0.1:0"])
            .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
            .stderr(Stdio::null()),
    );
    let mut banner = String::new();
    for _ in 0..8 {
        stdout.read_line(&mut banner).unwrap();
    }
    assert!(banner.contains("kyrnwv1c8ps5zq6jcwaxtzicv"), "{banner}");

    // The page's body, credentials replaced: `{{ssid}}` and its user id 29791451.
    let body = "{\n    \"ssid\": \"demo-session-10000001\",\n    \"userId\": \"10000001\",\n    \"clId\": \"kyrnwv1c8ps5zq6jcwaxtzicv\",\n    \"rType\": [\n        \"dtl\"\n    ]\n}";
    let mut socket = TcpStream::connect(addr).unwrap();
    write!(
        socket,
        "POST /api/v2/CallReport/detail HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: curl/8.5.0\r\n\
         Accept: */*\r\nContent-Length: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    let json = response.split("\r\n\r\n").nth(1).unwrap();
    let answer: Value = serde_json::from_str(json).unwrap();
    let document = &answer["data"];
    assert_eq!(document["clId"], "kyrnwv1c8ps5zq6jcwaxtzicv");
    assert_eq!(
        document["tm"], 1_763_808_198_000_u64,
        "the raw document, not a view"
    );
    assert_eq!(document["dur"]["agtOnCl"], "00:01:23");
    let recording = document["ctcc"][0]["rcrd"].as_str().unwrap();
    assert!(
        recording.starts_with("demo-recording-10000001*mp3*10000001*2025*11*22*"),
        "the recording is the demo account's: {recording}"
    );

    Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());
}
