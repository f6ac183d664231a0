//! The test server's front: it reads each request, records it, and answers it with its
//! scripted fault or with the server's own answer, fetched over loopback.
//!
//! One request per connection: answers say `Connection: close`, so that every request a
//! client sends passes here and can be scripted.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::testing::fault::Action;
use crate::testing::received::{self, ReceivedRequest, Unreadable};
use crate::testing::script::Script;

/// What the front shares with the [`TestServer`](crate::testing::TestServer).
#[derive(Debug, Default)]
pub(crate) struct FrontState {
    pub(crate) script: Mutex<Script>,
    pub(crate) received: Mutex<Vec<ReceivedRequest>>,
    /// Body bytes the sockets accepted from streamed faults.
    pub(crate) streamed: AtomicU64,
}

impl FrontState {
    pub(crate) fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn received(&self) -> std::sync::MutexGuard<'_, Vec<ReceivedRequest>> {
        self.received.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Accepts connections until the task is dropped with its runtime.
pub(crate) async fn run(listener: TcpListener, server: SocketAddr, state: Arc<FrontState>) {
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        tokio::spawn(answer(stream, server, Arc::clone(&state)));
    }
}

async fn answer(mut client: TcpStream, server: SocketAddr, state: Arc<FrontState>) {
    let mut incoming = match received::read_head(&mut client).await {
        Ok(incoming) => incoming,
        Err(Unreadable::Gone) => return,
        Err(Unreadable::Refused(why)) => {
            let _ = write_refusal(&mut client, why).await;
            return;
        }
    };
    if incoming.expects_continue
        && client
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .is_err()
    {
        return;
    }
    if received::read_body(&mut client, &mut incoming)
        .await
        .is_err()
    {
        return;
    }
    let request = incoming.request;
    let number = {
        let mut received = state.received();
        received.push(request.clone());
        received.len() - 1
    };
    let mut action = state.script().answer(number, &request);
    loop {
        match action {
            Action::Delay(wait, then) => {
                tokio::time::sleep(wait).await;
                action = *then;
            }
            Action::Forward => {
                let _ = forward(&mut client, server, &request).await;
                break;
            }
            Action::Truncate { keep } => {
                let _ = truncate(&mut client, server, &request, keep).await;
                break;
            }
            Action::Raw(bytes) => {
                let _ = client.write_all(&bytes).await;
                break;
            }
            Action::Close => return,
            Action::Stream {
                head,
                chunk,
                every,
                total,
            } => {
                stream(&mut client, &head, chunk, every, total, &state.streamed).await;
                break;
            }
        }
    }
    let _ = client.shutdown().await;
}

/// The server's answer, passed on as it comes.
async fn forward(
    client: &mut TcpStream,
    server: SocketAddr,
    request: &ReceivedRequest,
) -> std::io::Result<()> {
    let mut upstream = TcpStream::connect(server).await?;
    upstream.write_all(&request.forwarded()).await?;
    tokio::io::copy(&mut upstream, client).await?;
    Ok(())
}

/// The server's answer with its head and only part of its body.
async fn truncate(
    client: &mut TcpStream,
    server: SocketAddr,
    request: &ReceivedRequest,
    keep: Option<u64>,
) -> std::io::Result<()> {
    let mut upstream = TcpStream::connect(server).await?;
    upstream.write_all(&request.forwarded()).await?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await?;
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(answer.len(), |at| at + 4);
    let body = answer.len() - head_end;
    let kept = keep.map_or(body / 2, |keep| {
        usize::try_from(keep).unwrap_or(usize::MAX).min(body)
    });
    client.write_all(&answer[..head_end + kept]).await
}

/// `head`, then up to `total` bytes, `chunk` at a time, one every `every`; counted in `sent`.
async fn stream(
    client: &mut TcpStream,
    head: &[u8],
    chunk: usize,
    every: Duration,
    total: u64,
    sent: &AtomicU64,
) {
    if client.write_all(head).await.is_err() {
        return;
    }
    let block = vec![b'x'; chunk];
    let mut written = 0_u64;
    while written < total {
        let size = usize::try_from(total - written).map_or(block.len(), |left| left.min(chunk));
        if client.write_all(&block[..size]).await.is_err() {
            return;
        }
        written += size as u64;
        sent.fetch_add(size as u64, Ordering::Relaxed);
        if !every.is_zero() {
            tokio::time::sleep(every).await;
        }
    }
}

async fn write_refusal(client: &mut TcpStream, why: &str) -> std::io::Result<()> {
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{why}",
        why.len()
    );
    client.write_all(answer.as_bytes()).await
}
