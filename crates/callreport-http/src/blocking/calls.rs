//! The calls a filter matches, as an iterator.

use std::fmt;
use std::sync::Arc;

use callreport_model::{Call, ListCalls, RejectedRow, ReportFilter};
use futures::StreamExt;

use crate::blocking::Client;
use crate::blocking::runtime::Runtime;
use crate::client::{CallStream, Error, StreamOptions};

/// The calls a filter matches, fetched page by page as they are consumed: a
/// [`CallStream`] that blocks. After an error the iterator ends.
pub struct CallIter {
    stream: CallStream,
    runtime: Arc<Runtime>,
}

impl CallIter {
    /// How many calls match in all, as the server said on the first page; `None` before the
    /// first page and for a stream split into windows.
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        self.stream.total()
    }

    /// How many rows were received so far (decoded or not).
    #[must_use]
    pub fn fetched(&self) -> u64 {
        self.stream.fetched()
    }

    /// How many pages were requested so far.
    #[must_use]
    pub fn pages(&self) -> u64 {
        self.stream.pages()
    }

    /// The rows that did not decode so far, removed from the iterator's keeping.
    pub fn take_rejected(&mut self) -> Vec<RejectedRow> {
        self.stream.take_rejected()
    }
}

impl Iterator for CallIter {
    type Item = Result<Call, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.run(self.stream.next())
    }
}

impl fmt::Debug for CallIter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CallIter").field(&self.stream).finish()
    }
}

impl Client {
    /// Every call `filter` matches, as [`Client::list_stream`](crate::client::Client::list_stream).
    #[must_use]
    pub fn list_stream(&self, filter: ReportFilter) -> CallIter {
        self.list_stream_with(ListCalls::new(filter), StreamOptions::default())
    }

    /// Every call `request`'s filter matches, paged and windowed as `options` says, as
    /// [`Client::list_stream_with`](crate::client::Client::list_stream_with).
    #[must_use]
    pub fn list_stream_with(&self, request: ListCalls, options: StreamOptions) -> CallIter {
        CallIter {
            stream: self.inner.list_stream_with(request, options),
            runtime: Arc::clone(&self.runtime),
        }
    }
}
