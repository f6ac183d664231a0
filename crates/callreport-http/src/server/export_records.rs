//! An account's export requests as both the export endpoints and the file downloads see them:
//! found by id, shown with their download location, ready or not.

use callreport_model::{ApiCode, ApiError, ExportId, ExportState, ExportStatus};
use callreport_store::{Account, ExportRecord, Store};

use super::pipeline::store_failure;

/// A refused parameter (1000).
pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::with_message(ApiCode::InvalidParameters, message)
}

/// The same answer for an unknown id and for another account's: an account cannot learn that
/// another account's export exists.
pub(crate) fn unknown(id: &ExportId) -> ApiError {
    invalid(format!("expId: no export {id} in this account"))
}

/// One export of `account`, or the answer for an unknown one.
pub(crate) async fn find(
    store: &dyn Store,
    account: &Account,
    id: &ExportId,
) -> Result<ExportRecord, ApiError> {
    store
        .export(account, id)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| unknown(id))
}

/// Why a known export has no file to give: running, queued or failed.
pub(crate) fn not_ready(record: &ExportRecord) -> Option<String> {
    let status = &record.status;
    match &status.state {
        ExportState::Done if record.file.is_some() => None,
        ExportState::Failed => Some(format!(
            "export {} failed: {}",
            status.id,
            status.reason.as_deref().unwrap_or("no reason recorded")
        )),
        state => Some(format!(
            "export {} is {state}, not done yet; ask exportStatus until it is done",
            status.id
        )),
    }
}

/// The path a finished export downloads from.
pub(crate) fn location(id: &ExportId) -> String {
    format!("/api/v2/CallReport/exports/{id}/file")
}

/// The status as the API shows it: with its download location once done.
pub(crate) fn shown(record: ExportRecord) -> ExportStatus {
    let mut status = record.status;
    if status.state == ExportState::Done {
        status.location = Some(location(&status.id));
    }
    status
}
