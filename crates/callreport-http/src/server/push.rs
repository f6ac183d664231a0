//! The push family: `POST /push/{key}` receives the push report the provider sends after each
//! call, as JSON or as the form field `push_report`, and stores its call in the key's account.
//!
//! Answers: 200 with the text `GODBLESSYOU` (the provider's verification expects it) once the
//! call is stored; 401 for a key no account holds (counted as a failed authentication); 400
//! naming the field of a malformed report; 403 for a report of another account; 503 when the
//! store fails, so that the provider delivers again. Only a 200 stores anything. A report is
//! upserted by call id, so a repeated delivery leaves one call.

use callreport_model::{PUSH_ACKNOWLEDGEMENT, PushReport};
use callreport_store::{ImportCall, Store};
use http::header::CONTENT_TYPE;
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;

use super::body;
use super::config::ServerConfig;
use super::pipeline::store_failure;
use super::respond::{self, Body};

/// Answers one delivery to `/push/{key}`.
pub(crate) async fn receive(
    store: &dyn Store,
    config: &ServerConfig,
    key: &str,
    request: Request<Incoming>,
) -> Response<Body> {
    let account = match store.push_account(key).await {
        Ok(Some(account)) => account,
        Ok(None) => {
            return respond::http_error(StatusCode::UNAUTHORIZED, "unknown push key");
        }
        Err(error) => return unavailable(&store_failure(&error).message),
    };
    let (parts, body) = request.into_parts();
    let body = match body::read(&parts.headers, body, config).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let mut call = match PushReport::decode(content_type, &body) {
        Ok(report) => report.call,
        Err(error) => {
            return respond::http_error(
                StatusCode::BAD_REQUEST,
                format!("not a push report: {error}"),
            );
        }
    };
    match &call.user_id {
        Some(user_id) if user_id != account.user_id() => {
            return respond::http_error(
                StatusCode::FORBIDDEN,
                "the report's userId is not the account of this push key",
            );
        }
        Some(_) => {}
        None => call.user_id = Some(account.user_id().clone()),
    }
    let stored = store
        .import(
            account.user_id(),
            vec![ImportCall::new(call.to_json(), call)],
        )
        .await;
    match stored {
        Ok(_) => respond::text(StatusCode::OK, PUSH_ACKNOWLEDGEMENT),
        Err(error) => unavailable(&store_failure(&error).message),
    }
}

/// 503: the provider retries a delivery that was not answered with 200.
fn unavailable(message: &str) -> Response<Body> {
    respond::http_error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("the report could not be stored ({message}); deliver it again"),
    )
}
