//! Reading answers within the client's bounds: API answers up to a size, error bodies only in
//! part, downloads streamed with a stall timeout.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::Stream;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use crate::client::error::{Error, ErrorKind};

/// The most memory reserved up front from a `Content-Length` the server announced.
const MAX_RESERVED: u64 = 8 << 20;

/// How far a download has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes received so far.
    pub received: u64,
    /// Bytes in all, when the server announced them.
    pub total: Option<u64>,
}

/// Sends a download's request; no answer within `stall` is [`ErrorKind::Stalled`].
pub(crate) async fn send(
    request: reqwest::RequestBuilder,
    stall: Duration,
) -> Result<reqwest::Response, Error> {
    tokio::time::timeout(stall, request.send())
        .await
        .map_err(|_| Error::new(ErrorKind::Stalled { after: stall }))?
        .map_err(Error::from_reqwest)
}

/// Reads a whole answer of at most `limit` bytes: a larger `Content-Length` is refused before
/// any of the body is read, and a body without one stops being read once past the limit.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Error> {
    let too_large = || Error::new(ErrorKind::BodyTooLarge { limit });
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let reserved = announced.unwrap_or(0).min(MAX_RESERVED);
    let mut body = BytesMut::with_capacity(usize::try_from(reserved).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The first `limit` bytes of an error answer's body (all of it when shorter); the rest is not
/// read. Stops early, keeping what came, on a broken connection or `stall` without a byte.
pub(crate) async fn read_error_body(
    mut response: reqwest::Response,
    limit: u64,
    stall: Duration,
) -> Bytes {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = BytesMut::new();
    while body.len() < limit {
        match tokio::time::timeout(stall, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            _ => break,
        }
    }
    body.freeze()
}

/// Streams a body into `writer`, reporting progress, giving up after `stall` without a byte;
/// answers the bytes written. A body shorter or longer than its `Content-Length` is an error.
pub(crate) async fn copy_body<W: AsyncWrite + Unpin>(
    mut response: reqwest::Response,
    writer: &mut W,
    stall: Duration,
    mut progress: impl FnMut(Progress),
) -> Result<u64, Error> {
    let total = response.content_length();
    let mut received = 0_u64;
    progress(Progress { received, total });
    loop {
        let chunk = tokio::time::timeout(stall, response.chunk())
            .await
            .map_err(|_| Error::new(ErrorKind::Stalled { after: stall }))?
            .map_err(Error::from_reqwest)?;
        let Some(chunk) = chunk else { break };
        writer.write_all(&chunk).await.map_err(Error::io)?;
        received += chunk.len() as u64;
        progress(Progress { received, total });
    }
    writer.flush().await.map_err(Error::io)?;
    match total {
        Some(expected) if expected != received => {
            Err(Error::new(ErrorKind::Incomplete { expected, received }))
        }
        _ => Ok(received),
    }
}

/// A body as a stream of chunks, for a caller that consumes it at its own pace: an item fails
/// after `stall` without a byte, or at `deadline`, and the stream then ends.
pub(crate) fn bounded_chunks(
    response: reqwest::Response,
    stall: Duration,
    deadline: Instant,
    limit: Duration,
    what: &'static str,
) -> impl Stream<Item = Result<Bytes, Error>> + use<> {
    futures::stream::unfold(Some(response), move |state| async move {
        let mut response = state?;
        let stalled_at = Instant::now() + stall;
        let (until, late) = if stalled_at < deadline {
            (stalled_at, ErrorKind::Stalled { after: stall })
        } else {
            (
                deadline,
                ErrorKind::Deadline {
                    what: what.to_owned(),
                    limit,
                },
            )
        };
        let next = match tokio::time::timeout_at(until, response.chunk()).await {
            Err(_) => Err(Error::new(late)),
            Ok(read) => read.map_err(Error::from_reqwest),
        };
        match next {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
            Ok(None) => None,
            Err(error) => Some((Err(error), None)),
        }
    })
}
