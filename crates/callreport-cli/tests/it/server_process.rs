//! A `callreport serve` process for tests of what outlives a request: its database setting,
//! flags and the test-hooks page pause that slows its exports down.

use std::ffi::OsStr;
use std::io::BufReader;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{BIN, post};

pub(crate) const SESSION: &str = "demo-session-10000001";

/// A server process over `db`, with `args` after `serve`, and the test-hooks page pause.
pub(crate) struct Process {
    pub(crate) child: Child,
    pub(crate) addr: SocketAddr,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Process {
    pub(crate) fn start(db: impl AsRef<OsStr>, args: &[&str], page_pause_ms: u64) -> Self {
        Self::start_with_env(db, args, page_pause_ms, &[])
    }

    /// As [`Process::start`], with more environment: the files of a PostgreSQL store
    /// (`CALLREPORT_FILES`), where export files are kept.
    pub(crate) fn start_with_env(
        db: impl AsRef<OsStr>,
        args: &[&str],
        page_pause_ms: u64,
        env: &[(String, String)],
    ) -> Self {
        let mut command = Command::new(BIN);
        command.envs(env.iter().map(|(name, value)| (name, value)));
        command
            .arg("serve")
            .args(args)
            .env("CALLREPORT_DB", db.as_ref())
            .env("CALLREPORT_ADDR", "127.0.0.1:0")
            .env(
                "CALLREPORT_TEST_EXPORT_PAGE_PAUSE_MS",
                page_pause_ms.to_string(),
            )
            .stderr(Stdio::null());
        let (child, addr, stdout) = crate::spawn_server(&mut command);
        Self {
            child,
            addr,
            _stdout: stdout,
        }
    }

    pub(crate) fn call(&self, endpoint: &str, params: &str) -> Value {
        let body = format!("{{\"ssid\":\"{SESSION}\"{params}}}");
        let response = post(self.addr, &format!("/api/v2/CallReport/{endpoint}"), &body);
        serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap()
    }

    pub(crate) fn create(&self) -> Value {
        self.call("exportCsv", r#","frmt":"csv""#)
    }

    pub(crate) fn status(&self, id: &str) -> Value {
        self.call("exportStatus", &format!(r#","expId":"{id}""#))
    }

    /// Waits (at most 30 s) until the status of `id` satisfies `done`.
    pub(crate) fn status_until(&self, id: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let status = self.status(id);
            if done(&status) {
                return status;
            }
            assert!(Instant::now() < deadline, "never reached: {status}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The names of the files in `folder` (none when it does not exist).
pub(crate) fn files_in(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder).map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        },
    )
}
