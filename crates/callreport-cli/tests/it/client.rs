//! The client commands against a `callreport serve --demo` process: output and exit codes.

use std::io::BufReader;
use std::process::{Child, Command, Output, Stdio};

use crate::BIN;

/// A demo server process on a free port, stopped when dropped.
pub(crate) struct Served {
    child: Child,
    base_url: String,
    /// Kept open: the server writes to it, and would stop on a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
    _dir: tempfile::TempDir,
}

impl Served {
    pub(crate) fn start(calls: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (child, addr, stdout) = crate::spawn_server(
            Command::new(BIN)
                .args(["serve", "--demo", "--calls", &calls.to_string()])
                .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
                .env("CALLREPORT_ADDR", "127.0.0.1:0")
                .stderr(Stdio::null()),
        );
        let base_url = format!("http://{addr}");
        Self {
            child,
            base_url,
            _stdout: stdout,
            _dir: dir,
        }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `callreport ARGS` as the main demo account (session), isolated from the caller's
    /// configuration; not started.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env_remove("CALLREPORT_USER_ID")
            .env_remove("CALLREPORT_TOKEN")
            .env_remove("CALLREPORT_PROFILE")
            .env_remove("CALLREPORT_TZ")
            .env_remove("CALLREPORT_CONFIG")
            .env_remove("NO_COLOR")
            .env("XDG_CONFIG_HOME", self._dir.path())
            .env("CALLREPORT_BASE_URL", &self.base_url)
            .env("CALLREPORT_SSID", "demo-session-10000001")
            .env("COLUMNS", "200");
        command
    }

    /// Runs `callreport ARGS` as the main demo account (session), or with `env` instead (an
    /// empty value removes the variable).
    pub(crate) fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = self.command(args);
        for (key, value) in env {
            if value.is_empty() {
                command.env_remove(key);
            } else {
                command.env(key, value);
            }
        }
        command.output().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn count_list_detail_and_recording_work_end_to_end() {
    let server = Served::start(120);
    let count = server.run(&["count"], &[]);
    assert!(count.status.success(), "{}", stderr(&count));
    // The generated calls and the provider's example call.
    assert_eq!(stdout(&count), "121\n");
    let token = server.run(
        &["count", "--json"],
        &[
            ("CALLREPORT_SSID", ""),
            ("CALLREPORT_USER_ID", "10000001"),
            ("CALLREPORT_TOKEN", "demo-token-10000001"),
        ],
    );
    assert_eq!(stdout(&token), "{\"count\":121}\n");

    let lines = server.run(&["list", "--limit", "3", "--jsonl"], &[]);
    let calls: Vec<serde_json::Value> = stdout(&lines)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(calls.len(), 3);
    let table = server.run(&["list", "--limit", "3"], &[]);
    let text = stdout(&table);
    assert!(
        text.contains("Call ID") && text.contains("3 calls"),
        "{text}"
    );
    assert!(stderr(&table).contains("121 calls match"));

    let id = calls[0]["id"].as_str().unwrap();
    let detail = server.run(&["detail", id, "--view", "all", "--json"], &[]);
    let value: serde_json::Value = serde_json::from_slice(&detail.stdout).unwrap();
    assert_eq!(value["id"], id);

    let recorded = server.run(&["list", "--limit", "0", "--jsonl"], &[]);
    let with_recording = stdout(&recorded)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|call| {
            call["agent_legs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|leg| leg["recording"].is_string())
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("call.mp3");
    let download = server.run(
        &[
            "recording",
            with_recording["id"].as_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(download.status.success(), "{}", stderr(&download));
    assert!(std::fs::metadata(&file).unwrap().len() > 0);
}

/// Arguments, environment changes, the exit code and a part of the message.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], i32, &'a str);

#[test]
fn failures_print_one_line_and_exit_with_their_kind() {
    let server = Served::start(20);
    let cases: [Case<'_>; 5] = [
        (&["count"], &[("CALLREPORT_SSID", "")], 2, "no credentials"),
        (&["count", "--from", "soon"], &[], 2, "is not a time"),
        (
            &["count"],
            &[("CALLREPORT_SSID", "expired-session")],
            3,
            "Invalid token (code 1014)",
        ),
        (
            &["count"],
            &[("CALLREPORT_SSID", "demo-session-10000002")],
            3,
            "Permission denied (code 1015)",
        ),
        (
            &["count", "--attempts", "1"],
            &[("CALLREPORT_BASE_URL", "http://127.0.0.1:9")],
            4,
            "could not reach the server",
        ),
    ];
    for (args, env, code, message) in cases {
        let output = server.run(args, env);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
        assert!(
            text.starts_with("error: ") && text.contains(message),
            "{args:?}: {text}"
        );
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(!text.contains("expired-session"), "secrets never printed");
    }
}

#[test]
fn the_demo_tour_runs_server_and_client_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["demo", "--calls", "80"])
        .env("CALLREPORT_DB", dir.path().join("tour.sqlite"))
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    for expected in [
        "$ callreport count\n80\n",
        "$ callreport list --limit 5",
        "$ callreport detail ",
        "$ callreport recording ",
        "bytes)",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}
