//! The `callreport` binary, run as a process: every command.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on the first surprise"
)]

mod client;
mod decode;
mod export;
mod export_jobs;
mod exports;
mod help;
mod import;
mod interrupt;
mod migrate;
mod output_files;
mod profiles;
mod push_key;
mod recordings;
#[cfg(feature = "postgres")]
mod replicas;
mod scripting;
mod serve;
mod serve_limits;
mod serve_logs;
mod served;
mod server_process;
mod sync;
mod time_window;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_callreport");

/// The address a `callreport serve` banner's first line names
/// (`Call Report API on http://127.0.0.1:PORT  (database …)`).
pub(crate) fn banner_addr(first_line: &str) -> SocketAddr {
    first_line
        .strip_prefix("Call Report API on http://")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
}

/// Starts a `callreport serve` command with its standard output piped and reads the banner's
/// first line: the process, the address it listens on, and the rest of its standard output (to
/// keep open while it runs: the server writes more of its banner, and a last line when it stops).
pub(crate) fn spawn_server(command: &mut Command) -> (Child, SocketAddr, BufReader<ChildStdout>) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    (child, banner_addr(&first), stdout)
}

/// POSTs `body` to `path` over a plain socket; the whole response, headers included.
pub(crate) fn post(addr: SocketAddr, path: &str, body: &str) -> String {
    let mut socket = TcpStream::connect(addr).unwrap();
    write!(
        socket,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).unwrap();
    response
}
