//! Safe in scripts and pipelines: all-or-nothing JSON, quiet ends of pipes, checked filters,
//! exit codes by class, no colour outside terminals, flags anywhere.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use callreport_http::testing::{Fault, TestServer};

use crate::client::Served;

#[test]
fn a_failed_json_list_prints_nothing_on_standard_output() {
    let served = Served::start(300);
    let output = served.run(&["list", "--json"], &[("CALLREPORT_SSID", "wrong")]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        output.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    let table = served.run(&["list"], &[("CALLREPORT_SSID", "wrong")]);
    assert_eq!(table.status.code(), Some(3));
    assert!(
        table.stdout.is_empty(),
        "the table printed its header before the error"
    );
    let whole = served.run(&["list", "--json", "--limit", "3"], &[]);
    let calls: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert_eq!(calls.as_array().unwrap().len(), 3);
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let served = Served::start(3000);
    for args in [
        &["list", "--limit", "0"][..],
        &["list", "--limit", "0", "--jsonl"],
        &["export", "-o", "-"],
    ] {
        let mut child = served
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone (as with `| head -1`).
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!first.is_empty());
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

fn count(served: &Served, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["count"];
    all.extend_from_slice(args);
    let output = served.run(&all, &[]);
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap().trim().to_owned(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn lists_split_on_commas_and_unknown_values_are_refused() {
    let served = Served::start(3000);
    let (code, both, _) = count(&served, &["--type", "IBD,OBD"]);
    assert_eq!(code, Some(0));
    let (_, repeated, _) = count(&served, &["--type", "IBD", "--type", "obd"]);
    let (_, inbound, _) = count(&served, &["--type", "IBD"]);
    assert_eq!(both, repeated);
    assert!(both.parse::<u64>().unwrap() > inbound.parse::<u64>().unwrap());
    let (code, out, message) = count(&served, &["--type", "FOO"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(message.contains("valid types: IBD, OBD, CTC"), "{message}");
    let (code, _, message) = count(&served, &["--status", "999"]);
    assert_eq!(code, Some(2));
    assert!(message.contains("3 (both answered)"), "{message}");
    // A customer number as people write it matches as the provider stores it.
    let listed = served.run(&["list", "--limit", "5", "--jsonl"], &[]);
    let number = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter_map(|call| call["customer_number"].as_str().map(str::to_owned))
        .find(|number| number.len() == 12 && number.starts_with("91"))
        .unwrap();
    let written = format!("+91 {}-{}", &number[2..7], &number[7..]);
    let (_, plain, _) = count(&served, &["--customer", &number]);
    let (_, normalised, _) = count(&served, &["--customer", &written]);
    assert_eq!(plain, normalised, "{written}");
    assert_ne!(plain, "0");
}

#[test]
fn failures_name_their_place_and_exit_with_their_class() {
    let served = Served::start(300);
    // A JSON error body is the API's answer, whatever the HTTP status.
    let api = TestServer::builder().calls(0).start().unwrap();
    api.fail_next(
        1,
        Fault::status(
            404,
            &[("Content-Type", "application/json")],
            br#"{"status":"error","message":"Invalid token","code":1014}"#,
        ),
    );
    let output = served.run(&["count", "--base-url", api.base_url()], &[]);
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(message.contains("code 1014"), "{message}");
    // Nothing listens on port 1 of the loopback address: a network failure, naming the URL.
    let output = served.run(
        &["count", "--attempts", "1"],
        &[("CALLREPORT_BASE_URL", "http://127.0.0.1:1")],
    );
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(4), "{message}");
    assert!(message.contains("http://127.0.0.1:1"), "{message}");
    assert!(message.contains("os error"), "{message}");
    assert!(!message.contains("demo-session"), "{message}");
}

#[test]
fn no_colour_codes_in_pipes_or_files() {
    let served = Served::start(300);
    // A retried request logs a warning on standard error, here a pipe.
    let output = served.run(
        &["count", "--attempts", "2"],
        &[("CALLREPORT_BASE_URL", "http://127.0.0.1:1")],
    );
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains('\u{1b}'), "{log:?}");
    let listed = served.run(&["list", "--limit", "3"], &[]);
    assert!(!listed.stdout.contains(&0x1b));
    // The server's log, written to a file.
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    // Its standard output kept open until it stops: it writes more of its banner.
    let (mut server, addr, server_stdout) = crate::spawn_server(
        std::process::Command::new(crate::BIN)
            .args(["serve", "--demo", "--calls", "50", "--addr", "127.0.0.1:0"])
            .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
            .stderr(std::fs::File::create(&log_path).unwrap()),
    );
    let url = format!("http://{addr}");
    // A refused request, so that the log has a line about it.
    let refused = served.run(
        &["count", "--base-url", &url],
        &[("CALLREPORT_SSID", "wrong")],
    );
    assert_eq!(refused.status.code(), Some(3));
    std::thread::sleep(std::time::Duration::from_millis(200));
    let _ = server.kill();
    let _ = server.wait();
    drop(server_stdout);
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(text.contains("INFO"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn connection_flags_are_accepted_after_any_subcommand() {
    let served = Served::start(300);
    let url = served.base_url().to_owned();
    for args in [
        vec!["exports", "list", "--base-url", url.as_str()],
        vec!["--base-url", url.as_str(), "exports", "list"],
        vec![
            "count",
            "--type",
            "IBD",
            "--timeout",
            "30",
            "--base-url",
            url.as_str(),
        ],
    ] {
        let output = served.run(&args, &[("CALLREPORT_BASE_URL", "http://127.0.0.1:1")]);
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
}
