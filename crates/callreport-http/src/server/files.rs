//! The files family: recording streams (whole or one `Range`), and finished exports'
//! files (`exports/<expId>/file` and `downloadPdf`, in `export_file`).
//!
//! `GET /api/v2/recording/directstream/<token>/<format>/<userId>/<YYYY>/<MM>/<DD>/<file>`
//! streams a stored recording from the store's recording files.

mod export_file;
mod stream_body;

use callreport_model::{ApiCode, ApiError, RecordingLocator, UserId};
use callreport_store::{RecordingLookup, Store, StoreError};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Response, StatusCode};

pub(crate) use self::export_file::{download_pdf, export_file};
use self::stream_body::stream_body;
use super::pipeline::store_failure;
use super::range::{self, Ranged};
use super::respond::{self, Body};

/// Answers a recording request.
pub(crate) async fn recording(
    store: &dyn Store,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Response<Body> {
    let not_found = || respond::http_error(StatusCode::NOT_FOUND, "no such recording");
    let Ok(locator) = RecordingLocator::from_path(path) else {
        return not_found();
    };
    let stored = match store.recording(&locator).await {
        Ok(RecordingLookup::Found(stored)) => {
            if let Some(refusal) = without_permission(store, &locator).await {
                return refusal;
            }
            stored
        }
        Ok(RecordingLookup::Forbidden) => {
            return respond::http_error(
                StatusCode::FORBIDDEN,
                "the token in this link is not valid for the recording's account",
            );
        }
        Ok(_) => return not_found(),
        Err(error) => {
            let failure = store_failure(&error);
            let status = if failure.code == ApiCode::DatabaseUnavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            return respond::http_error(status, failure.message);
        }
    };
    let Some(files) = store.recording_files() else {
        tracing::warn!("a recording is registered, but the store keeps no recording files");
        return not_found();
    };
    let size = match files.size(&stored.name).await {
        Ok(Some(size)) => size,
        Ok(None) => {
            tracing::warn!(files = %files, "a registered recording is not in the recording files");
            return not_found();
        }
        Err(StoreError::Invalid(_)) => {
            // Recordings registered by absolute path before schema version 6 keep it.
            tracing::warn!(
                "a registered recording is named by a path outside the recording files; \
                 register it again (`callreport sync --recordings` does)"
            );
            return not_found();
        }
        Err(error) => return unreadable(&error),
    };
    let requested = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok());
    let (status, start, length) = match range::parse(requested, size) {
        Ranged::Whole => (StatusCode::OK, 0, size),
        Ranged::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
        Ranged::Unsatisfiable => {
            let mut response = respond::http_error(
                StatusCode::RANGE_NOT_SATISFIABLE,
                format!("the recording has {size} bytes"),
            );
            insert(
                response.headers_mut(),
                header::CONTENT_RANGE,
                &format!("bytes */{size}"),
            );
            return response;
        }
    };
    let body = if method == Method::HEAD || length == 0 {
        respond::empty()
    } else {
        match files.read(&stored.name, Some(start..start + length)).await {
            Ok(Some(read)) => stream_body(read.bytes),
            Ok(None) => return not_found(),
            Err(error) => return unreadable(&error),
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    insert(headers, header::CONTENT_TYPE, &stored.content_type);
    insert(headers, header::CONTENT_LENGTH, &length.to_string());
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + length - 1;
        insert(
            headers,
            header::CONTENT_RANGE,
            &format!("bytes {start}-{end}/{size}"),
        );
    }
    response
}

/// A registered recording that the recording files cannot give: the log says why (never the
/// name, which holds the customer's number); the client gets code 1009.
fn unreadable(error: &StoreError) -> Response<Body> {
    tracing::warn!(error = %error, "a recording cannot be read from the recording files");
    respond::api_error(&ApiError::new(ApiCode::SomethingWentWrong))
}

/// 403 (code 1015) when the link's account may not read call logs: recordings are part of the
/// call log, refused like export files and every API call. Asked only once the store has
/// accepted the link's token, so it tells nothing to someone without one.
async fn without_permission(
    store: &dyn Store,
    locator: &RecordingLocator,
) -> Option<Response<Body>> {
    let user_id = UserId::new(locator.user_id()).ok()?;
    match store.account(&user_id).await {
        Ok(Some(account)) if !account.can_list_calls() => Some(respond::refusal(
            StatusCode::FORBIDDEN,
            &ApiError::new(ApiCode::PermissionDenied),
        )),
        _ => None,
    }
}

fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}
