//! A file of a [`FileStore`](super::FileStore) written from a blocking thread, in parts, and
//! published only when complete.

use std::fmt;
use std::io::{self, Write};

use bytes::Bytes;
use object_store::{MultipartUpload, WriteMultipart};
use tokio::runtime::Handle;

use crate::error::{Cause, StoreError};

/// Parts uploaded at once: enough to overlap the network with writing, few enough to bound
/// memory (this many parts of the store's part size).
const PARTS_IN_FLIGHT: usize = 2;

/// A file being written: [`Write`] it, then [`commit`](Self::commit) to publish it under its
/// name or [`abort`](Self::abort) to leave nothing. Dropped unfinished, a local file's parts are
/// removed; a bucket's unfinished upload stays until the bucket's lifecycle rule ends it.
pub struct FileWriter {
    upload: WriteMultipart,
    pending: Vec<u8>,
    part: usize,
    written: u64,
    runtime: Handle,
}

impl FileWriter {
    pub(super) fn new(upload: Box<dyn MultipartUpload>, part: usize, runtime: Handle) -> Self {
        Self {
            upload: WriteMultipart::new_with_chunk_size(upload, part),
            pending: Vec::with_capacity(part),
            part,
            written: 0,
            runtime,
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
    pub fn commit(mut self) -> Result<u64, StoreError> {
        self.send()
            .map_err(|error| StoreError::Files(Cause::new(error)))?;
        let written = self.written;
        self.runtime
            .block_on(self.upload.finish())
            .map_err(|error| StoreError::Files(Cause::new(error)))?;
        Ok(written)
    }

    /// Abandons the file: nothing is published and its parts are removed.
    pub fn abort(self) {
        if let Err(error) = self.runtime.block_on(self.upload.abort()) {
            tracing::warn!(error = %error, "an unfinished file's parts cannot be removed");
        }
    }

    /// Hands the pending bytes to the upload, waiting while too many parts are in flight.
    fn send(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.runtime
            .block_on(self.upload.wait_for_capacity(PARTS_IN_FLIGHT))
            .map_err(io::Error::other)?;
        let bytes = std::mem::replace(&mut self.pending, Vec::with_capacity(self.part));
        self.upload.put(Bytes::from(bytes));
        Ok(())
    }
}

impl Write for FileWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.written += buf.len() as u64;
        if self.pending.len() >= self.part {
            self.send()?;
        }
        Ok(buf.len())
    }

    /// Parts go out as they fill; publishing is [`FileWriter::commit`]'s.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for FileWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileWriter")
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}
