//! Paging through a filter as one stream of calls.

mod decoding;
mod read_ahead;
mod windows;

use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Instant;

use callreport_model::{Call, CallPage, Endpoint, ListCalls, RejectedRow, ReportFilter};
use chrono::{DateTime, FixedOffset, TimeDelta};
use futures::Stream;
use tracing::{Instrument, Span};

use crate::client::Client;
use crate::client::endpoints::params;
use crate::client::error::{Error, ErrorKind};
use crate::client::telemetry::{self, operation_span};
use crate::client::transport::{Answer, decode};

use self::decoding::DecodeSlots;
use self::read_ahead::{Fetched, ReadAhead};
use self::windows::windows;

/// How [`Client::list_stream_with`] pages.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamOptions {
    /// Rows per page, 1 to 1000 (default 1000: fewer round trips).
    pub page_size: u32,
    /// Split the filter's date range into windows of this length, fetched one after the other
    /// in the sort order (providers cap the range one query may span). Needs both ends of the
    /// range; `None` (the default) sends the range as it is.
    pub window: Option<TimeDelta>,
    /// Pages fetched ahead and waiting to be taken, while the server names each next page in
    /// a header: 1 to 8 (default 1). The stream holds this many pages and two more (about
    /// 10 MB each at 1,000 calls); more evens out a network that delivers pages in bursts.
    pub read_ahead: usize,
    /// While the caller waits for a page, decode a large page in two halves on two threads
    /// (default `true`): the page is ready in about half the time. It costs 10 to 30 MB more
    /// at the peak, and a caller that keeps the other core busy itself (a writer thread) gains
    /// nothing from it.
    pub split_pages: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self {
            page_size: ListCalls::MAX_LIMIT,
            window: None,
            read_ahead: 1,
            split_pages: true,
        }
    }
}

impl StreamOptions {
    /// Pages of `page_size` rows.
    #[must_use]
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size.clamp(1, ListCalls::MAX_LIMIT);
        self
    }

    /// Date-range windows of `window`.
    #[must_use]
    pub fn window(mut self, window: TimeDelta) -> Self {
        self.window = Some(window);
        self
    }

    /// `pages` fetched ahead and waiting, 1 to 8.
    #[must_use]
    pub fn read_ahead(mut self, pages: usize) -> Self {
        self.read_ahead = pages.clamp(1, MAX_READ_AHEAD);
        self
    }

    /// Whether a large page may decode in two halves while the caller waits.
    #[must_use]
    pub fn split_pages(mut self, split: bool) -> Self {
        self.split_pages = split;
        self
    }
}

/// The most pages [`StreamOptions::read_ahead`] lets wait.
const MAX_READ_AHEAD: usize = 8;

#[derive(Debug, Default)]
struct Stats {
    total: Option<u64>,
    fetched: u64,
    pages: u64,
    rejected: Vec<RejectedRow>,
}

/// The calls a filter matches, fetched page by page as they are consumed.
///
/// While the caller works through one page, the next is already being fetched. When the server
/// names the next page in [`NEXT_CURSOR_HEADER`](callreport_model::NEXT_CURSOR_HEADER), as the
/// workspace's server does, each page is asked for as soon as the one before it arrives, and
/// every page decodes off the runtime's thread as soon as it is in, on at most two threads at
/// once: a large page that arrives while the caller waits in two halves side by side
/// ([`StreamOptions::split_pages`]). The stream holds three pages at most.
/// Rows the model could not decode are not yielded but kept: [`CallStream::take_rejected`].
/// After an error (already retried by the client) the stream ends. A server that names a
/// cursor it already gave for the same range would page forever: the stream yields the page
/// that named it, then ends with [`ErrorKind::CursorRepeated`].
pub struct CallStream {
    /// The pages' calls, in order; polled only when `buffer` is empty, so that a call is
    /// handed over without going through the pager's future.
    pages: Pin<Box<dyn Stream<Item = Result<Vec<Call>, Error>> + Send>>,
    /// The rest of the page being yielded.
    buffer: std::vec::IntoIter<Call>,
    stats: Arc<Mutex<Stats>>,
}

impl CallStream {
    fn stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many calls match in all, as the server said on the first page; `None` before the
    /// first page and for a stream split into windows.
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        self.stats().total
    }

    /// How many rows were received so far (decoded or not).
    #[must_use]
    pub fn fetched(&self) -> u64 {
        self.stats().fetched
    }

    /// How many pages were requested so far.
    #[must_use]
    pub fn pages(&self) -> u64 {
        self.stats().pages
    }

    /// The rows that did not decode so far, removed from the stream's keeping.
    pub fn take_rejected(&mut self) -> Vec<RejectedRow> {
        std::mem::take(&mut self.stats().rejected)
    }
}

impl fmt::Debug for CallStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stats = self.stats();
        f.debug_struct("CallStream")
            .field("total", &stats.total)
            .field("fetched", &stats.fetched)
            .field("rejected", &stats.rejected.len())
            .finish_non_exhaustive()
    }
}

