//! The calls family: `detail`, `list`, `masklist` and `reportCount`.

use std::fmt::Write as _;

use callreport_model::{
    ApiCode, ApiError, CallCount, GetCall, CountCalls, Endpoint, ListCalls, Response,
};
use callreport_store::{CallQuery, Store};
use http::StatusCode;
use http::header::HeaderValue;
use serde_json::Value;

use super::mask::mask_document;
use super::pipeline::{Answer, Refusal, authorize, parse, respond_to, store_failure};
use super::respond::{self, Body};
use super::views::{self, View};
use crate::NEXT_CURSOR_HEADER;

/// Answers a request to one of the family's endpoints; `base_url` prefixes recording links.
pub(crate) async fn answer(
    store: &dyn Store,
    endpoint: Endpoint,
    body: &[u8],
    base_url: &str,
) -> http::Response<Body> {
    let answer = match endpoint {
        Endpoint::Detail => detail(store, body, base_url).await,
        Endpoint::List => return list_response(store, body, false).await,
        Endpoint::MaskList => return list_response(store, body, true).await,
        Endpoint::ReportCount => count(store, body).await,
        _ => Err(Refusal::Http(
            StatusCode::NOT_FOUND,
            format!("{endpoint} is not served here"),
        )),
    };
    respond_to(answer)
}

/// A page of calls; its `nxt` cursor also goes in the [`NEXT_CURSOR_HEADER`], which a client
/// can read before it decodes the body, and so ask for the next page while it decodes this one.
async fn list_response(store: &dyn Store, body: &[u8], masked: bool) -> http::Response<Body> {
    match list(store, body, masked).await {
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

async fn detail(store: &dyn Store, body: &[u8], base_url: &str) -> Answer {
    let (auth, request) = parse::<GetCall>(body)?;
    let view = View::of(request.report_type.as_ref())?;
    let account = authorize(store, &auth).await?;
    let stored = store
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
    store: &dyn Store,
    body: &[u8],
    masked: bool,
) -> Result<(String, Option<String>), Refusal> {
    let (auth, request) = parse::<ListCalls>(body)?;
    let account = authorize(store, &auth).await?;
    let query = CallQuery::from_request(&request);
    if request.after.is_some() && query.after.is_none() {
        return Err(ApiError::with_message(
            ApiCode::InvalidParameters,
            "aftr: expected the nxt of a previous page",
        )
        .into());
    }
    let page = store
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

async fn count(store: &dyn Store, body: &[u8]) -> Answer {
    let (auth, request) = parse::<CountCalls>(body)?;
    let account = authorize(store, &auth).await?;
    let count = store
        .count(&account, &request.filter)
        .await
        .map_err(|error| store_failure(&error))?;
    Ok(Response::data(CallCount::new(count)).to_json())
}
