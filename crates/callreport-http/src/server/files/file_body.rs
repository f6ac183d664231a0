//! A file sent as a response body, read in chunks as the client takes them.

use std::io::SeekFrom;

use bytes::Bytes;
use futures::stream::{self, BoxStream, StreamExt as _};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use sync_wrapper::SyncStream;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::server::respond::Body;

/// Bytes read from the file per chunk.
const CHUNK: u64 = 64 * 1024;

/// `length` bytes of the file from `start`, read in chunks as the client takes them.
pub(super) async fn file_body(
    mut file: tokio::fs::File,
    start: u64,
    length: u64,
) -> std::io::Result<Body> {
    file.seek(SeekFrom::Start(start)).await?;
    let chunks = stream::unfold((file, length), |(mut file, remaining)| async move {
        if remaining == 0 {
            return None;
        }
        let mut buffer = vec![0; usize::try_from(remaining.min(CHUNK)).unwrap_or(0)];
        match file.read(&mut buffer).await {
            Ok(0) => {
                let short = std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the recording file became shorter while it was sent",
                );
                Some((Err(short), (file, 0)))
            }
            Ok(read) => {
                buffer.truncate(read);
                let sent = u64::try_from(read).unwrap_or(remaining);
                let frame = Frame::data(Bytes::from(buffer));
                Some((Ok(frame), (file, remaining - sent)))
            }
            Err(error) => Some((Err(error), (file, 0))),
        }
    });
    Ok(BodyExt::boxed(StreamBody::new(chunks)))
}

/// A body of the bytes of `chunks`, taken as the client takes them. (A body must be `Sync`;
/// the stream is only ever polled through `&mut`, which `SyncStream` makes use of.)
pub(super) fn stream_body(chunks: BoxStream<'static, std::io::Result<Bytes>>) -> Body {
    let frames = SyncStream::new(chunks.map(|chunk| chunk.map(Frame::data)));
    BodyExt::boxed(StreamBody::new(frames))
}
