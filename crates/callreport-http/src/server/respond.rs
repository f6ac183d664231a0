//! Building responses: JSON bodies, API errors, HTTP-level errors, and the CORS headers.

use std::convert::Infallible;

use bytes::Bytes;
use callreport_model::{ApiCode, ApiError};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};

/// Every response body: whole JSON, or a file streamed in chunks.
pub(crate) type Body = BoxBody<Bytes, std::io::Error>;

/// The provider code a response carried, kept for the request log.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoggedCode(pub(crate) u32);

const JSON: &str = "application/json; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// The CORS headers of the provider's responses (see its example response).
const CORS: [(&str, &str); 6] = [
    ("access-control-allow-origin", "*"),
    (
        "access-control-allow-methods",
        "GET, PUT, POST, DELETE, OPTIONS",
    ),
    (
        "access-control-allow-headers",
        "session-token,Authorization,Origin,Accept,Content-Type,DNT,Authorization,Keep-Alive,\
         User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,\
         Content-Range,Range",
    ),
    ("access-control-allow-credentials", "true"),
    ("vary", "Origin"),
    ("access-control-max-age", "1728000"),
];

/// Adds the CORS headers.
pub(crate) fn add_cors(headers: &mut HeaderMap) {
    for (name, value) in CORS {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

pub(crate) fn empty() -> Body {
    Empty::new()
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// A JSON response with `status`.
pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// A plain-text response with `status`.
pub(crate) fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT));
    response
}

/// A successful API answer (HTTP 200).
pub(crate) fn api_ok(body: impl Into<Bytes>) -> Response<Body> {
    json(StatusCode::OK, body)
}

/// An API error: HTTP 200 with `{"status":"error","message":…,"code":N}`, as the provider does.
pub(crate) fn api_error(error: &ApiError) -> Response<Body> {
    with_code(StatusCode::OK, error)
}

/// An HTTP-level error (wrong method, unknown path, body too large): the HTTP status, and the
/// same JSON shape with the HTTP status as its code.
pub(crate) fn http_error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let code = ApiCode::from_number(u32::from(status.as_u16()));
    with_code(status, &ApiError::with_message(code, message))
}

/// An HTTP-level refusal carrying an API error's code (403 with 1015 for a missing permission).
pub(crate) fn refusal(status: StatusCode, error: &ApiError) -> Response<Body> {
    with_code(status, error)
}

fn with_code(status: StatusCode, error: &ApiError) -> Response<Body> {
    let body = callreport_model::Response::<serde_json::Value>::error(error.clone()).to_bytes();
    let mut response = json(status, body);
    if let Some(code) = error.code.number() {
        response.extensions_mut().insert(LoggedCode(code));
    }
    response
}

/// 429 for a client address past its failed-authentication limit, with `Retry-After` (whole
/// seconds, at least one).
pub(crate) fn too_many_failures(wait: std::time::Duration) -> Response<Body> {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let mut response = http_error(
        StatusCode::TOO_MANY_REQUESTS,
        format!("too many failed authentications from this address; retry in {seconds} s"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// 405 with the methods the path takes.
pub(crate) fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = http_error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("this path takes {allow}"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// The answer to a CORS pre-flight request.
pub(crate) fn preflight(allow: &'static str) -> Response<Body> {
    let mut response = Response::new(empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}