impl Stream for CallStream {
    type Item = Result<Call, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(call) = self.buffer.next() {
                return Poll::Ready(Some(Ok(call)));
            }
            match std::task::ready!(self.pages.as_mut().poll_next(cx)) {
                Some(Ok(calls)) => self.buffer = calls.into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

struct Pager {
    client: Client,
    request: ListCalls,
    windows: VecDeque<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
    windowed: bool,
    page: u32,
    /// The next page's cursor, from a server that gives them.
    cursor: Option<String>,
    /// Every cursor followed in the current window: one named again means a loop.
    followed: BTreeSet<String>,
    /// A cursor came again: the stream ends with an error once the rows received are yielded.
    repeated: bool,
    /// The pages being fetched ahead, from the page the pager stands at.
    ahead: Option<ReadAhead>,
    /// How many of them may wait to be taken.
    read_ahead: usize,
    /// The threads its pages decode on.
    slots: DecodeSlots,
    finished: bool,
    stats: Arc<Mutex<Stats>>,
    /// The stream's span: its page requests run inside it.
    span: Span,
    started: Instant,
}

impl Pager {
    /// Moves to the next window; false when there is none.
    fn next_window(&mut self) -> bool {
        match self.windows.pop_front() {
            Some((from, to)) => {
                self.request.filter.from = Some(from);
                self.request.filter.to = Some(to);
                self.page = 1;
                self.cursor = None;
                self.followed.clear();
                true
            }
            None => false,
        }
    }

    /// Whether `cursor` is new in this window (then it is remembered); a repeated one sets the
    /// error that ends the stream.
    fn follow(&mut self, cursor: &str) -> bool {
        if self.followed.insert(cursor.to_owned()) {
            return true;
        }
        self.repeated = true;
        false
    }

    /// The request for the page the pager stands at.
    fn current_request(&self) -> ListCalls {
        let limit = self.request.limit.unwrap_or(ListCalls::MAX_LIMIT);
        let mut request = self.request.clone().page(self.page, limit);
        if let Some(cursor) = &self.cursor {
            // A cursor costs the same at any depth; a page number makes the server skip.
            request.page = None;
            request.after = Some(cursor.clone());
        }
        request
    }

    /// Starts fetching from the page the pager stands at, in the background: while the caller
    /// works through one page, the next is on its way.
    fn prefetch(&mut self) {
        self.ahead = Some(ReadAhead::start(
            self.client.clone(),
            self.current_request(),
            self.followed.clone(),
            self.read_ahead,
            self.slots.clone(),
            self.span.clone(),
        ));
    }

    /// The page the pager stands at, from the read-ahead (started here if none runs).
    async fn fetch(&mut self) -> Fetched {
        if self.ahead.is_none() {
            self.prefetch();
        }
        if let Some(ahead) = &mut self.ahead
            && let Some(fetched) = ahead.next().await
        {
            return fetched;
        }
        self.ahead = None;
        Fetched {
            request: self.current_request(),
            answer: Err(Error::new(ErrorKind::Config(
                "the page request was cancelled".to_owned(),
            ))),
            decoding: None,
        }
    }

    /// The calls of the next page that has any, or the error that ends the stream.
    async fn next(mut self) -> Option<(Result<Vec<Call>, Error>, Self)> {
        loop {
            if std::mem::take(&mut self.repeated) {
                self.finished = true;
                let pages = self
                    .stats
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .pages;
                tracing::warn!(pages, "the server repeated a page cursor; paging stopped");
                let error = Error::new(ErrorKind::CursorRepeated { pages });
                return Some((Err(error), self));
            }
            if self.finished {
                return None;
            }
            let number = self.page;
            let Fetched {
                request,
                answer,
                decoding,
            } = {
                let _waiting = self.slots.caller_waiting();
                self.fetch().await
            };
            let answer = match answer {
                Ok(answer) => answer,
                Err(error) => {
                    self.finished = true;
                    return Some((Err(error), self));
                }
            };
            // The server named the next page: the read-ahead has asked for it already.
            let requested_next = match answer.next_cursor {
                Some(cursor) if self.follow(&cursor) => {
                    self.cursor = Some(cursor);
                    self.page += 1;
                    true
                }
                _ => false,
            };
            let attempts = answer.attempts;
            let decoded = match self.slots.decoded(decoding, answer.body).await {
                // An API error in the body (1009, 1010) is retried like any other request.
                Err(error) if error.is_retryable() && !requested_next => {
                    self.client.list_after(&request, (error, attempts)).await
                }
                decoded => decoded,
            };
            let mut page = match decoded {
                Ok(page) => page,
                Err(error) => {
                    self.finished = true;
                    return Some((Err(error), self));
                }
            };
            let window_done = self.record(&mut page, number, request.after.is_some());
            self.advance(page.next, requested_next, window_done);
            let calls = page.calls;
            if !calls.is_empty() {
                return Some((Ok(calls), self));
            }
        }
    }

    /// Moves past the page just received, whose body named `next`: to the page its cursor or
    /// number names, the next window, or the end.
    fn advance(&mut self, next: Option<String>, requested_next: bool, window_done: bool) {
        if requested_next || self.repeated {
            // An empty next page ends the window in its turn; a repeated cursor ends the
            // stream once this page's rows are yielded.
            return;
        }
        if let Some(cursor) = &next
            && !self.follow(cursor)
        {
            return;
        }
        self.cursor = next;
        self.page += 1;
        if window_done && !self.next_window() {
            self.finished = true;
        } else {
            self.prefetch();
        }
    }

    /// Counts page `number` in the stats and takes its rejected rows; true when it is the last
    /// of its window.
    fn record(&self, page: &mut CallPage, number: u32, by_cursor: bool) -> bool {
        let rows = page.len() as u64;
        let limit = u64::from(self.request.limit.unwrap_or(ListCalls::MAX_LIMIT));
        let mut stats = self.stats.lock().unwrap_or_else(PoisonError::into_inner);
        stats.pages += 1;
        stats.fetched += rows;
        if !self.windowed && number == 1 {
            stats.total = page.total;
        }
        stats.rejected.append(&mut page.rejected);
        telemetry::record_progress(&self.span, stats.pages, stats.fetched);
        let seen = u64::from(number - 1) * limit + rows;
        let last_by_cursor = by_cursor && page.next.is_none();
        rows < limit || last_by_cursor || page.total.is_some_and(|total| seen >= total)
    }
}

impl Drop for Pager {
    fn drop(&mut self) {
        telemetry::record_duration(&self.span, self.started);
    }
}

impl Client {
    /// Fetches one list page without decoding it, retrying as [`Client::list`] does.
    pub(crate) async fn fetch_list(&self, request: &ListCalls) -> Result<Answer, Error> {
        let body = self.body(params(request));
        // Atomic, not a Cell: the future is sent to another task to prefetch.
        let attempts = AtomicU32::new(0);
        let mut answer = self
            .with_retries(Endpoint::List.segment(), true, || {
                attempts.fetch_add(1, Ordering::Relaxed);
                self.post_once(Endpoint::List, &body)
            })
            .await?;
        answer.attempts = attempts.load(Ordering::Relaxed);
        Ok(answer)
    }

    /// Asks for a list page again after the answer of attempt `failed.1` decoded to a
    /// retryable API error, within the retry budget that attempt was part of.
    async fn list_after(
        &self,
        request: &ListCalls,
        failed: (Error, u32),
    ) -> Result<CallPage, Error> {
        let body = self.body(params(request));
        let page = self
            .retry_after(Endpoint::List.segment(), true, failed, || async {
                let answer = self.post_once(Endpoint::List, &body).await?;
                decode::<CallPage>(&answer.body)
            })
            .await?;
        Ok(page.unwrap_or_default())
    }

    /// Every call `filter` matches, as a stream fetched page by page (1,000 rows a page), in
    /// the server's default order (latest first).
    #[must_use]
    pub fn list_stream(&self, filter: ReportFilter) -> CallStream {
        self.list_stream_with(ListCalls::new(filter), StreamOptions::default())
    }

    /// Every call `request`'s filter matches, in its sort order, paged and windowed as
    /// `options` says. The request's own page and page size are ignored.
    #[must_use]
    pub fn list_stream_with(&self, request: ListCalls, options: StreamOptions) -> CallStream {
        let stats = Arc::new(Mutex::new(Stats::default()));
        let mut request = request.page(1, options.page_size.clamp(1, ListCalls::MAX_LIMIT));
        let order = request.order.unwrap_or_default();
        let windows = match (options.window, request.filter.from, request.filter.to) {
            (Some(window), Some(from), Some(to)) => windows(from, to, window, order),
            _ => VecDeque::new(),
        };
        let windowed = !windows.is_empty();
        let mut pager = Pager {
            client: self.clone(),
            request: request.clone(),
            windows,
            windowed,
            page: 1,
            cursor: None,
            followed: BTreeSet::new(),
            repeated: false,
            ahead: None,
            // Public fields can be set past the builder's clamp.
            read_ahead: options.read_ahead.clamp(1, MAX_READ_AHEAD),
            slots: DecodeSlots::new(options.split_pages),
            finished: false,
            stats: Arc::clone(&stats),
            span: {
                let span = operation_span!("callreport.list_stream", Endpoint::List.path());
                telemetry::record_progress(&span, 0, 0);
                span
            },
            started: Instant::now(),
        };
        if windowed {
            pager.next_window();
        } else {
            request.page = Some(1);
        }
        let pages = futures::stream::unfold(pager, |pager| {
            let span = pager.span.clone();
            async move {
                let (item, pager) = pager.next().await?;
                if let Err(error) = &item {
                    telemetry::record_error(&pager.span, error);
                }
                Some((item, pager))
            }
            .instrument(span)
        });
        CallStream {
            // Fused: a stream asked again after its end answers `None` again.
            pages: Box::pin(futures::StreamExt::fuse(pages)),
            buffer: Vec::new().into_iter(),
            stats,
        }
    }
}
