//! A range of a local file as a stream of large chunks, each read on a blocking thread.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;

use bytes::Bytes;
use futures::stream::{self, BoxStream, StreamExt};

/// Bytes read per blocking task.
const CHUNK: u64 = 256 * 1024;

/// The bytes of `range` of `file`, in chunks of at most [`CHUNK`].
pub(super) fn chunks(file: File, range: Range<u64>) -> BoxStream<'static, io::Result<Bytes>> {
    let state = (Some(file), range.start, range.end);
    stream::unfold(state, |(file, at, end)| async move {
        let file = file?;
        if at >= end {
            return None;
        }
        let length = (end - at).min(CHUNK);
        let read = tokio::task::spawn_blocking(move || read_at(file, at, length)).await;
        match read {
            Ok(Ok((file, bytes))) => {
                let next = at + bytes.len() as u64;
                Some((Ok(bytes), (Some(file), next, end)))
            }
            Ok(Err(error)) => Some((Err(error), (None, at, end))),
            Err(error) => Some((Err(io::Error::other(error)), (None, at, end))),
        }
    })
    .boxed()
}

/// `length` bytes of `file` from `at`; a file that became shorter is an error.
fn read_at(mut file: File, at: u64, length: u64) -> io::Result<(File, Bytes)> {
    file.seek(SeekFrom::Start(at))?;
    let mut buffer = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    (&mut file).take(length).read_to_end(&mut buffer)?;
    if (buffer.len() as u64) < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the file became shorter while it was read",
        ));
    }
    Ok((file, Bytes::from(buffer)))
}
