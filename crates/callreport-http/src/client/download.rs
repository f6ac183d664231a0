//! Downloading recordings: streamed, checked, and never left half-written.

use std::path::Path;

use callreport_model::{Call, CallId, DetailView, GetCall, RecordingLocator};
use futures::StreamExt;
use reqwest::header::CONTENT_LENGTH;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::Client;
use crate::client::error::{Error, ErrorKind};
use crate::output_file::OutputFile;

/// How many redirects a download follows.
const MAX_REDIRECTS: usize = 3;

/// How far a download has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes received so far.
    pub received: u64,
    /// Bytes in all, when the server announced them.
    pub total: Option<u64>,
}

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
    /// The request goes to the configured host; redirects are followed (the recording URL's
    /// token stays in the first request only). A body shorter or longer than its
    /// `Content-Length` is an error.
    ///
    /// # Errors
    /// [`ErrorKind::Http`] for an unknown or expired recording (404, 403, 401), [`ErrorKind::Incomplete`]
    /// for a cut download, [`ErrorKind::Io`] when `writer` fails, and network errors.
    pub async fn stream_recording<W: AsyncWrite + Unpin>(
        &self,
        locator: &RecordingLocator,
        writer: &mut W,
        mut progress: impl FnMut(Progress),
    ) -> Result<u64, Error> {
        let response = self
            .with_retries("recording", true, || self.get_recording(locator))
            .await?;
        let total = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let mut received = 0_u64;
        progress(Progress { received, total });
        let mut body = response.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(Error::from_reqwest)?;
            writer.write_all(&chunk).await.map_err(Error::io)?;
            received += chunk.len() as u64;
            progress(Progress { received, total });
        }
        writer.flush().await.map_err(Error::io)?;
        match total {
            Some(expected) if expected != received => {
                Err(Error::new(ErrorKind::Incomplete { expected, received }))
            }
            _ => Ok(received),
        }
    }

    async fn get_recording(&self, locator: &RecordingLocator) -> Result<reqwest::Response, Error> {
        let mut url = reqwest::Url::parse(&locator.url(self.base_url())).map_err(|_| {
            Error::new(ErrorKind::Config(
                "the recording URL is not valid".to_owned(),
            ))
        })?;
        for _ in 0..=MAX_REDIRECTS {
            let response = self
                .inner
                .http
                .get(url.clone())
                .send()
                .await
                .map_err(Error::from_reqwest)?;
            let status = response.status();
            if status.is_redirection() {
                let next = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| response.url().join(v).ok());
                match next {
                    Some(next) => {
                        url = next;
                        continue;
                    }
                    None => return Err(Error::http(status.as_u16(), b"", None)),
                }
            }
            if status.as_u16() != 200 {
                let body = response.bytes().await.unwrap_or_default();
                return Err(Error::http(status.as_u16(), &body, None));
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
        let (output, mut file) = open_output(destination)?;
        let written = self.stream_recording(locator, &mut file, progress).await?;
        file.flush().await.map_err(Error::io)?;
        drop(file);
        commit_output(output).await?;
        Ok(written)
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
        mut progress: impl FnMut(Progress),
    ) -> Result<Option<u64>, Error> {
        let Some(found) = call.recordings().next() else {
            return self
                .download_fresh_recording(&call.id, destination, progress)
                .await;
        };
        match self
            .download_locator(found.locator, destination, &mut progress)
            .await
        {
            Err(error) if is_expired_link(&error) => {
                tracing::debug!(call = %call.id, "recording link refused; fetching a fresh one");
                self.download_fresh_recording(&call.id, destination, progress)
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
        // Whatever shape the answer has (the recordings view, or a raw document as the
        // provider's own examples show), the model finds the recordings in it.
        let request = GetCall::new(call_id.clone()).view(DetailView::Recordings);
        let detail = self.detail_view(&request).await?;
        let locator = detail.and_then(|detail| detail.recordings().into_iter().next());
        match locator {
            Some(locator) => self
                .download_locator(&locator, destination, progress)
                .await
                .map(Some),
            None => Ok(None),
        }
    }
}

/// Opens `destination` through [`OutputFile`], with an async handle on the file to write to.
pub(crate) fn open_output(destination: &Path) -> Result<(OutputFile, tokio::fs::File), Error> {
    let output = OutputFile::create(destination).map_err(Error::io)?;
    let file = output.file().try_clone().map_err(Error::io)?;
    Ok((output, tokio::fs::File::from_std(file)))
}

/// Flushes and renames a complete download into place, off the async threads.
pub(crate) async fn commit_output(output: OutputFile) -> Result<(), Error> {
    tokio::task::spawn_blocking(move || output.commit())
        .await
        .map_err(|error| Error::io(std::io::Error::other(error)))?
        .map_err(Error::io)
}
