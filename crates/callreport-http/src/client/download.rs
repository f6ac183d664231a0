//! Downloading recordings: streamed, checked, and never left half-written.

use std::path::Path;

use callreport_model::{Call, CallId, DetailView, GetCall, RecordingLocator};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::Client;
use crate::client::body::{Progress, copy_body, read_error_body, send};
use crate::client::error::{Error, ErrorKind};
use crate::client::limits::within;
use crate::client::telemetry::{self, operation_span, traced};
use crate::client::transport::{MAX_REDIRECTS, Sends};
use crate::output_file::OutputFile;

fn is_expired_link(error: &Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::Http {
            status: 401 | 403 | 404,
            ..
        }
    )
}

impl Client {
    /// Streams a recording into `writer`, reporting progress; answers the bytes written.
    ///
    /// The request goes to the configured host; redirects are followed only on that origin,
    /// as for API requests (the recording URL carries its token). The whole download has the
    /// client's download deadline, and gives up after its stall timeout without a byte. A body
    /// shorter or longer than its `Content-Length` is an error.
    ///
    /// # Errors
    /// [`ErrorKind::Http`] for an unknown or expired recording (404, 403, 401),
    /// [`ErrorKind::Redirect`] for a redirect to another origin, [`ErrorKind::Incomplete`]
    /// for a cut download, [`ErrorKind::Deadline`] and [`ErrorKind::Stalled`] for one too
    /// slow, [`ErrorKind::Io`] when `writer` fails, and network errors.
    pub async fn stream_recording<W: AsyncWrite + Unpin>(
        &self,
        locator: &RecordingLocator,
        writer: &mut W,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let span = operation_span!("callreport.stream_recording", telemetry::RECORDING);
        traced(span, self.copy_recording(locator, writer, progress)).await
    }

    async fn copy_recording<W: AsyncWrite + Unpin>(
        &self,
        locator: &RecordingLocator,
        writer: &mut W,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let limits = *self.limits();
        within(
            limits.download_timeout,
            || "the recording download".to_owned(),
            async {
                let response = self
                    .with_retries("recording", true, || self.get_recording(locator))
                    .await?;
                copy_body(response, writer, limits.stall_timeout, progress).await
            },
        )
        .await
    }

    async fn get_recording(&self, locator: &RecordingLocator) -> Result<reqwest::Response, Error> {
        let mut url = reqwest::Url::parse(&locator.url(self.base_url())).map_err(|_| {
            Error::new(ErrorKind::Config(
                "the recording URL is not valid".to_owned(),
            ))
        })?;
        for _ in 0..=MAX_REDIRECTS {
            let request = self.inner.http.get(url.clone());
            let response = send(request, self.limits().stall_timeout).await?;
            if let Some(next) = self.redirect_target(&response, Sends::Nothing)? {
                url = next;
                continue;
            }
            let status = response.status().as_u16();
            if status != 200 {
                let limits = self.limits();
                let body =
                    read_error_body(response, limits.max_error_body_bytes, limits.stall_timeout)
                        .await;
                return Err(Error::http(status, &body, None));
            }
            return Ok(response);
        }
        Err(Error::new(ErrorKind::Config(
            "too many redirects".to_owned(),
        )))
    }

    /// Downloads a recording to `destination`: written under a temporary name beside it and
    /// renamed only once complete, so no partial file is ever left (not even when the future
    /// is dropped midway). Answers the bytes written.
    ///
    /// # Errors
    /// As [`Client::stream_recording`]; on any error the destination is untouched.
    pub async fn download_locator(
        &self,
        locator: &RecordingLocator,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let span = operation_span!("callreport.download_locator", telemetry::RECORDING);
        traced(span, self.save_recording(locator, destination, progress)).await
    }

    async fn save_recording(
        &self,
        locator: &RecordingLocator,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        save_to(destination, async |file| {
            self.copy_recording(locator, file, progress).await
        })
        .await
    }

