//! The router: which endpoint family a request goes to, and what every request goes through
//! around it (a caught panic is 1009, CORS headers, one log line).

use std::borrow::Cow;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use callreport_model::{ApiCode, ApiError, Endpoint, ExportId, RECORDING_PATH};
use callreport_store::Store;
use futures::FutureExt;
use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;

use super::auth_limit::AuthLimit;
use super::config::ServerConfig;
use super::exports::{self, Exports};
use super::respond::{self, Body, LoggedCode};
use super::{body, calls, files, push};

/// What every request handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) config: ServerConfig,
    pub(crate) local_addr: SocketAddr,
    pub(crate) exports: Exports,
    pub(crate) auth_limit: AuthLimit,
}

/// Answers one request from `peer`: routes it, catches a panic as 1009, limits failed
/// authentications, adds CORS headers, logs it (the route, never the raw path).
pub(crate) async fn handle(
    shared: &Shared,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let route = Route::of(request.uri().path());
    let mut response = match AssertUnwindSafe(dispatch(shared, request))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(path = %route.loggable(), "a request handler panicked");
            respond::api_error(&ApiError::new(ApiCode::SomethingWentWrong))
        }
    };
    if failed_authentication(route, &response)
        && let Err(wait) = shared.auth_limit.failure(peer.ip())
    {
        response = respond::too_many_failures(wait);
    }
    respond::add_cors(response.headers_mut());
    let code = response.extensions().get::<LoggedCode>().map(|c| c.0);
    tracing::info!(
        method = %method,
        path = %route.loggable(),
        status = response.status().as_u16(),
        code,
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// Whether a response refused the request's credentials: API error 1014, or for the routes
/// that take credentials in the URL, 401 (export files) and 403 (a recording's token).
fn failed_authentication(route: Route, response: &Response<Body>) -> bool {
    let code = response.extensions().get::<LoggedCode>().map(|c| c.0);
    code == ApiCode::InvalidToken.number()
        || response.status() == StatusCode::UNAUTHORIZED
        || (route == Route::Recording
            && response.status() == StatusCode::FORBIDDEN
            && code != ApiCode::PermissionDenied.number())
}

async fn dispatch(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    let route = Route::of(request.uri().path());
    let method = request.method().clone();
    if route == Route::NotFound {
        return respond::http_error(StatusCode::NOT_FOUND, "no such path");
    }
    if method == Method::OPTIONS {
        return respond::preflight(route.allow());
    }
    match (route, &method) {
        (Route::Api(endpoint), &Method::POST) => {
            let base_url = shared.config.links_base(shared.local_addr);
            let (parts, body) = request.into_parts();
            match body::read(&parts.headers, body, &shared.config).await {
                Ok(body) => api(shared, endpoint, &body, &base_url).await,
                Err(refusal) => refusal,
            }
        }
        (Route::Recording, &Method::GET | &Method::HEAD) => {
            let store = shared.store.as_ref();
            files::recording(store, &method, request.uri().path(), request.headers()).await
        }
        (Route::ExportFile, &Method::GET | &Method::HEAD) => {
            let uri = request.uri();
            let id = export_id_in(uri.path());
            let files = shared.exports.files();
            files::export_file(shared.store.as_ref(), files, id, uri.query()).await
        }
        (Route::Push, &Method::POST) => {
            let key = push_key_in(request.uri().path()).to_owned();
            push::receive(shared.store.as_ref(), &shared.config, &key, request).await
        }
        (Route::Health, &Method::GET | &Method::HEAD) => {
            respond::json(StatusCode::OK, r#"{"status":"ok"}"#)
        }
        _ => respond::method_not_allowed(route.allow()),
    }
}

/// A Call Report endpoint, answered by its family; `base_url` prefixes recording links.
async fn api(shared: &Shared, endpoint: Endpoint, body: &[u8], base_url: &str) -> Response<Body> {
    let store = shared.store.as_ref();
    match endpoint {
        Endpoint::Detail | Endpoint::List | Endpoint::MaskList | Endpoint::ReportCount => {
            calls::answer(store, endpoint, body, base_url).await
        }
        Endpoint::ExportCsv
        | Endpoint::ExportCsvBulk
        | Endpoint::ExportStatus
        | Endpoint::ExportList
        | Endpoint::ChangeTitle => {
            exports::answer(&shared.store, &shared.exports, endpoint, body).await
        }
        Endpoint::DownloadPdf => files::download_pdf(store, shared.exports.files(), body).await,
        _ => respond::http_error(
            StatusCode::NOT_FOUND,
            format!("{endpoint} is not served here"),
        ),
    }
}

/// The id in `/api/v2/CallReport/exports/<expId>/file`.
fn export_id_in(path: &str) -> Option<ExportId> {
    let rest = path.get(API_PREFIX.len()..)?;
    let rest = rest.strip_prefix("exports/")?;
    let id = rest.strip_suffix("/file")?;
    ExportId::new(id).ok()
}

/// The key in `/push/{key}` (with or without a trailing `/`).
fn push_key_in(path: &str) -> &str {
    let key = path.strip_prefix(PUSH_PREFIX).unwrap_or_default();
    key.strip_suffix('/').unwrap_or(key)
}

/// The prefix of the push-report receiver's path, `/push/{key}`.
const PUSH_PREFIX: &str = "/push/";

/// The Call Report path prefix, compared without regard to case (`CallReport`, `callreport`).
const API_PREFIX: &str = "/api/v2/callreport/";

/// The path of the liveness route, also the benchmarks' baseline.
const HEALTH_PATH: &str = "/health";

/// Where a request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// A Call Report endpoint.
    Api(Endpoint),
    /// An export's file (`exports/<expId>/file`).
    ExportFile,
    /// A recording stream.
    Recording,
    /// The push-report receiver (`/push/{key}`).
    Push,
    /// The liveness route.
    Health,
    /// Nothing here.
    NotFound,
}

impl Route {
    /// The route for a request path (without the query).
    pub(crate) fn of(path: &str) -> Self {
        if let Some(rest) = strip_prefix_ignoring_case(path, API_PREFIX) {
            if rest.starts_with("exports/") && rest.ends_with("/file") {
                return Self::ExportFile;
            }
            let segment = rest.strip_suffix('/').unwrap_or(rest);
            return Endpoint::from_segment(segment).map_or(Self::NotFound, Self::Api);
        }
        if path.starts_with(RECORDING_PATH) {
            return Self::Recording;
        }
        if path == HEALTH_PATH {
            return Self::Health;
        }
        if path.starts_with(PUSH_PREFIX) {
            let key = push_key_in(path);
            if !key.is_empty() && !key.contains('/') {
                return Self::Push;
            }
        }
        Self::NotFound
    }

    /// The path as it is logged: the route's canonical spelling, never what came (which may
    /// carry a recording token, a phone number in a file name, or anything at all).
    pub(crate) fn loggable(self) -> Cow<'static, str> {
        match self {
            Self::Api(endpoint) => Cow::Owned(endpoint.path()),
            Self::ExportFile => Cow::Borrowed("/api/v2/CallReport/exports/{expId}/file"),
            Self::Recording => Cow::Borrowed("/api/v2/recording/directstream/{locator}"),
            Self::Health => Cow::Borrowed(HEALTH_PATH),
            Self::Push => Cow::Borrowed("/push/{key}"),
            Self::NotFound => Cow::Borrowed("(no such route)"),
        }
    }

    /// The methods the route takes, for `Allow`.
    pub(crate) fn allow(self) -> &'static str {
        match self {
            Self::Api(_) | Self::Push => "POST, OPTIONS",
            Self::Recording | Self::Health | Self::ExportFile => "GET, HEAD, OPTIONS",
            Self::NotFound => "OPTIONS",
        }
    }
}

