//! `exportCsv`, `exportCsvBulk`, `exportStatus`, `exportList`, `changeTitle`, `downloadPdf`.

use std::sync::Arc;

use callreport_formatting::Report;
use callreport_model::{
    ApiCode, ApiError, ChangeTitle, CreateExport, DownloadPdf, ExportFormat, ExportId, ExportList,
    ExportState, ListExports, ReadExport, Response,
};
use serde_json::{Map, Value};

use super::{Job, file, format_of, new_id, shown};
use crate::server::Shared;
use crate::server::api::{Answer, authorize, parse, store_failure};
use crate::server::respond::{self, Body};
use crate::store::{Account, ExportRecord, NewExport};

/// The title of a report whose request gave none.
const DEFAULT_TITLE: &str = "Call report";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::with_message(ApiCode::InvalidParameters, message)
}

/// The same answer for an unknown id and for another account's: an account cannot learn that
/// another account's export exists.
fn unknown(id: &ExportId) -> ApiError {
    invalid(format!("expId: no export {id} in this account"))
}

pub(crate) async fn create(shared: &Shared, body: &[u8]) -> Answer {
    let (auth, request) = parse::<CreateExport>(body)?;
    let (format, extension) =
        format_of(&request.format).ok_or_else(|| invalid("frmt: expected csv, xlsx or pdf"))?;
    let title = request
        .title
        .clone()
        .unwrap_or_else(|| DEFAULT_TITLE.into());
    let mut report = Report::new(title);
    if let Some(columns) = &request.columns {
        report = report
            .with_column_names(columns)
            .map_err(|error| invalid(format!("cols: {error}")))?;
    }
    let account = authorize(shared, &auth).await?;
    let mut filter = Map::new();
    request.filter.write(&mut filter);
    let id = new_id().map_err(|_| ApiError::new(ApiCode::SomethingWentWrong))?;
    let mut new = NewExport::new(
        id.clone(),
        request.format.clone(),
        Value::Object(filter).to_string(),
    );
    new.title.clone_from(&request.title);
    new.columns = request
        .columns
        .as_ref()
        .map(|columns| Value::from(columns.clone()).to_string());
    let record = shared
        .store
        .create_export(&account, new)
        .await
        .map_err(|error| store_failure(&error))?;
    let job = Job {
        id,
        account,
        format,
        extension,
        report,
        filter: request.filter,
    };
    shared.exports.start(Arc::clone(&shared.store), job);
    Ok(Response::data(shown(record)).to_json())
}

/// One export of `account`, or the answer for an unknown one.
pub(crate) async fn find(
    shared: &Shared,
    account: &Account,
    id: &ExportId,
) -> Result<ExportRecord, ApiError> {
    shared
        .store
        .export(account, id)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| unknown(id))
}

pub(crate) async fn status(shared: &Shared, body: &[u8]) -> Answer {
    let (auth, request) = parse::<ReadExport>(body)?;
    let account = authorize(shared, &auth).await?;
    let record = find(shared, &account, &request.export_id).await?;
    Ok(Response::data(shown(record)).to_json())
}

pub(crate) async fn list(shared: &Shared, body: &[u8]) -> Answer {
    let (auth, _request) = parse::<ListExports>(body)?;
    let account = authorize(shared, &auth).await?;
    let records = shared
        .store
        .exports(&account)
        .await
        .map_err(|error| store_failure(&error))?;
    let list = ExportList::new(records.into_iter().map(shown).collect());
    Ok(Response::data(list).to_json())
}

pub(crate) async fn rename(shared: &Shared, body: &[u8]) -> Answer {
    let (auth, request) = parse::<ChangeTitle>(body)?;
    let account = authorize(shared, &auth).await?;
    let record = shared
        .store
        .rename_export(&account, &request.export_id, &request.title)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| unknown(&request.export_id))?;
    Ok(Response::data(shown(record)).to_json())
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

pub(crate) async fn download_pdf(shared: &Shared, body: &[u8]) -> http::Response<Body> {
    let answer = async {
        let (auth, request) = parse::<DownloadPdf>(body)?;
        let account = authorize(shared, &auth).await?;
        let record = find(shared, &account, &request.export_id).await?;
        if record.status.format != ExportFormat::Pdf {
            return Err(invalid(format!(
                "export {} is a {} export; downloadPdf serves PDF exports, download it from its loc",
                record.status.id, record.status.format
            )));
        }
        if let Some(reason) = not_ready(&record) {
            return Err(invalid(reason));
        }
        Ok(record)
    }
    .await;
    match answer {
        Ok(record) => file::send(shared, &record).await,
        Err(error) => respond::api_error(&error),
    }
}