    /// Downloads a call's first recording to `destination`. If its link has expired (401, 403
    /// or 404), a fresh one is fetched from the recordings view and tried once more.
    /// `Ok(None)` when the call has no recording.
    ///
    /// # Errors
    /// As [`Client::download_locator`].
    pub async fn download_recording(
        &self,
        call: &Call,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<Option<u64>, Error> {
        let span = operation_span!("callreport.download_recording", telemetry::RECORDING);
        traced(span, self.save_call_recording(call, destination, progress)).await
    }

    async fn save_call_recording(
        &self,
        call: &Call,
        destination: &Path,
        mut progress: impl FnMut(Progress),
    ) -> Result<Option<u64>, Error> {
        let Some(found) = call.recordings().next() else {
            return self
                .save_fresh_recording(&call.id, destination, progress)
                .await;
        };
        match self
            .save_recording(found.locator, destination, &mut progress)
            .await
        {
            Err(error) if is_expired_link(&error) => {
                tracing::debug!(call = %call.id, "recording link refused; fetching a fresh one");
                self.save_fresh_recording(&call.id, destination, progress)
                    .await
            }
            other => other.map(Some),
        }
    }

    /// Downloads the first recording of `call_id`, with a locator fresh from the recordings
    /// view. `Ok(None)` when the call is unknown or has no recording.
    ///
    /// # Errors
    /// As [`Client::download_locator`].
    pub async fn download_fresh_recording(
        &self,
        call_id: &CallId,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<Option<u64>, Error> {
        let span = operation_span!("callreport.download_fresh_recording", telemetry::RECORDING);
        traced(
            span,
            self.save_fresh_recording(call_id, destination, progress),
        )
        .await
    }

    async fn save_fresh_recording(
        &self,
        call_id: &CallId,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<Option<u64>, Error> {
        match self.fresh_locator(call_id, None).await? {
            Some(locator) => self
                .save_recording(&locator, destination, progress)
                .await
                .map(Some),
            None => Ok(None),
        }
    }

    /// Downloads the recording `locator` of `call_id` to `destination`. If its link has
    /// expired (401, 403 or 404), the same file is looked up in the call's recordings view and
    /// tried once more with its fresh link.
    ///
    /// # Errors
    /// As [`Client::download_locator`]; the first error when the view does not list the file.
    pub async fn download_call_recording(
        &self,
        call_id: &CallId,
        locator: &RecordingLocator,
        destination: &Path,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let span = operation_span!("callreport.download_call_recording", telemetry::RECORDING);
        let work = save_to(destination, async |file| {
            self.copy_call_recording(call_id, locator, file, progress)
                .await
        });
        traced(span, work).await
    }

    /// Streams the recording `locator` of `call_id` into `writer`, as
    /// [`Client::download_call_recording`] downloads it to a file: if its link has expired
    /// (401, 403 or 404; nothing was written then), the same file is looked up in the call's
    /// recordings view and streamed once more with its fresh link. Answers the bytes written.
    ///
    /// # Errors
    /// As [`Client::stream_recording`]; the first error when the view does not list the file.
    /// What was written before an error stays in `writer`: discard it.
    pub async fn stream_call_recording<W: AsyncWrite + Unpin>(
        &self,
        call_id: &CallId,
        locator: &RecordingLocator,
        writer: &mut W,
        progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let span = operation_span!("callreport.stream_call_recording", telemetry::RECORDING);
        traced(
            span,
            self.copy_call_recording(call_id, locator, writer, progress),
        )
        .await
    }

    /// Copies the recording `locator` of `call_id` into `writer`, once more with a fresh link
    /// when its link has expired (the refusal comes before any byte is written).
    async fn copy_call_recording<W: AsyncWrite + Unpin>(
        &self,
        call_id: &CallId,
        locator: &RecordingLocator,
        writer: &mut W,
        mut progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        match self.copy_recording(locator, writer, &mut progress).await {
            Err(error) if is_expired_link(&error) => {
                tracing::debug!(call = %call_id, "recording link refused; fetching a fresh one");
                match self
                    .fresh_locator(call_id, Some(locator.file_name()))
                    .await?
                {
                    Some(fresh) => self.copy_recording(&fresh, writer, progress).await,
                    None => Err(error),
                }
            }
            other => other,
        }
    }

    /// A fresh locator from the call's recordings view: of the file named `file_name`, or the
    /// first one.
    async fn fresh_locator(
        &self,
        call_id: &CallId,
        file_name: Option<&str>,
    ) -> Result<Option<RecordingLocator>, Error> {
        // Whatever shape the answer has (the recordings view, or a raw document as the
        // provider's own examples show), the model finds the recordings in it.
        let request = GetCall::new(call_id.clone()).view(DetailView::Recordings);
        let detail = self.detail_view(&request).await?;
        Ok(detail.and_then(|detail| {
            detail
                .recordings()
                .into_iter()
                .find(|locator| file_name.is_none_or(|name| locator.file_name() == name))
        }))
    }
}

/// Opens `destination` through [`OutputFile`], with an async handle on the file to write to.
pub(crate) fn open_output(destination: &Path) -> Result<(OutputFile, tokio::fs::File), Error> {
    let output = OutputFile::create(destination).map_err(Error::io)?;
    let file = output.file().try_clone().map_err(Error::io)?;
    Ok((output, tokio::fs::File::from_std(file)))
}

/// Runs `copy` into a temporary file beside `destination`, and renames it into place only
/// when `copy` succeeds: no partial file is ever left, not even when the future is dropped.
async fn save_to(
    destination: &Path,
    copy: impl AsyncFnOnce(&mut tokio::fs::File) -> Result<u64, Error>,
) -> Result<u64, Error> {
    let (output, mut file) = open_output(destination)?;
    let written = copy(&mut file).await?;
    file.flush().await.map_err(Error::io)?;
    drop(file);
    commit_output(output).await?;
    Ok(written)
}

/// Flushes and renames a complete download into place, off the async threads.
pub(crate) async fn commit_output(output: OutputFile) -> Result<(), Error> {
    tokio::task::spawn_blocking(move || output.commit())
        .await
        .map_err(|error| Error::io(std::io::Error::other(error)))?
        .map_err(Error::io)
}
