//! A file of a [`FileStore`](super::FileStore) written from async code (a download copied into
//! the store as it arrives), published only when complete.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use object_store::buffered::BufWriter;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::failed_on;
use crate::error::StoreError;

/// Parts uploaded at once, as for [`FileWriter`](super::FileWriter).
const PARTS_IN_FLIGHT: usize = 2;

/// A file being written from async code: write it as an [`AsyncWrite`], then
/// [`commit`](Self::commit) to publish it under its name or [`abort`](Self::abort) to leave
/// nothing. A file smaller than one part is published by one write at the commit; a larger
/// one is a multipart upload.
pub struct FileUpload {
    writer: BufWriter,
    /// For errors, which say what failed without it.
    name: String,
    written: u64,
}

impl FileUpload {
    pub(super) fn new(writer: BufWriter, name: &str) -> Self {
        Self {
            writer: writer.with_max_concurrency(PARTS_IN_FLIGHT),
            name: name.to_owned(),
            written: 0,
        }
    }

    /// Bytes written so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Publishes the file under its name, whole; answers its size in bytes.
    ///
    /// # Errors
    /// The store refused a part or the completion; nothing is published then.
    pub async fn commit(mut self) -> Result<u64, StoreError> {
        self.writer
            .shutdown()
            .await
            .map_err(|error| failed_on(&self.name, &error))?;
        Ok(self.written)
    }

    /// Abandons the file: nothing is published and the parts sent are removed.
    pub async fn abort(mut self) {
        if let Err(error) = self.writer.abort().await {
            let error = failed_on(&self.name, &error);
            tracing::warn!(error = %error, "an unfinished file's parts cannot be removed");
        }
    }
}

impl AsyncWrite for FileUpload {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.writer).poll_write(cx, buf);
        if let Poll::Ready(Ok(count)) = written {
            self.written += count as u64;
        }
        written
    }

    /// Parts go out as they fill; publishing is [`FileUpload::commit`]'s.
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Publishing is [`FileUpload::commit`]'s, which also reports its failure.
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}
