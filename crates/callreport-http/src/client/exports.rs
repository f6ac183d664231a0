//! Server-side exports: create, read, list, rename, and wait for one and download its file.

use std::path::Path;
use std::time::Duration;

use callreport_model::{
    ApiCode, ApiError, ChangeTitle, CreateExport, Endpoint, ExportId, ExportState, ExportStatus,
    ExportStatuses, GetExport, ListExports,
};
use serde_json::{Map, Value};
use tokio::io::AsyncWriteExt;

use crate::client::Client;
use crate::client::body::{copy_body, read_error_body, send};
use crate::client::endpoints::params;
use crate::client::error::{Error, ErrorKind};
use crate::client::limits::within;
use crate::client::telemetry::{self, operation_span, traced};

/// The first pause between two status reads; it doubles up to [`MAX_POLL`].
const FIRST_POLL: Duration = Duration::from_millis(50);
/// The longest pause between two status reads.
const MAX_POLL: Duration = Duration::from_secs(2);

fn missing(what: &str) -> Error {
    Error::new(ErrorKind::Config(format!("the server answered no {what}")))
}

impl Client {
    /// `POST /api/v2/CallReport/exportCsv`: asks the server to build a report file; answers
    /// the new request's status (queued, usually). Not retried unless the retry policy allows
    /// non-idempotent requests: a retry could create a second export.
    ///
    /// # Errors
    /// [`Error`] for an API error (an unknown column or format is 1000), a network failure or
    /// an answer that does not decode.
    pub async fn create_export(&self, request: &CreateExport) -> Result<ExportStatus, Error> {
        let span = operation_span!("callreport.create_export", Endpoint::ExportCsv.path());
        traced(
            span,
            self.call::<ExportStatus>(Endpoint::ExportCsv, params(request)),
        )
        .await?
        .ok_or_else(|| missing("export status"))
    }

    /// `POST /api/v2/CallReport/exportStatus`: where one export request stands.
    ///
    /// # Errors
    /// As [`Client::create_export`]; an unknown id (or another account's) is API error 1000.
    pub async fn export_status(&self, id: &ExportId) -> Result<ExportStatus, Error> {
        let request = GetExport::new(id.clone());
        let span = operation_span!("callreport.export_status", Endpoint::ExportStatus.path());
        traced(
            span,
            self.call::<ExportStatus>(Endpoint::ExportStatus, params(&request)),
        )
        .await?
        .ok_or_else(|| missing("export status"))
    }

    /// `POST /api/v2/CallReport/exportList`: the account's export requests, newest first.
    ///
    /// # Errors
    /// As [`Client::create_export`].
    pub async fn list_exports(&self) -> Result<Vec<ExportStatus>, Error> {
        let span = operation_span!("callreport.list_exports", Endpoint::ExportList.path());
        let list: Option<ExportStatuses> = traced(
            span,
            self.call(Endpoint::ExportList, params(&ListExports::new())),
        )
        .await?;
        Ok(list.map(|list| list.exports).unwrap_or_default())
    }

    /// `POST /api/v2/CallReport/changeTitle`: renames an export; answers its status.
    ///
    /// # Errors
    /// As [`Client::export_status`].
    pub async fn change_title(&self, request: &ChangeTitle) -> Result<ExportStatus, Error> {
        let span = operation_span!("callreport.change_title", Endpoint::ChangeTitle.path());
        traced(
            span,
            self.call::<ExportStatus>(Endpoint::ChangeTitle, params(request)),
        )
        .await?
        .ok_or_else(|| missing("export status"))
    }

    /// Reads the export's status until it is done or failed (pausing 50 ms, then twice as
    /// long each time, up to 2 s), calling `progress` with each status read; then downloads
    /// the file to `destination`, under a temporary name renamed only once complete. Answers
    /// the final status. The wait has the client's wait deadline, the download its own.
    ///
    /// # Errors
    /// An API error (code 1000, the reason in the message) when the export failed;
    /// [`ErrorKind::Deadline`] when it is still queued or running at the deadline (it may
    /// still finish on the server); as [`Client::export_status`] and
    /// [`Client::download_export`] otherwise.
    pub async fn wait_for_export(
        &self,
        id: &ExportId,
        destination: &Path,
        progress: impl FnMut(&ExportStatus),
    ) -> Result<ExportStatus, Error> {
        let span = operation_span!("callreport.wait_for_export", Endpoint::ExportStatus.path());
        traced(span, self.wait_and_download(id, destination, progress)).await
    }

