//! A `callreport serve --demo` process for a test: started on a free loopback port, its log
//! in a file, stopped with SIGTERM (or killed when a test fails first).

use std::fs::File;
use std::io::BufReader;
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, Stdio};

use tempfile::TempDir;

use crate::BIN;

/// A running server.
pub(crate) struct Served {
    child: Child,
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    dir: TempDir,
    /// Kept open: the server prints a last line when it stops.
    _stdout: BufReader<ChildStdout>,
}

impl Served {
    /// `serve --demo --calls 20` with `extra` flags, logging at `RUST_LOG=info`.
    pub(crate) fn start(extra: &[&str]) -> Self {
        Self::launch(Command::new(BIN), extra, "info")
    }

    /// The same, with its open files limited to `limit` (`ulimit -n`).
    pub(crate) fn start_with_file_limit(limit: u32, extra: &[&str]) -> Self {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
            BIN,
        ]);
        Self::launch(command, extra, "info")
    }

    /// The same, logging at `level`.
    pub(crate) fn start_logging(level: &str, extra: &[&str]) -> Self {
        Self::launch(Command::new(BIN), extra, level)
    }

    fn launch(mut command: Command, extra: &[&str], level: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = File::create(dir.path().join("server.log")).unwrap();
        command
            .args(["serve", "--demo", "--calls", "20", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("CALLREPORT_DB", dir.path().join("demo.sqlite"))
            .env("RUST_LOG", level)
            .stderr(Stdio::from(log));
        let (child, addr, stdout) = crate::spawn_server(&mut command);
        Self {
            child,
            addr,
            dir,
            _stdout: stdout,
        }
    }

    /// Stops the server with SIGTERM; its log.
    pub(crate) fn stop(mut self) -> String {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(self.child.wait().unwrap().success());
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
