//! Export files: `GET /api/v2/CallReport/exports/<expId>/file` with the credentials in the
//! query (`ssid`, or `userId` and `token`), and the bytes `downloadPdf` answers with.

use callreport_model::{ApiCode, Auth, DownloadPdf, ExportFormat, ExportId};
use callreport_store::{ExportRecord, FileStore, Store};
use http::header::{self, HeaderValue};
use http::{Response, StatusCode};
use serde_json::{Map, Value};

use super::stream_body::stream_body;
use crate::server::export_records::{find, invalid, not_ready};
use crate::server::pipeline::{authorize, parse};
use crate::server::respond::{self, Body};

/// The credentials in a query string, read as a body's would be.
fn auth_in(query: &str) -> Option<Auth> {
    let mut params = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        params.insert(key.to_owned(), Value::from(decode(value)?));
    }
    Auth::take(&mut params).ok()
}

/// Percent-decoding of a query value.
fn decode(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut input = value.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'%' => {
                let high = char::from(input.next()?).to_digit(16)?;
                let low = char::from(input.next()?).to_digit(16)?;
                bytes.push(u8::try_from(high * 16 + low).ok()?);
            }
            b'+' => bytes.push(b' '),
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// Answers a file download of export `id` (`None`: the path names none) from `files`.
pub(crate) async fn export_file(
    store: &dyn Store,
    files: &FileStore,
    id: Option<ExportId>,
    query: Option<&str>,
) -> Response<Body> {
    let Some(id) = id else {
        return respond::http_error(StatusCode::NOT_FOUND, "no such export file");
    };
    let Some(auth) = query.and_then(auth_in) else {
        return respond::http_error(
            StatusCode::UNAUTHORIZED,
            "send the credentials in the query: ssid, or userId and token",
        );
    };
    let account = match authorize(store, &auth).await {
        Ok(account) => account,
        Err(error) if error.code == ApiCode::PermissionDenied => {
            return respond::refusal(StatusCode::FORBIDDEN, &error);
        }
        Err(error) if error.code == ApiCode::InvalidToken => {
            return respond::http_error(StatusCode::UNAUTHORIZED, error.message);
        }
        Err(error) => return respond::api_error(&error),
    };
    let record = match find(store, &account, &id).await {
        Ok(record) => record,
        Err(error) if error.code == ApiCode::InvalidParameters => {
            return respond::http_error(StatusCode::NOT_FOUND, error.message);
        }
        Err(error) => return respond::api_error(&error),
    };
    if let Some(reason) = not_ready(&record) {
        return respond::http_error(StatusCode::CONFLICT, reason);
    }
    send(files, &record).await
}

/// `downloadPdf`: a finished PDF export's bytes, answered to a POST with the credentials in the
/// body.
pub(crate) async fn download_pdf(
    store: &dyn Store,
    files: &FileStore,
    body: &[u8],
) -> Response<Body> {
    let answer = async {
        let (auth, request) = parse::<DownloadPdf>(body)?;
        let account = authorize(store, &auth).await?;
        let record = find(store, &account, &request.export_id).await?;
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
        Ok(record) => send(files, &record).await,
        Err(error) => respond::api_error(&error),
    }
}

fn media_type(format: &ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat::Pdf => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Streams a finished export's file from `files` with its type, length and a file name.
async fn send(files: &FileStore, record: &ExportRecord) -> Response<Body> {
    let gone = || respond::http_error(StatusCode::GONE, "the export file is no longer there");
    let Some(name) = record.file.as_ref().and_then(|f| f.file_name()) else {
        return gone();
    };
    let name = name.to_string_lossy();
    let read = match files.read(&name, None).await {
        Ok(Some(read)) => read,
        Ok(None) => return gone(),
        Err(error) => {
            tracing::warn!(export = %record.status.id, error = %error, "an export file cannot be read");
            return respond::http_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the export file cannot be read now; try again later",
            );
        }
    };
    let size = read.size;
    let mut response = Response::new(stream_body(read.bytes));
    let headers = response.headers_mut();
    let format = &record.status.format;
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(format)),
    );
    if let Ok(length) = HeaderValue::from_str(&size.to_string()) {
        headers.insert(header::CONTENT_LENGTH, length);
    }
    let disposition = format!("attachment; filename=\"{name}\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
