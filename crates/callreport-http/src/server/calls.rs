//! The calls family: `detail`, `list`, `masklist` and `reportCount`.

use callreport_model::{
    ApiCode, ApiError, Call, CallCount, CallDetail, CountCalls, DetailView, Endpoint, GetCall,
    ListCalls, NEXT_CURSOR_HEADER, RawDocument, RawPage, Response, StandardContext, mask_document,
};
use callreport_store::{CallQuery, Store};
use http::StatusCode;
use http::header::HeaderValue;
use serde_json::Value;

use super::pipeline::{Answer, Refusal, authorize, parse, respond_to, store_failure};
use super::respond::{self, Body};

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
        Ok((body, next)) => {
            let mut response = respond::api_ok(body);
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
    let account = authorize(store, &auth).await?;
    let stored = store
        .call(&account, &request.call_id)
        .await
        .map_err(|error| store_failure(&error))?;
    let Some(stored) = stored else {
        return Ok(Response::<Value>::no_data().to_bytes());
    };
    if request.view == DetailView::All {
        return Ok(RawDocument::new(stored.document).to_bytes());
    }
    let call = Call::from_json(&stored.document).map_err(|error| {
        tracing::error!(error = %error, "a stored call does not decode");
        ApiError::new(ApiCode::SomethingWentWrong)
    })?;
    let context = StandardContext::new(base_url).agent_name(stored.first_agent_name.as_deref());
    let detail = CallDetail::derive(call, request.view, context);
    Ok(Response::data(detail).to_bytes())
}

/// A page's body and its `nxt` cursor, if there is a next page.
async fn list(
    store: &dyn Store,
    body: &[u8],
    masked: bool,
) -> Result<(Vec<u8>, Option<String>), Refusal> {
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
    let rows = if masked {
        page.documents
            .iter()
            .map(|document| mask_document(document))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|error| {
                tracing::error!(error = %error, "a stored call is not a call document");
                ApiError::new(ApiCode::SomethingWentWrong)
            })?
    } else {
        page.documents
    };
    let next = page.next.as_ref().map(|next| next.to_text());
    let number = query.after.is_none().then_some(u64::from(query.page));
    let raw = RawPage::new(rows)
        .with_paging(page.total, number, u64::from(query.limit))
        .with_next(next.clone());
    Ok((raw.to_bytes(), next))
}

async fn count(store: &dyn Store, body: &[u8]) -> Answer {
    let (auth, request) = parse::<CountCalls>(body)?;
    let account = authorize(store, &auth).await?;
    let count = store
        .count(&account, &request.filter)
        .await
        .map_err(|error| store_failure(&error))?;
    Ok(Response::data(CallCount::new(count)).to_bytes())
}
