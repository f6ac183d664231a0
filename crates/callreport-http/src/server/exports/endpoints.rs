//! `exportCsv`, `exportCsvBulk`, `exportStatus`, `exportList`, `changeTitle`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use callreport_formatting::{Format, Report};
use callreport_model::{
    ApiCode, ApiError, ChangeTitle, CountCalls, CreateExport, ExportFormat, ExportId,
    ExportStatuses, GetExport, ListExports, Request, Response,
};
use callreport_store::{ClaimedExport, ExportQuota, NewExport, Store, StoreError};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::generate::Job;
use super::pool::Exports;
use crate::server::export_records::{find, invalid, shown, unknown};
use crate::server::pipeline::{Answer, authorize, parse, store_failure};

/// The title of a report whose request gave none.
const DEFAULT_TITLE: &str = "Call report";

pub(crate) async fn create(store: &Arc<dyn Store>, exports: &Exports, body: &[u8]) -> Answer {
    let (auth, request) = parse::<CreateExport>(body)?;
    let (format, extension) =
        format_of(&request.format).ok_or_else(|| invalid("frmt: expected csv, xlsx or pdf"))?;
    let report = report_of(request.title.as_deref(), request.columns.as_deref())
        .map_err(|error| invalid(format!("cols: {error}")))?;
    let account = authorize(store.as_ref(), &auth).await?;
    let mut filter = Map::new();
    request.filter.write(&mut filter);
    let id = new_id().map_err(|_| ApiError::new(ApiCode::SomethingWentWrong))?;
    let mut new = NewExport::new(
        id.clone(),
        request.format.clone(),
        Value::Object(filter).to_string(),
    );
    new.title.clone_from(&request.title);
    let limits = exports.limits();
    new = new
        .owned_by(exports.owner(), limits.lease)
        .within(ExportQuota::new(
            limits.max_active_per_account,
            limits.max_kept_bytes_per_account,
        ));
    new.columns = request
        .columns
        .as_ref()
        .map(|columns| Value::from(columns.clone()).to_string());
    let record = store
        .create_export(&account, new)
        .await
        .map_err(|error| match error {
            StoreError::OverQuota(message) => invalid(message),
            error => store_failure(&error),
        })?;
    let job = Job {
        id,
        account,
        format,
        extension,
        report,
        filter: request.filter,
    };
    exports.start(Arc::clone(store), job);
    Ok(Response::data(shown(record)).to_bytes())
}

pub(crate) async fn status(store: &dyn Store, body: &[u8]) -> Answer {
    let (auth, request) = parse::<GetExport>(body)?;
    let account = authorize(store, &auth).await?;
    let record = find(store, &account, &request.export_id).await?;
    Ok(Response::data(shown(record)).to_bytes())
}

pub(crate) async fn list(store: &dyn Store, body: &[u8]) -> Answer {
    let (auth, request) = parse::<ListExports>(body)?;
    let account = authorize(store, &auth).await?;
    let page = request.page.unwrap_or(1);
    let limit = request.limit.unwrap_or(ListExports::DEFAULT_LIMIT);
    let found = store
        .exports(&account, page, limit)
        .await
        .map_err(|error| store_failure(&error))?;
    let list = ExportStatuses::new(found.records.into_iter().map(shown).collect()).with_paging(
        found.total,
        u64::from(page),
        u64::from(limit),
    );
    Ok(Response::data(list).to_bytes())
}

pub(crate) async fn rename(store: &dyn Store, body: &[u8]) -> Answer {
    let (auth, request) = parse::<ChangeTitle>(body)?;
    let account = authorize(store, &auth).await?;
    let record = store
        .rename_export(&account, &request.export_id, &request.title)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| unknown(&request.export_id))?;
    Ok(Response::data(shown(record)).to_bytes())
}

/// The report of a request: its title (or the default) and columns (or the defaults).
fn report_of(
    title: Option<&str>,
    columns: Option<&[String]>,
) -> Result<Report, callreport_formatting::Error> {
    let report = Report::new(title.unwrap_or(DEFAULT_TITLE));
    match columns {
        Some(columns) => report.with_column_names(columns),
        None => Ok(report),
    }
}

/// Starts again, from the beginning, an export taken over from a server that is gone: the job
/// is rebuilt from the request as it was stored.
///
/// # Errors
/// Why the stored request cannot be worked on (the caller fails the export with it).
pub(crate) fn resume(
    store: &Arc<dyn Store>,
    exports: &Exports,
    claimed: ClaimedExport,
) -> Result<(), String> {
    let (format, extension) =
        format_of(&claimed.format).ok_or_else(|| "the stored format is not known".to_owned())?;
    let columns: Option<Vec<String>> = claimed
        .columns
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|error| format!("the stored columns: {error}"))?;
    let report = report_of(claimed.title.as_deref(), columns.as_deref())
        .map_err(|error| format!("the stored columns: {error}"))?;
    let keys = match serde_json::from_str(&claimed.filter) {
        Ok(Value::Object(keys)) => keys,
        _ => return Err("the stored filter is not a JSON object".into()),
    };
    let filter = CountCalls::read_params(keys)
        .map_err(|error| format!("the stored filter: {error}"))?
        .filter;
    let job = Job {
        id: claimed.id,
        account: claimed.account,
        format,
        extension,
        report,
        filter,
    };
    exports.start(Arc::clone(store), job);
    Ok(())
}

/// A new export id: unique, and not guessable from another account's.
fn new_id() -> Result<ExportId, callreport_model::InvalidId> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut digest = Sha256::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    digest.update(now.as_nanos().to_le_bytes());
    digest.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    digest.update(std::process::id().to_le_bytes());
    let hex: String = digest.finalize()[..10]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    ExportId::new(format!("exp_{hex}"))
}

/// The formatting crate's format for an export format, with the file extension.
fn format_of(format: &ExportFormat) -> Option<(Format, &'static str)> {
    let name = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Pdf => "pdf",
        _ => return None,
    };
    let parsed: Format = name.parse().ok()?;
    Some((parsed, name))
}
