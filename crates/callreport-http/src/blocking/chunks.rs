//! A downloaded body, chunk by chunk, as an iterator.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt};

use crate::blocking::runtime::Runtime;
use crate::client::Error;

/// The chunks of a download (a PDF export), read as they are consumed. An item fails on a
/// broken connection, or when the download is too slow; the iterator then ends.
pub struct Chunks {
    stream: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
    runtime: Arc<Runtime>,
}

impl Chunks {
    pub(crate) fn new(
        stream: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        runtime: Arc<Runtime>,
    ) -> Self {
        Self {
            stream: Box::pin(stream),
            runtime,
        }
    }
}

impl Iterator for Chunks {
    type Item = Result<Bytes, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.run(self.stream.next())
    }
}

impl fmt::Debug for Chunks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chunks").finish_non_exhaustive()
    }
}
