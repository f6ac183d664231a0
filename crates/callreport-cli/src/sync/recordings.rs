//! `--recordings`: each mirrored call's recording files copied into the store's recording
//! files (a folder or a bucket) and registered there, so that the mirror serves them as the
//! provider does.
//!
//! Downloads run beside the pass, a few at a time, each streamed into the recording files and
//! published only when complete; a file already there is registered without being fetched
//! again, so later runs re-reading their overlap cost no bytes.

use std::sync::Arc;

use callreport_http::client::Client;
use callreport_model::{Call, CallId, RecordingLocator, UserId};
use callreport_store::{FileStore, NewRecording, Store};
use tokio::task::JoinSet;

/// Downloads in flight at once.
const PARALLEL: usize = 4;

/// A download's outcome: the recording to register, or why it failed (no URL, no token).
type Copied = Result<NewRecording, String>;

/// Copies recordings for one account.
pub(crate) struct RecordingCopier {
    client: Client,
    store: Arc<dyn Store>,
    user_id: UserId,
    files: FileStore,
    downloads: JoinSet<Copied>,
    done: Vec<NewRecording>,
    /// Recording files registered so far.
    pub(crate) copied: u64,
    /// Recording files that could not be copied.
    pub(crate) failed: u64,
}

impl RecordingCopier {
    /// A copier into `store`'s recording files; `None` when the store keeps none.
    pub(crate) fn new(client: &Client, store: &Arc<dyn Store>, user_id: &UserId) -> Option<Self> {
        Some(Self {
            client: client.clone(),
            store: Arc::clone(store),
            user_id: user_id.clone(),
            files: store.recording_files()?,
            downloads: JoinSet::new(),
            done: Vec::new(),
            copied: 0,
            failed: 0,
        })
    }

    /// Starts copying the recordings of `calls`, waiting for earlier downloads while
    /// [`PARALLEL`] are in flight.
    pub(crate) async fn copy(&mut self, calls: &[Call]) {
        for call in calls {
            for found in call.recordings() {
                while self.downloads.len() >= PARALLEL {
                    self.collect_one().await;
                }
                let locator = found.locator.clone();
                let (client, files) = (self.client.clone(), self.files.clone());
                let call_id = call.id.clone();
                self.downloads
                    .spawn(async move { fetch(&client, &files, &call_id, locator).await });
            }
        }
        self.register().await;
    }

    /// Waits for every download, and registers what was copied.
    pub(crate) async fn finish(&mut self) {
        while !self.downloads.is_empty() {
            self.collect_one().await;
        }
        self.register().await;
    }

    async fn collect_one(&mut self) {
        match self.downloads.join_next().await {
            Some(Ok(Ok(recording))) => self.done.push(recording),
            Some(Ok(Err(error))) => {
                // The error names the call, not the file: file names hold the customer's number.
                tracing::warn!(error = %error, "a recording was not copied");
                self.failed += 1;
            }
            Some(Err(_)) => self.failed += 1,
            None => {}
        }
    }

    /// Registers the recordings copied since the last call.
    async fn register(&mut self) {
        if self.done.is_empty() {
            return;
        }
        let done = std::mem::take(&mut self.done);
        let count = done.len() as u64;
        match self.store.add_recordings(done).await {
            Ok(()) => self.copied += count,
            Err(error) => {
                tracing::warn!(account = %self.user_id, error = %error, "recordings were copied but not registered");
                self.failed += count;
            }
        }
    }
}

/// Copies one recording unless its file is there already; an expired link is refreshed from
/// the call's recordings view. Errors name the call, not the file: file names hold the
/// customer's number.
async fn fetch(
    client: &Client,
    files: &FileStore,
    call_id: &CallId,
    locator: RecordingLocator,
) -> Copied {
    let name = NewRecording::name_for(&locator);
    let failed = |error: &dyn std::fmt::Display| format!("call {call_id}: {error}");
    let size = match files.size(&name).await.map_err(|error| failed(&error))? {
        Some(size) if size > 0 => size,
        _ => {
            let mut upload = files.upload(&name).map_err(|error| failed(&error))?;
            let streamed = client
                .stream_call_recording(call_id, &locator, &mut upload, |_| {})
                .await;
            if let Err(error) = streamed {
                upload.abort().await;
                return Err(failed(&error));
            }
            upload.commit().await.map_err(|error| failed(&error))?
        }
    };
    let content_type = content_type(locator.format());
    Ok(NewRecording::new(locator, name, size, content_type))
}

/// The media type of a recording format.
fn content_type(format: &str) -> &'static str {
    match format.to_ascii_lowercase().as_str() {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        _ => "application/octet-stream",
    }
}
