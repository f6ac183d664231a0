//! Server-side exports: each format built on the server and read back, the queue, a restart
//! mid-export, renames, and isolation between accounts.

mod formats;
mod isolation;
mod jobs;
mod paging;

use std::path::Path;
use std::time::Duration;

use callreport_http::client::Client;
use callreport_model::{ExportId, ExportState, ExportStatus};

/// Reads the status until `done` says yes, for at most 20 s.
pub(crate) async fn status_until(
    client: &Client,
    id: &ExportId,
    done: impl Fn(&ExportStatus) -> bool,
) -> ExportStatus {
    for _ in 0..400 {
        let status = client.export_status(id).await.unwrap();
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the export never reached the expected state");
}

/// Whether the export folder holds a temporary file.
pub(crate) fn has_partial_files(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| entry.file_name().to_string_lossy().contains('#'))
    })
}

pub(crate) fn is_running(status: &ExportStatus) -> bool {
    status.state == ExportState::Running
}
