//! The Call Report endpoints: read the body with the model's request type, authenticate, check
//! `LIST_CALL_LOG`, ask the store, answer.
//!
//! The order of the checks decides which error a bad request gets: 1047 (not JSON), then 1000
//! (a missing, invalid, unknown or conflicting parameter), then 1014 (credentials), then 1015
//! (permission), then 1010 / 1009 from the store.

use std::fmt::Write as _;

use bytes::Bytes;
use callreport_model::request::reject_unknown;
use callreport_model::{
    ApiCode, ApiError, CallCount, CallDetail, CountCalls, Endpoint, ListCalls, Request,
    RequestError, Response,
};
use http::StatusCode;
use http::header::HeaderValue;
use serde_json::Value;

use super::Shared;
use super::exports::api as exports;
use super::mask::mask_document;
use super::respond::{self, Body};
use super::views::{self, View};
use crate::NEXT_CURSOR_HEADER;
use crate::error::StoreError;
use crate::store::{Account, CallQuery};

/// What an endpoint answers: a JSON body (HTTP 200), or a refusal.
pub(crate) type Answer = Result<String, Refusal>;

/// Why a request was refused.
pub(crate) enum Refusal {
    /// An API error, answered with HTTP 200.
    Api(ApiError),
    /// An HTTP-level refusal.
    Http(StatusCode, String),
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// Answers a Call Report request; `base_url` prefixes recording links.
pub(crate) async fn answer(
    shared: &Shared,
    endpoint: Endpoint,
    body: &Bytes,
    base_url: &str,
) -> http::Response<Body> {
    let answer = match endpoint {
        Endpoint::Detail => detail(shared, body, base_url).await,
        Endpoint::List => return list_response(shared, body, false).await,
        Endpoint::MaskList => return list_response(shared, body, true).await,
        Endpoint::ReportCount => count(shared, body).await,
        Endpoint::ExportCsv | Endpoint::ExportCsvBulk => exports::create(shared, body).await,
        Endpoint::ExportStatus => exports::status(shared, body).await,
        Endpoint::ExportList => exports::list(shared, body).await,
        Endpoint::ChangeTitle => exports::rename(shared, body).await,
        Endpoint::DownloadPdf => return exports::download_pdf(shared, body).await,
        _ => Err(Refusal::Http(
            StatusCode::NOT_FOUND,
            format!("{endpoint} is not served here"),
        )),
    };
    respond_to(answer)
}

fn respond_to(answer: Answer) -> http::Response<Body> {
    match answer {
        Ok(json) => respond::api_ok(json),
        Err(Refusal::Api(error)) => respond::api_error(&error),
        Err(Refusal::Http(status, message)) => respond::http_error(status, message),
    }
}

/// A page of calls; its `nxt` cursor also goes in the [`NEXT_CURSOR_HEADER`], which a client
/// can read before it decodes the body, and so ask for the next page while it decodes this one.
async fn list_response(shared: &Shared, body: &[u8], masked: bool) -> http::Response<Body> {
    match list(shared, body, masked).await {
        Ok((json, next)) => {
            let mut response = respond::api_ok(json);
            if let Some(value) = next.and_then(|next| HeaderValue::from_str(&next).ok()) {
                response.headers_mut().insert(NEXT_CURSOR_HEADER, value);
            }
            response
        }
        Err(refusal) => respond_to(Err(refusal)),
    }
}

fn request_error(error: &RequestError) -> ApiError {
    ApiError::with_message(error.api_code(), error.to_string())
}

/// Reads a body strictly: unknown parameters are refused, naming the first.
pub(crate) fn parse<R: Request>(body: &[u8]) -> Result<(callreport_model::Auth, R), ApiError> {
    let (auth, request) = R::from_json(body).map_err(|error| request_error(&error))?;
    reject_unknown(request.extra()).map_err(|error| request_error(&error))?;
    Ok((auth, request))
}

/// Logs a store failure (its message never carries secrets) and turns it into 1010 or 1009.
pub(crate) fn store_failure(error: &StoreError) -> ApiError {
    let cause = std::error::Error::source(error).map(ToString::to_string);
    tracing::warn!(error = %error, cause = cause.as_deref().unwrap_or(""), "store failure");
    ApiError::new(error.api_code())
}

/// The account behind the credentials, if it may read call logs.
pub(crate) async fn authorize(
    shared: &Shared,
    auth: &callreport_model::Auth,
) -> Result<Account, ApiError> {
    let account = shared
        .store
        .authenticate(auth)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| ApiError::new(ApiCode::InvalidToken))?;
    if account.can_list_calls() {
        Ok(account)
    } else {
        Err(ApiError::new(ApiCode::PermissionDenied))
    }
}

async fn detail(shared: &Shared, body: &[u8], base_url: &str) -> Answer {
    let (auth, request) = parse::<CallDetail>(body)?;
    let view = View::of(request.report_type.as_ref())?;
    let account = authorize(shared, &auth).await?;
    let stored = shared
        .store
        .call(&account, &request.call_id)
        .await
        .map_err(|error| store_failure(&error))?;
    let Some(stored) = stored else {
        return Ok(Response::<Value>::no_data().to_json());
    };
    views::render(view, &stored, base_url).map_err(|reason| {
        tracing::error!(reason = %reason, "a stored call does not decode");
        ApiError::new(ApiCode::SomethingWentWrong).into()
    })
}

/// A page's JSON and its `nxt` cursor, if there is a next page.
async fn list(
    shared: &Shared,
    body: &[u8],
    masked: bool,
) -> Result<(String, Option<String>), Refusal> {
    let (auth, request) = parse::<ListCalls>(body)?;
    let account = authorize(shared, &auth).await?;
    let query = CallQuery::from_request(&request);
    if request.after.is_some() && query.after.is_none() {
        return Err(ApiError::with_message(
            ApiCode::InvalidParameters,
            "aftr: expected the nxt of a previous page",
        )
        .into());
    }
    let page = shared
        .store
        .list(&account, &query)
        .await
        .map_err(|error| store_failure(&error))?;
    let capacity = page.documents.iter().map(String::len).sum::<usize>() + 64;
    let mut json = String::with_capacity(capacity);
    json.push_str("{\"data\":[");
    for (index, document) in page.documents.iter().enumerate() {
        if index > 0 {
            json.push(',');
        }
        if masked {
            let document = mask_document(document).map_err(|error| {
                tracing::error!(error = %error, "a stored call is not JSON");
                ApiError::new(ApiCode::SomethingWentWrong)
            })?;
            json.push_str(&document);
        } else {
            json.push_str(document.trim());
        }
    }
    json.push(']');
    if let Some(total) = page.total {
        let _ = write!(json, ",\"ttl\":{total}");
    }
    if query.after.is_none() {
        let _ = write!(json, ",\"pg\":{}", query.page);
    }
    let _ = write!(json, ",\"lmt\":{}", query.limit);
    let next = page.next.as_ref().map(|next| next.to_text());
    if let Some(next) = &next {
        let _ = write!(json, ",\"nxt\":{}", Value::from(next.as_str()));
    }
    json.push('}');
    Ok((json, next))
}

async fn count(shared: &Shared, body: &[u8]) -> Answer {
    let (auth, request) = parse::<CountCalls>(body)?;
    let account = authorize(shared, &auth).await?;
    let count = shared
        .store
        .count(&account, &request.filter)
        .await
        .map_err(|error| store_failure(&error))?;
    Ok(Response::data(CallCount::new(count)).to_json())
}
