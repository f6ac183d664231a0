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
/// nothing. A file of less than one part is kept in memory and published by one write at the
/// commit, so that nothing of it is stored before; a larger one is a multipart upload, whose
/// parts a drop without `abort` removes when the runtime still runs.
pub struct FileUpload {
    /// `None` once committed or aborted.
    writer: Option<BufWriter>,
    /// For errors, which say what failed without it.
    name: String,
    written: u64,
}

impl FileUpload {
    pub(super) fn new(writer: BufWriter, name: &str) -> Self {
        Self {
            writer: Some(writer.with_max_concurrency(PARTS_IN_FLIGHT)),
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
        if let Some(mut writer) = self.writer.take() {
            writer
                .shutdown()
                .await
                .map_err(|error| failed_on(&self.name, &error))?;
        }
        Ok(self.written)
    }

    /// Abandons the file: nothing is published and the parts sent are removed.
    pub async fn abort(mut self) {
        if let Some(writer) = self.writer.take() {
            abort(writer, &self.name).await;
        }
    }
}

async fn abort(mut writer: BufWriter, name: &str) {
    if let Err(error) = writer.abort().await {
        let error = failed_on(name, &error);
        tracing::warn!(error = %error, "an unfinished file's parts cannot be removed");
    }
}

impl Drop for FileUpload {
    /// An upload dropped unfinished (its task cancelled) is aborted beside, if it can be.
    fn drop(&mut self) {
        let Some(writer) = self.writer.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let name = std::mem::take(&mut self.name);
            runtime.spawn(async move { abort(writer, &name).await });
        }
    }
}

impl AsyncWrite for FileUpload {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let Some(writer) = self.writer.as_mut() else {
            return Poll::Ready(Err(io::Error::other("the file is already finished")));
        };
        let written = Pin::new(writer).poll_write(cx, buf);
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
