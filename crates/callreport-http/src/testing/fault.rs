//! What a scripted request is answered with instead of the server's own answer.

use std::time::Duration;

use callreport_model::{ApiCode, ApiError, Response};
use serde_json::Value;

/// A scripted answer: an API error, a delay, an HTTP failure, a broken body, a dropped
/// connection, or exact bytes.
///
/// Faults are written on the socket as they are, so a client sees what a misbehaving
/// provider or proxy would send: no header is added or fixed up.
#[derive(Clone, Debug)]
pub struct Fault(pub(crate) Action);

/// How the test server answers one request.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    /// The server's own answer, untouched.
    Forward,
    /// Wait, then do the rest.
    Delay(Duration, Box<Action>),
    /// Write these bytes, then close.
    Raw(Vec<u8>),
    /// Close without answering.
    Close,
    /// The server's own answer with its head as sent and only the first `keep` bytes of its
    /// body (half of it when `None`), then close.
    Truncate { keep: Option<u64> },
    /// Write `head`, then up to `total` body bytes in chunks of `chunk`, one every `every`,
    /// then close; stops as soon as the client goes away.
    Stream {
        head: Vec<u8>,
        chunk: usize,
        every: Duration,
        total: u64,
    },
}

/// The longest an endless body runs: it is bounded so that a client that never stops reading
/// cannot keep a test running for ever.
const ENDLESS_LIMIT: u64 = 1 << 30;

impl Fault {
    /// The provider's error envelope for `code` (HTTP 200, as the provider answers errors),
    /// with the code's usual message.
    #[must_use]
    pub fn api_error(code: ApiCode) -> Self {
        let body = Response::<Value>::error(ApiError::new(code)).to_json();
        Self::json(&body)
    }

    /// The server's own answer, after `delay`.
    #[must_use]
    pub fn latency(delay: Duration) -> Self {
        Self(Action::Delay(delay, Box::new(Action::Forward)))
    }

    /// `429 Too Many Requests` with `Retry-After` in whole seconds (rounded up).
    #[must_use]
    pub fn too_many_requests(retry_after: Duration) -> Self {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        Self::status(
            429,
            &[
                ("Retry-After", &seconds.to_string()),
                ("Content-Type", "text/plain"),
            ],
            b"Too Many Requests",
        )
    }

    /// `502 Bad Gateway` with an HTML page, as a proxy in front of the provider answers.
    #[must_use]
    pub fn html_bad_gateway() -> Self {
        Self::status(
            502,
            &[("Content-Type", "text/html")],
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        )
    }

    /// The server's own answer, its `Content-Length` unchanged, cut after half of its body:
    /// a truncated JSON page, or a recording cut off midway.
    #[must_use]
    pub fn truncated() -> Self {
        Self(Action::Truncate { keep: None })
    }

    /// The server's own answer cut after `bytes` bytes of its body.
    #[must_use]
    pub fn truncated_after(bytes: u64) -> Self {
        Self(Action::Truncate { keep: Some(bytes) })
    }

    /// A `200` answer without a length whose body never ends: 4 KiB of filler every
    /// `every`, until the client goes away (or after 1 GiB).
    #[must_use]
    pub fn endless_body(every: Duration) -> Self {
        Self::stream(200, None, 4096, every, ENDLESS_LIMIT)
    }

    /// The connection closed without an answer.
    #[must_use]
    pub fn close() -> Self {
        Self(Action::Close)
    }

    /// `fault`, after `delay`.
    #[must_use]
    pub fn delayed(delay: Duration, fault: Self) -> Self {
        Self(Action::Delay(delay, Box::new(fault.0)))
    }

    /// An answer with this status, headers and body (`Content-Length` and `Connection: close`
    /// are added).
    #[must_use]
    pub fn status(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            reason(status),
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        Self::raw(bytes)
    }

    /// A `200` answer with this JSON (or anything) as an `application/json` body.
    #[must_use]
    pub fn json(body: &str) -> Self {
        Self::status(
            200,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }

    /// A `status` answer that announces `announced` body bytes (none: no `Content-Length`, the
    /// body ends with the connection) and sends up to `total`, `chunk` bytes every `every`.
    #[must_use]
    pub fn stream(
        status: u16,
        announced: Option<u64>,
        chunk: usize,
        every: Duration,
        total: u64,
    ) -> Self {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nConnection: close\r\n",
            reason(status)
        );
        if let Some(length) = announced {
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        head.push_str("\r\n");
        Self(Action::Stream {
            head: head.into_bytes(),
            chunk: chunk.max(1),
            every,
            total,
        })
    }

    /// Exactly these bytes (status line, headers and body), then the connection closes.
    #[must_use]
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self(Action::Raw(bytes.into()))
    }
}

/// A reason phrase for the status line (clients ignore it; people reading captures do not).
fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("Unknown")
}
