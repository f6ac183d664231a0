//! The one error type of the client.

mod kind;

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use callreport_model::{ApiCode, ApiError, DecodeError};

pub use self::kind::ErrorKind;

/// How much of a body an error keeps: enough to recognise an HTML error page, not a whole file.
const KEPT_BODY: usize = 512;

/// An error of the client: its [`ErrorKind`], and the dependency error behind it, reachable
/// through [`std::error::Error::source`].
///
/// `Display` gives one line saying what failed and what to do; it never contains credentials,
/// recording tokens or phone numbers.
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    pub(crate) fn api(error: ApiError) -> Self {
        Self::new(ErrorKind::Api {
            code: error.code,
            message: error.message,
        })
    }

    pub(crate) fn decode(error: &DecodeError, body: &[u8]) -> Self {
        Self::new(ErrorKind::Decode {
            path: error.path().to_owned(),
            detail: error.detail().to_owned(),
            body: kept_body(body),
        })
    }

    pub(crate) fn http(status: u16, body: &[u8], retry_after: Option<Duration>) -> Self {
        Self::new(ErrorKind::Http {
            status,
            body: kept_body(body),
            retry_after,
        })
    }

    pub(crate) fn io(source: std::io::Error) -> Self {
        Self::with_source(ErrorKind::Io, source)
    }

    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            ErrorKind::Timeout
        } else if error.is_builder() {
            ErrorKind::Config("the request could not be built".to_owned())
        } else {
            ErrorKind::Connect
        };
        // reqwest errors can print the URL, and a recording URL carries a token.
        Self::with_source(kind, error.without_url())
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The provider's code, for an API error.
    #[must_use]
    pub fn api_code(&self) -> Option<&ApiCode> {
        match &self.kind {
            ErrorKind::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the same request may succeed later: API codes 1009 and 1010, timeouts, broken
    /// connections, HTTP 5xx and 429.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match &self.kind {
            ErrorKind::Api { code, .. } => code.retryable(),
            ErrorKind::Timeout | ErrorKind::Connect => true,
            ErrorKind::Http { status, .. } => *status == 429 || (500..600).contains(status),
            _ => false,
        }
    }

    /// How long the server asked to wait before trying again.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.kind {
            ErrorKind::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn kept_body(body: &[u8]) -> String {
    let cut = &body[..body.len().min(KEPT_BODY)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if body.len() > KEPT_BODY {
        text.push('…');
    }
    text
}

/// A duration as people read it: `5 s`, `1.5 s`, `250 ms`.
fn seconds(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Api { code, message } => {
                write!(
                    f,
                    "the API refused the request: {message} (code {code}); {}",
                    code.advice()
                )
            }
            ErrorKind::Timeout => f.write_str("no answer in time; retry, or raise the timeout"),
            ErrorKind::Connect => {
                f.write_str("could not reach the server; check the base URL and the network")
            }
            ErrorKind::Decode { path, detail, .. } if path.is_empty() => {
                write!(f, "the answer is not what the API documents: {detail}")
            }
            ErrorKind::Decode { path, detail, .. } => {
                write!(
                    f,
                    "the answer is not what the API documents: {path}: {detail}"
                )
            }
            ErrorKind::Http { status, .. } => {
                write!(
                    f,
                    "the server answered HTTP {status} instead of a JSON answer"
                )
            }
            ErrorKind::Redirect { host } => write!(
                f,
                "the server redirected to another host ({host}); not followed, as it would receive the credentials"
            ),
            ErrorKind::Incomplete { expected, received } => write!(
                f,
                "the download stopped after {received} of {expected} bytes; nothing was kept, retry"
            ),
            ErrorKind::BodyTooLarge { limit } => write!(
                f,
                "the answer is larger than the client's limit of {limit} bytes (max_body_bytes); nothing more was read"
            ),
            ErrorKind::Deadline { what, limit } => write!(
                f,
                "{what} did not finish within {}; raise the timeout",
                seconds(*limit)
            ),
            ErrorKind::Stalled { after } => write!(
                f,
                "the download stalled: no data for {}; retry, or raise the stall timeout",
                seconds(*after)
            ),
            ErrorKind::CursorRepeated { pages } => write!(
                f,
                "the server repeated a page cursor (nxt) after {pages} pages; stopped, as paging on would repeat the same calls forever"
            ),
            ErrorKind::Io => f.write_str("a local file could not be read or written"),
            ErrorKind::Config(what) => write!(f, "invalid client configuration: {what}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use callreport_model::{ApiCode, ApiError};

    use super::{Error, ErrorKind};

    #[test]
    fn retryable_kinds() {
        assert!(Error::api(ApiError::new(ApiCode::SomethingWentWrong)).is_retryable());
        assert!(!Error::api(ApiError::new(ApiCode::InvalidToken)).is_retryable());
        assert!(Error::http(502, b"<html>", None).is_retryable());
        assert!(Error::http(429, b"", None).is_retryable());
        assert!(!Error::http(404, b"", None).is_retryable());
        assert!(Error::new(ErrorKind::Timeout).is_retryable());
    }

    #[test]
    fn messages_say_what_to_do() {
        let error = Error::api(ApiError::new(ApiCode::InvalidToken));
        assert_eq!(
            error.to_string(),
            "the API refused the request: Invalid token (code 1014); generate a new token, or use a valid ssid"
        );
        let long = vec![b'x'; 2000];
        let ErrorKind::Http { body, .. } = Error::http(502, &long, None).kind else {
            panic!()
        };
        assert_eq!(body.chars().count(), 513);
    }
}
