//! A server on 127.0.0.1 that answers API requests at once and sends downloads slowly, so a
//! test can signal the CLI while a file is being written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

/// How long a slow download keeps dripping before it gives up: longer than any test waits.
const DRIP_FOR: Duration = Duration::from_secs(20);

/// What the server answers.
#[derive(Clone)]
pub(crate) struct Answers {
    /// The JSON body of every POST.
    pub(crate) post: String,
}

/// Starts the server: every POST gets `answers.post`, every GET a download of 10 MB that
/// sends 1 KiB and then a byte every 100 ms.
pub(crate) fn start(answers: Answers) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let answers = answers.clone();
            std::thread::spawn(move || serve(stream, &answers));
        }
    });
    addr
}

fn serve(stream: TcpStream, answers: &Answers) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut length = 0_usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0_u8; length];
    let _ = reader.read_exact(&mut body);
    let mut stream = stream;
    if first.starts_with("POST") {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
            answers.post.len(),
            answers.post
        );
        return;
    }
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n"
    );
    let _ = stream.write_all(&[b'x'; 1024]);
    let started = std::time::Instant::now();
    while started.elapsed() < DRIP_FOR {
        if stream.write_all(b"x").is_err() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
