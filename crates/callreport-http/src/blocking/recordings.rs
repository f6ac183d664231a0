//! Recording downloads, blocking.

use std::io::Write;
use std::path::Path;

use callreport_model::{Call, CallId, RecordingLocator};

use crate::blocking::Client;
use crate::blocking::sync_writer::SyncWriter;
use crate::client::{Error, Progress};

impl Client {
    /// Streams a recording into `writer`, reporting progress; answers the bytes written. See
    /// [`Client::stream_recording`](crate::client::Client::stream_recording).
    ///
    /// # Errors
    /// As [`Client::stream_recording`](crate::client::Client::stream_recording).
    pub fn stream_recording<W: Write + Send>(
        &self,
        locator: &RecordingLocator,
        writer: &mut W,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<u64, Error> {
        let mut writer = SyncWriter(writer);
        self.runtime
            .run(self.inner.stream_recording(locator, &mut writer, progress))
    }

    /// Downloads a recording to `destination`, renamed into place only once complete. See
    /// [`Client::download_locator`](crate::client::Client::download_locator).
    ///
    /// # Errors
    /// As [`Client::stream_recording`]; on any error the destination is untouched.
    pub fn download_locator(
        &self,
        locator: &RecordingLocator,
        destination: &Path,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<u64, Error> {
        self.runtime
            .run(self.inner.download_locator(locator, destination, progress))
    }

    /// Downloads a call's first recording, with a fresh link if its own has expired. See
    /// [`Client::download_recording`](crate::client::Client::download_recording).
    ///
    /// # Errors
    /// As [`Client::download_locator`].
    pub fn download_recording(
        &self,
        call: &Call,
        destination: &Path,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<Option<u64>, Error> {
        self.runtime
            .run(self.inner.download_recording(call, destination, progress))
    }

    /// Downloads the first recording of `call_id`, with a locator fresh from the recordings
    /// view. See
    /// [`Client::download_fresh_recording`](crate::client::Client::download_fresh_recording).
    ///
    /// # Errors
    /// As [`Client::download_locator`].
    pub fn download_fresh_recording(
        &self,
        call_id: &CallId,
        destination: &Path,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<Option<u64>, Error> {
        self.runtime.run(
            self.inner
                .download_fresh_recording(call_id, destination, progress),
        )
    }

    /// Downloads the recording `locator` of `call_id`, refreshing an expired link from the
    /// recordings view. See
    /// [`Client::download_call_recording`](crate::client::Client::download_call_recording).
    ///
    /// # Errors
    /// As [`Client::download_locator`].
    pub fn download_call_recording(
        &self,
        call_id: &CallId,
        locator: &RecordingLocator,
        destination: &Path,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<u64, Error> {
        self.runtime.run(self.inner.download_call_recording(
            call_id,
            locator,
            destination,
            progress,
        ))
    }

    /// Streams the recording `locator` of `call_id` into `writer`, refreshing an expired link
    /// from the recordings view. See
    /// [`Client::stream_call_recording`](crate::client::Client::stream_call_recording).
    ///
    /// # Errors
    /// As [`Client::stream_recording`].
    pub fn stream_call_recording<W: Write + Send>(
        &self,
        call_id: &CallId,
        locator: &RecordingLocator,
        writer: &mut W,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<u64, Error> {
        let mut writer = SyncWriter(writer);
        self.runtime.run(
            self.inner
                .stream_call_recording(call_id, locator, &mut writer, progress),
        )
    }
}
