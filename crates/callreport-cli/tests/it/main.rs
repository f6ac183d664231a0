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

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

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
