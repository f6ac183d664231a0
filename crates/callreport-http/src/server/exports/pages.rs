//! The calls of an export job, page by page, in order: each page is read by cursor as soon as
//! the one before it has been read, and decoded on a blocking thread of its own. So two pages
//! decode at once while the job writes a third, and the decode (the job's largest cost) uses
//! both cores of a small machine.

use std::sync::Arc;

use callreport_model::{Call, DecodeError, ListCalls, ReportFilter};
use callreport_store::{Account, CallQuery, Store};
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Calls read per page: enough to keep the store busy, few enough to bound memory.
const PAGE: u32 = 500;

/// Pages read and decoding, or decoded, waiting for the job: with the page the job writes and
/// the one the reader holds, at most this many plus two pages are in memory.
const AHEAD: usize = 2;

/// One stored document: its call, or its text and why it did not decode.
pub(super) type Row = Result<Call, (String, DecodeError)>;

/// Why no page came: the store could not be read.
#[derive(Debug)]
pub(super) struct Unreadable;

/// A page as it arrives: decoding, or the store's failure.
type Arriving = Result<JoinHandle<Vec<Row>>, Unreadable>;

/// The pages of the account's calls that match `filter`, newest first (the list's default
/// order), read and decoded ahead of the caller. Dropping it stops the reading.
pub(super) struct Pages {
    arriving: mpsc::Receiver<Arriving>,
    runtime: Handle,
}

impl Pages {
    /// Starts reading on `runtime`.
    pub(super) fn start(
        store: Arc<dyn Store>,
        account: Account,
        filter: ReportFilter,
        runtime: Handle,
    ) -> Self {
        let (sender, arriving) = mpsc::channel(AHEAD);
        runtime.spawn(read(store, account, filter, sender));
        Self { arriving, runtime }
    }

    /// The next page's rows, in order; `None` after the last. For a blocking thread.
    ///
    /// # Errors
    /// [`Unreadable`] when the store could not give the page.
    pub(super) fn next_blocking(&mut self) -> Option<Result<Vec<Row>, Unreadable>> {
        let arriving = self.arriving.blocking_recv()?;
        Some(arriving.and_then(|decoding| self.runtime.block_on(decoding).map_err(|_| Unreadable)))
    }
}

/// Reads page after page, handing each to a decoding thread and then to the job, until the
/// last page, a failure, or a job that stopped listening.
async fn read(
    store: Arc<dyn Store>,
    account: Account,
    filter: ReportFilter,
    sender: mpsc::Sender<Arriving>,
) {
    let mut query = CallQuery::from_request(&ListCalls::new(filter));
    query.limit = PAGE;
    loop {
        let Ok(page) = store.list(&account, &query).await else {
            let _ = sender.send(Err(Unreadable)).await;
            return;
        };
        let next = page.next.filter(|_| !page.documents.is_empty());
        let decoding = tokio::task::spawn_blocking(move || decode(page.documents));
        if sender.send(Ok(decoding)).await.is_err() {
            return;
        }
        match next {
            Some(after) => query.after = Some(after),
            None => return,
        }
    }
}

fn decode(documents: Vec<String>) -> Vec<Row> {
    documents
        .into_iter()
        .map(|document| Call::from_json(&document).map_err(|error| (document, error)))
        .collect()
}
