//! Fetching pages ahead of the caller.
//!
//! While the server names each next page in
//! [`NEXT_CURSOR_HEADER`](callreport_model::NEXT_CURSOR_HEADER), pages are asked for one after
//! the other as they arrive, not as the caller reaches them, and each starts decoding on a
//! blocking thread as soon as it is in (`decoding.rs`): a page decodes while the next is on its
//! way. A page that names no new next page in a header ends the read-ahead; the pager starts
//! another where it goes on.

use std::collections::BTreeSet;

use callreport_model::ListCalls;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{Instrument, Span};

use super::decoding::{DecodeSlots, Decoding};
use crate::client::Client;
use crate::client::error::Error;
use crate::client::transport::Answer;

/// A page as the read-ahead hands it over.
pub(super) struct Fetched {
    /// The request that asked for it.
    pub(super) request: ListCalls,
    /// The answer, or why there is none.
    pub(super) answer: Result<Answer, Error>,
    /// Its decoding, started when it arrived.
    pub(super) decoding: Option<Decoding>,
}

/// The pages of one run of the read-ahead, in order; it stops when dropped.
pub(super) struct ReadAhead {
    pages: mpsc::Receiver<Fetched>,
    task: JoinHandle<()>,
}

impl ReadAhead {
    /// Starts fetching at `request`. `followed`: the cursors already followed in this window,
    /// so that a cursor the server names again stops the read-ahead. `waiting`: the pages
    /// fetched and not yet taken, at most (at least 1); the next is fetched only once there is
    /// room for it, so with the page the caller works through and the one it awaits, a stream
    /// holds at most `waiting + 2` pages.
    pub(super) fn start(
        client: Client,
        request: ListCalls,
        followed: BTreeSet<String>,
        waiting: usize,
        slots: DecodeSlots,
        span: Span,
    ) -> Self {
        let (sender, pages) = mpsc::channel(waiting.max(1));
        let task =
            tokio::spawn(read_ahead(client, request, followed, slots, sender).instrument(span));
        Self { pages, task }
    }

    /// The next page; `None` once the read-ahead has stopped.
    pub(super) async fn next(&mut self) -> Option<Fetched> {
        self.pages.recv().await
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_ahead(
    client: Client,
    mut request: ListCalls,
    mut followed: BTreeSet<String>,
    slots: DecodeSlots,
    pages: mpsc::Sender<Fetched>,
) {
    loop {
        let Ok(room) = pages.reserve().await else {
            return;
        };
        let answer = client.fetch_list(&request).await;
        let (next, decoding) = match &answer {
            Ok(answer) => (
                answer
                    .next_cursor
                    .clone()
                    .filter(|cursor| followed.insert(cursor.clone())),
                Some(slots.start(answer.body.clone())),
            ),
            Err(_) => (None, None),
        };
        let following = next.map(|cursor| {
            let mut following = request.clone();
            // A cursor costs the same at any depth; a page number makes the server skip.
            following.page = None;
            following.after = Some(cursor);
            following
        });
        let fetched = Fetched {
            request,
            answer,
            decoding,
        };
        room.send(fetched);
        match following {
            Some(following) => request = following,
            None => return,
        }
    }
}
