//! A tiny HTTP server on 127.0.0.1 that answers from a script: wrong statuses, broken bodies,
//! slow answers, dropped connections.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the fault server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) body: String,
}

/// What to do with a request.
pub(crate) enum Action {
    /// Write these bytes, then close.
    Raw(Vec<u8>),
    /// Wait, then do the rest.
    Delay(Duration, Box<Action>),
    /// Close without answering.
    Close,
    /// Write `head`, then up to `total` body bytes in chunks of `chunk`, one every `every`,
    /// then close; stops as soon as the client goes away.
    Stream {
        head: Vec<u8>,
        chunk: usize,
        every: Duration,
        total: u64,
    },
}

impl Action {
    pub(crate) fn status(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let mut out = format!(
            "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(body);
        Self::Raw(bytes)
    }

    pub(crate) fn json(body: &str) -> Self {
        Self::status(
            200,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }

    /// A `status` answer announcing `announced` bytes (none: no `Content-Length`, the body
    /// ends when the connection does) and sending up to `total`, a chunk every `every`.
    pub(crate) fn stream(
        status: u16,
        announced: Option<u64>,
        chunk: usize,
        every: Duration,
        total: u64,
    ) -> Self {
        let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
        if let Some(length) = announced {
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        head.push_str("\r\n");
        Self::Stream {
            head: head.into_bytes(),
            chunk,
            every,
            total,
        }
    }

    /// Announces `announced` bytes but sends only `body`, then closes.
    pub(crate) fn cut(announced: usize, body: &[u8]) -> Self {
        let mut bytes = format!("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: audio/mpeg\r\nContent-Length: {announced}\r\n\r\n").into_bytes();
        bytes.extend_from_slice(body);
        Self::Raw(bytes)
    }
}

type Script = dyn Fn(usize, &Seen) -> Action + Send + Sync;

/// The server: its address and every request it saw, in order.
pub(crate) struct FaultServer {
    pub(crate) addr: SocketAddr,
    pub(crate) seen: Arc<Mutex<Vec<Seen>>>,
    /// Body bytes the socket accepted from [`Action::Stream`]s, on every connection.
    sent: Arc<AtomicU64>,
}

impl FaultServer {
    /// Starts a server answering request number `n` (from 0) with `script(n, request)`.
    pub(crate) async fn start(
        script: impl Fn(usize, &Seen) -> Action + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = Arc::clone(&seen);
        let sent = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&sent);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let script = Arc::clone(&script);
                let log = Arc::clone(&log);
                let counter = Arc::clone(&counter);
                tokio::spawn(async move { serve(stream, &*script, &log, &counter).await });
            }
        });
        Self { addr, seen, sent }
    }

    /// Body bytes sent by streamed answers so far.
    pub(crate) fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, script: &Script, log: &Mutex<Vec<Seen>>, sent: &AtomicU64) {
    let Some(seen) = read_request(&mut stream).await else {
        return;
    };
    let number = {
        let mut log = log.lock().unwrap();
        log.push(seen.clone());
        log.len() - 1
    };
    let mut action = script(number, &seen);
    loop {
        match action {
            Action::Delay(wait, then) => {
                tokio::time::sleep(wait).await;
                action = *then;
            }
            Action::Raw(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Action::Close => return,
            Action::Stream {
                head,
                chunk,
                every,
                total,
            } => {
                if stream.write_all(&head).await.is_err() {
                    return;
                }
                let block = vec![b'x'; chunk];
                let mut written = 0_u64;
                while written < total {
                    let size = block.len().min(usize::try_from(total - written).unwrap());
                    if stream.write_all(&block[..size]).await.is_err() {
                        return;
                    }
                    written += size as u64;
                    sent.fetch_add(size as u64, Ordering::Relaxed);
                    if !every.is_zero() {
                        tokio::time::sleep(every).await;
                    }
                }
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let length: usize = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = String::from_utf8_lossy(&buffer[head_end..]).into_owned();
    Some(Seen { method, path, body })
}
