//! `callreport export --on-server`: the server builds the file, this side waits and downloads.

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use callreport_http::client::Client;
use callreport_model::{CreateExport, ExportId};

use crate::exit::Failure;

/// What an export built on the server came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServerExportSummary {
    /// The server's id of the export.
    pub(crate) id: ExportId,
    /// Rows in the file.
    pub(crate) rows: u64,
    /// Bytes downloaded.
    pub(crate) bytes: u64,
    /// From the request to the file in place.
    pub(crate) elapsed: Duration,
}

/// Asks the server to build the report, reports `progress` (rows written, and the file's size
/// once known) while it waits, then downloads the file to `destination`. Nothing is left at
/// `destination` when it fails or `interrupted` completes (SIGINT or SIGTERM): the download is
/// written under a temporary name, removed when the future is dropped.
pub(crate) async fn export_on_server(
    client: &Client,
    request: CreateExport,
    destination: &Path,
    interrupted: impl Future<Output = ()>,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<ServerExportSummary, Failure> {
    let started = Instant::now();
    let work = async {
        let created = client.create_export(&request).await?;
        let done = client
            .wait_for_export(&created.id, destination, |status| {
                progress(status.rows, status.bytes);
            })
            .await?;
        Ok::<_, Failure>(done)
    };
    let done = tokio::select! {
        done = work => done?,
        () = interrupted => {
            return Err(Failure::other("interrupted; no file was written"));
        }
    };
    let bytes = done.bytes.unwrap_or(0);
    Ok(ServerExportSummary {
        id: done.id,
        rows: done.rows,
        bytes,
        elapsed: started.elapsed(),
    })
}
