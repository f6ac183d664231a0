//! A request as the test server received it, and reading one off a socket.

use std::borrow::Cow;
use std::fmt;

use callreport_model::Endpoint;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::server::route::Route;

/// The largest request head read (the server's own limit is smaller).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The largest request body read.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// One request the test server received, in the order they came.
#[derive(Clone)]
pub struct ReceivedRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl ReceivedRequest {
    /// The method: `POST`, `GET`, ….
    #[must_use]
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, without the query.
    #[must_use]
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    /// The request target as sent: the path and the query.
    #[must_use]
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The Call Report endpoint the request went to, if any.
    #[must_use]
    pub fn endpoint(&self) -> Option<Endpoint> {
        match Route::of(self.path()) {
            Route::Api(endpoint) => Some(endpoint),
            _ => None,
        }
    }

    /// The first header of this name (compared without regard to case).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body's bytes.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    #[must_use]
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body as JSON, when it is JSON.
    #[must_use]
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Neither the target (a recording link holds a token) nor the body (credentials) is shown.
impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("route", &Route::of(self.path()).loggable())
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// The client went away, or sent nothing that looks like HTTP/1.
    Gone,
    /// The request is well formed but not something the test server reads.
    Refused(&'static str),
}

/// A request read off a socket: what was received, and the head to forward.
pub(crate) struct Incoming {
    pub(crate) request: ReceivedRequest,
    /// Whether the client waits for `100 Continue` before it sends the body.
    pub(crate) expects_continue: bool,
    pub(crate) content_length: usize,
    /// Body bytes that came with the head.
    pub(crate) early_body: Vec<u8>,
}

/// Reads a request head; the body is read by [`read_body`].
pub(crate) async fn read_head<S: AsyncRead + Unpin>(
    stream: &mut S,
) -> Result<Incoming, Unreadable> {
    let mut buffer = Vec::new();
    let head_end = loop {
        read_more(stream, &mut buffer).await?;
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Err(Unreadable::Refused("the request head is too large"));
        }
    };
    let head = std::str::from_utf8(&buffer[..head_end]).map_err(|_| Unreadable::Gone)?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target)) = (first.next(), first.next()) else {
        return Err(Unreadable::Gone);
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let mut request = ReceivedRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };
    if request
        .header("transfer-encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"))
    {
        return Err(Unreadable::Refused(
            "the test server reads request bodies with a Content-Length only",
        ));
    }
    let content_length = match request.header("content-length") {
        None => 0,
        Some(value) => value
            .parse()
            .map_err(|_| Unreadable::Refused("the Content-Length is not a number"))?,
    };
    if content_length > MAX_BODY_BYTES {
        return Err(Unreadable::Refused("the request body is too large"));
    }
    let expects_continue = request
        .header("expect")
        .is_some_and(|value| value.eq_ignore_ascii_case("100-continue"));
    request.headers.retain(|(name, _)| {
        !name.eq_ignore_ascii_case("expect") && !name.eq_ignore_ascii_case("connection")
    });
    Ok(Incoming {
        request,
        expects_continue,
        content_length,
        early_body: buffer[head_end..].to_vec(),
    })
}

/// Reads the rest of the body announced in the head.
pub(crate) async fn read_body<S: AsyncRead + Unpin>(
    stream: &mut S,
    incoming: &mut Incoming,
) -> Result<(), Unreadable> {
    let mut body = std::mem::take(&mut incoming.early_body);
    while body.len() < incoming.content_length {
        read_more(stream, &mut body).await?;
    }
    body.truncate(incoming.content_length);
    incoming.request.body = body;
    Ok(())
}

/// Appends what the socket has next to `buffer`; the client going away is [`Unreadable::Gone`].
async fn read_more<S: AsyncRead + Unpin>(
    stream: &mut S,
    buffer: &mut Vec<u8>,
) -> Result<(), Unreadable> {
    let mut chunk = [0_u8; 8192];
    let read = stream
        .read(&mut chunk)
        .await
        .map_err(|_| Unreadable::Gone)?;
    if read == 0 {
        return Err(Unreadable::Gone);
    }
    buffer.extend_from_slice(&chunk[..read]);
    Ok(())
}

impl ReceivedRequest {
    /// The request as it is forwarded to the server: one request per connection.
    pub(crate) fn forwarded(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}
