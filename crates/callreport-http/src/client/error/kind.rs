//! What went wrong: the kinds of client errors, each with what a caller can act on.

use std::fmt;
use std::time::Duration;

use callreport_model::ApiCode;

/// What went wrong, with what a caller can act on.
///
/// Bodies are kept for inspection, but `Debug` shows only their length: a body can carry
/// phone numbers and recording tokens.
#[non_exhaustive]
pub enum ErrorKind {
    /// The API refused the request: its code and message.
    Api {
        /// The provider's code.
        code: ApiCode,
        /// The provider's message.
        message: String,
    },
    /// No answer in time (connect or total timeout).
    Timeout,
    /// The server could not be reached or the connection broke.
    Connect,
    /// The body is not what the API documents; `path` names the field, `body` is the start of
    /// what came.
    Decode {
        /// Where in the body (`data.ctcc[0].sTm`); empty for the body itself.
        path: String,
        /// What was wrong there.
        detail: String,
        /// The first bytes of the body, lossily as text.
        body: String,
    },
    /// An HTTP status the API does not use for answers (a 502 page, a 404, a redirect).
    Http {
        /// The status code.
        status: u16,
        /// The first bytes of the body, lossily as text.
        body: String,
        /// How long the server asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
    },
    /// A redirect to another host, which is never followed: it would carry the credentials.
    Redirect {
        /// The host the redirect pointed to.
        host: String,
    },
    /// A download whose length does not match what the server announced.
    Incomplete {
        /// Bytes announced by `Content-Length`.
        expected: u64,
        /// Bytes received.
        received: u64,
    },
    /// An answer larger than the client buffers ([`ClientBuilder::max_body_bytes`]):
    /// refused from its `Content-Length`, or cut off once that many bytes were read.
    ///
    /// [`ClientBuilder::max_body_bytes`]: crate::client::ClientBuilder::max_body_bytes
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A download or a wait that did not finish within its deadline
    /// ([`ClientBuilder::timeout`], [`ClientBuilder::download_timeout`]).
    ///
    /// [`ClientBuilder::timeout`]: crate::client::ClientBuilder::timeout
    /// [`ClientBuilder::download_timeout`]: crate::client::ClientBuilder::download_timeout
    Deadline {
        /// What did not finish (`the recording download`, `waiting for export …`).
        what: String,
        /// The deadline it had.
        limit: Duration,
    },
    /// A download that received no byte for [`ClientBuilder::stall_timeout`].
    ///
    /// [`ClientBuilder::stall_timeout`]: crate::client::ClientBuilder::stall_timeout
    Stalled {
        /// How long nothing came.
        after: Duration,
    },
    /// The server named a page cursor (`nxt`) it had already given for this range: paging
    /// on would repeat the same rows forever.
    CursorRepeated {
        /// How many pages were read before the repeat.
        pages: u64,
    },
    /// Reading or writing a local file failed.
    Io,
    /// The client was configured in a way that cannot work (a bad base URL).
    Config(String),
}

impl fmt::Debug for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { code, message } => f
                .debug_struct("Api")
                .field("code", code)
                .field("message", message)
                .finish(),
            Self::Timeout => f.write_str("Timeout"),
            Self::Connect => f.write_str("Connect"),
            Self::Decode { path, detail, body } => f
                .debug_struct("Decode")
                .field("path", path)
                .field("detail", detail)
                .field("body_bytes", &body.len())
                .finish(),
            Self::Http {
                status,
                body,
                retry_after,
            } => f
                .debug_struct("Http")
                .field("status", status)
                .field("body_bytes", &body.len())
                .field("retry_after", retry_after)
                .finish(),
            Self::Redirect { host } => f.debug_struct("Redirect").field("host", host).finish(),
            Self::Incomplete { expected, received } => f
                .debug_struct("Incomplete")
                .field("expected", expected)
                .field("received", received)
                .finish(),
            Self::BodyTooLarge { limit } => f
                .debug_struct("BodyTooLarge")
                .field("limit", limit)
                .finish(),
            Self::Deadline { what, limit } => f
                .debug_struct("Deadline")
                .field("what", what)
                .field("limit", limit)
                .finish(),
            Self::Stalled { after } => f.debug_struct("Stalled").field("after", after).finish(),
            Self::CursorRepeated { pages } => f
                .debug_struct("CursorRepeated")
                .field("pages", pages)
                .finish(),
            Self::Io => f.write_str("Io"),
            Self::Config(what) => f.debug_tuple("Config").field(what).finish(),
        }
    }
}
