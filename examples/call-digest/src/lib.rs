//! An example of a team's crate built on the callreport crates, and tested against
//! `callreport_http::testing::TestServer` (see `tests/digest.rs` and `docs/testing-your-code.md`).
//!
//! It reads a window's calls page by page, counts them by type with their talk time, and saves
//! the recordings of the longest ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use callreport_http::client::{Client, Error, StreamOptions};
use callreport_model::{Call, ListCalls, ReportFilter};
use futures::StreamExt;

/// Calls of a window, by type.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Digest {
    /// Calls read.
    pub calls: u64,
    /// Calls per call type (`IBD`, `OBD`, `CTC`, …).
    pub by_type: BTreeMap<String, u64>,
    /// The customers' talk time, in seconds.
    pub talk_seconds: u64,
    /// The calls with the longest talk time, longest first.
    pub longest: Vec<Call>,
}

/// How many of the longest calls a digest keeps.
pub const LONGEST: usize = 3;

/// Reads every call `filter` selects, `page_size` calls per request, into a digest.
///
/// # Errors
/// The client's error when a page cannot be read (after its retries).
pub async fn digest(
    client: &Client,
    filter: ReportFilter,
    page_size: u32,
) -> Result<Digest, Error> {
    let options = StreamOptions::default().page_size(page_size);
    let mut calls = client.list_stream_with(ListCalls::new(filter), options);
    let mut digest = Digest::default();
    while let Some(call) = calls.next().await {
        let call = call?;
        digest.calls += 1;
        *digest
            .by_type
            .entry(call.call_type.as_str().to_owned())
            .or_default() += 1;
        digest.talk_seconds += call.durations.customer.as_secs();
        digest.longest.push(call);
        digest
            .longest
            .sort_by_key(|call| std::cmp::Reverse(call.durations.customer));
        digest.longest.truncate(LONGEST);
    }
    Ok(digest)
}

/// Saves the first recording of each call into `folder` as `<call id>.mp3`, and answers the
/// files written (calls without a recording are skipped).
///
/// # Errors
/// The client's error for the first download that fails; no partial file is left for it.
pub async fn save_recordings(
    client: &Client,
    calls: &[Call],
    folder: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let mut saved = Vec::new();
    for call in calls {
        let destination = folder.join(format!("{}.mp3", call.id));
        if client
            .download_recording(call, &destination, |_| {})
            .await?
            .is_some()
        {
            saved.push(destination);
        }
    }
    Ok(saved)
}