fn strip_prefix_ignoring_case<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &path[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use callreport_model::Endpoint;

    use super::Route;

    #[test]
    fn paths_match_ignoring_case_with_an_optional_trailing_slash() {
        let cases = [
            ("/api/v2/CallReport/detail", Route::Api(Endpoint::Detail)),
            (
                "/api/v2/callreport/reportcount/",
                Route::Api(Endpoint::ReportCount),
            ),
            (
                "/API/V2/CALLREPORT/MASKLIST",
                Route::Api(Endpoint::MaskList),
            ),
            ("/api/v2/CallReport/detail//", Route::NotFound),
            ("/api/v2/CallReport/", Route::NotFound),
            ("/api/v2/CallReport", Route::NotFound),
            (
                "/api/v2/recording/directstream/t/mp3/1/2025/11/22/f.mp3",
                Route::Recording,
            ),
            ("/health", Route::Health),
            ("/push/demo-push-10000001", Route::Push),
            ("/push/demo-push-10000001/", Route::Push),
            ("/push/", Route::NotFound),
            ("/push/a/b", Route::NotFound),
            ("/", Route::NotFound),
        ];
        for (path, route) in cases {
            assert_eq!(Route::of(path), route, "{path}");
        }
        assert_eq!(
            Route::of("/api/v2/recording/directstream/secret/mp3").loggable(),
            "/api/v2/recording/directstream/{locator}"
        );
        assert_eq!(
            Route::of("/api/v2/callreport/LIST/").loggable(),
            "/api/v2/CallReport/list"
        );
        assert_eq!(Route::of("/push/secret-key").loggable(), "/push/{key}");
        assert_eq!(super::push_key_in("/push/secret-key/"), "secret-key");
        assert_eq!(
            Route::of("//api/v2/recording/directstream/secret").loggable(),
            "(no such route)"
        );
    }
}
