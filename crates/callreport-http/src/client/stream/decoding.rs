//! Decoding a stream's pages off the runtime's thread, on at most two cores at once.
//!
//! A page of 1,000 calls takes milliseconds to decode, which the runtime's thread spends
//! receiving the next page instead. While the caller waits for a page, its core is free: a
//! large page that arrives then is cut between two rows and its halves decode side by side
//! (`PageHalves`), so that it is ready in about half the time. A caller busy with its own work
//! (writing a PDF) gets whole pages, as the halves would only take that core from it.
//! The stream's decoding slots bound how many threads decode at once: without them, the halves
//! of two pages decoded on four threads, and each thread's allocator kept its own free memory
//! (20 to 30 MB more at the peak, `docs/performance.md`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use callreport_model::{CallPage, PageHalves};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use crate::client::error::{Error, ErrorKind};
use crate::client::transport::{data_of, decode};

/// How many threads a stream decodes on at once.
const SLOTS: u32 = 2;

/// A page being decoded.
pub(super) type Decoding = JoinHandle<Result<Option<CallPage>, Error>>;

/// The decoding slots of one stream, shared by its pages.
#[derive(Clone)]
pub(super) struct DecodeSlots {
    slots: Arc<Semaphore>,
    /// The caller is waiting for a page: one still decoding, or not yet in.
    caller_waits: Arc<AtomicBool>,
    /// Whether pages may decode in halves at all.
    split: bool,
}

impl DecodeSlots {
    /// Slots for a stream whose pages decode in halves when `split` (and the caller waits).
    pub(super) fn new(split: bool) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(SLOTS as usize)),
            caller_waits: Arc::new(AtomicBool::new(false)),
            split,
        }
    }

    /// Starts decoding `body`: in two halves on two slots when the caller is waiting and the
    /// body has a cut between rows, whole on one slot otherwise.
    pub(super) fn start(&self, body: Bytes) -> Decoding {
        let slots = Arc::clone(&self.slots);
        let cut = if self.split && self.caller_waits.load(Ordering::Relaxed) {
            PageHalves::cut(body)
        } else {
            Err(body)
        };
        match cut {
            Ok(halves) => tokio::spawn(async move {
                let _slots = slots.acquire_many(SLOTS).await;
                decode_halves(Arc::new(halves)).await
            }),
            Err(body) => tokio::spawn(async move {
                let _slot = slots.acquire().await;
                decode_whole(body).await
            }),
        }
    }

    /// Marks the caller as waiting for a page until the answer is dropped: a page that arrives
    /// meanwhile decodes in halves.
    pub(super) fn caller_waiting(&self) -> Waiting {
        self.caller_waits.store(true, Ordering::Relaxed);
        Waiting(Arc::clone(&self.caller_waits))
    }

    /// The page `decoding` decodes, or `body` decoded now.
    pub(super) async fn decoded(
        &self,
        decoding: Option<Decoding>,
        body: Bytes,
    ) -> Result<CallPage, Error> {
        let decoding = decoding.unwrap_or_else(|| self.start(body));
        let _waiting = (!decoding.is_finished()).then(|| self.caller_waiting());
        decoding
            .await
            .unwrap_or_else(|_| Err(decoder_stopped()))
            .map(Option::unwrap_or_default)
    }
}

/// The caller waits for a page while this lives, however its wait ends.
pub(super) struct Waiting(Arc<AtomicBool>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// The page `halves` make, decoded on two blocking threads; the whole body decoded again on
/// one when the halves do not make a page (the cut was not between rows, or the page needs the
/// general path, which keeps the rows that do not decode).
async fn decode_halves(halves: Arc<PageHalves<Bytes>>) -> Result<Option<CallPage>, Error> {
    let back = {
        let halves = Arc::clone(&halves);
        tokio::task::spawn_blocking(move || halves.decode_back())
    };
    let front = {
        let halves = Arc::clone(&halves);
        tokio::task::spawn_blocking(move || halves.decode_front())
    };
    let (front, back) = futures::join!(front, back);
    if let (Ok(Some(front)), Ok(Some(back))) = (front, back)
        && let Some(response) = front.join(back)
    {
        return data_of(response);
    }
    decode_whole(halves.body().clone()).await
}

/// `body` decoded on a blocking thread.
async fn decode_whole(body: Bytes) -> Result<Option<CallPage>, Error> {
    tokio::task::spawn_blocking(move || decode::<CallPage>(&body))
        .await
        .unwrap_or_else(|_| Err(decoder_stopped()))
}

fn decoder_stopped() -> Error {
    Error::new(ErrorKind::Config("the page decoder stopped".to_owned()))
}
