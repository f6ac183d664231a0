//! A file from the file store sent as a response body, read as the client takes it.

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt as _};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use sync_wrapper::SyncStream;

use crate::server::respond::Body;

/// A body of the bytes of `chunks`, taken as the client takes them. (A body must be `Sync`;
/// the stream is only ever polled through `&mut`, which `SyncStream` makes use of.)
pub(super) fn stream_body(chunks: BoxStream<'static, std::io::Result<Bytes>>) -> Body {
    let frames = SyncStream::new(chunks.map(|chunk| chunk.map(Frame::data)));
    BodyExt::boxed(StreamBody::new(frames))
}
