//! `callreport serve --demo`: prints where and how to connect, answers, stops on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use crate::{BIN, post};

#[test]
fn the_demo_serves_prints_its_credentials_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(BIN)
        .args(["serve", "--demo", "--calls", "60"])
        .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
        .env("CALLREPORT_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .strip_prefix("Call Report API on http://")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
    let addr: SocketAddr = url.parse().unwrap();
    let mut banner = String::new();
    for _ in 0..7 {
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
    assert!(count.ends_with(r#"{"data":{"cnt":60}}"#), "{count}");
    let page = post(
        addr,
        "/api/v2/CallReport/list",
        r#"{"userId":"10000001","token":"demo-token-10000001","lmt":5}"#,
    );
    assert!(page.contains(r#""ttl":60"#), "{page}");

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

#[test]
fn a_second_start_reuses_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    for expected in ["demo data created", "demo data reused"] {
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
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(server.stdout.take().unwrap());
        let mut lines = String::new();
        for _ in 0..2 {
            stdout.read_line(&mut lines).unwrap();
        }
        assert!(lines.contains(expected), "{lines}");
        Command::new("kill")
            .args(["-INT", &server.id().to_string()])
            .status()
            .unwrap();
        assert!(server.wait().unwrap().success());
    }
}