    async fn wait_and_download(
        &self,
        id: &ExportId,
        destination: &Path,
        mut progress: impl FnMut(&ExportStatus),
    ) -> Result<ExportStatus, Error> {
        let limit = self.limits().wait_timeout;
        let mut last_state = None;
        let waited = tokio::time::timeout(limit, async {
            self.poll_until_finished(id, |status| {
                last_state = Some(status.state.clone());
                progress(status);
            })
            .await
        })
        .await;
        let status = waited.unwrap_or_else(|_| {
            let state = last_state.map_or_else(|| "unknown".to_owned(), |s| s.to_string());
            Err(Error::new(ErrorKind::Deadline {
                what: format!("export {id} (still {state} on the server)"),
                limit,
            }))
        })?;
        self.download_export(&status, destination).await?;
        Ok(status)
    }

    /// Reads the export's status, pausing longer each time, until it is done; a failed export
    /// is an error.
    async fn poll_until_finished(
        &self,
        id: &ExportId,
        mut progress: impl FnMut(&ExportStatus),
    ) -> Result<ExportStatus, Error> {
        let mut pause = FIRST_POLL;
        loop {
            let status = self.export_status(id).await?;
            progress(&status);
            match status.state {
                ExportState::Done => return Ok(status),
                ExportState::Failed => {
                    let reason = status.reason.as_deref().unwrap_or("no reason given");
                    return Err(Error::api(ApiError::with_message(
                        ApiCode::InvalidParameters,
                        format!("export {id} failed: {reason}"),
                    )));
                }
                _ => {}
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_POLL);
        }
    }

    /// Downloads a finished export's file from its location (`loc`) to `destination`, under
    /// a temporary name renamed only once complete; answers the bytes written. The download
    /// has the client's download deadline and stall timeout.
    ///
    /// # Errors
    /// [`ErrorKind::Http`] when the server refuses (409 not done, 404 unknown),
    /// [`ErrorKind::Incomplete`] for a cut download, [`ErrorKind::Deadline`] and
    /// [`ErrorKind::Stalled`] for one too slow, [`ErrorKind::Io`] when the file cannot be
    /// written, and network errors.
    pub async fn download_export(
        &self,
        status: &ExportStatus,
        destination: &Path,
    ) -> Result<u64, Error> {
        let span = operation_span!("callreport.download_export", telemetry::EXPORT_FILE);
        let work = within(
            self.limits().download_timeout,
            || format!("the download of export {}", status.id),
            self.download_export_file(status, destination),
        );
        traced(span, work).await
    }

    async fn download_export_file(
        &self,
        status: &ExportStatus,
        destination: &Path,
    ) -> Result<u64, Error> {
        let location = status
            .location
            .as_deref()
            .ok_or_else(|| missing("download location"))?;
        let url = reqwest::Url::parse(self.base_url())
            .and_then(|base| base.join(location))
            .map_err(|_| {
                Error::new(ErrorKind::Config(
                    "the export location is not a path".into(),
                ))
            })?;
        if !self.same_origin(&url) {
            return Err(Error::new(ErrorKind::Config(
                "the export location points at another host".into(),
            )));
        }
        let mut credentials = Map::new();
        self.inner.auth.write(&mut credentials);
        let mut url = url;
        {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in &credentials {
                if let Value::String(text) = value {
                    pairs.append_pair(key, text);
                }
            }
        }
        let limits = *self.limits();
        let response = send(self.inner.http.get(url), limits.stall_timeout).await?;
        let status_code = response.status().as_u16();
        telemetry::record_status(status_code);
        if status_code != 200 {
            let body =
                read_error_body(response, limits.max_error_body_bytes, limits.stall_timeout).await;
            return Err(Error::http(status_code, &body, None));
        }
        let (output, mut file) = super::download::open_output(destination)?;
        let received = copy_body(response, &mut file, limits.stall_timeout, |_| {}).await?;
        file.flush().await.map_err(Error::io)?;
        drop(file);
        super::download::commit_output(output).await?;
        Ok(received)
    }
}
