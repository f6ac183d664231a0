//! The Call Report API server on hyper: routing, the request pipeline, graceful shutdown.
//!
//! Every response carries the provider's CORS headers. A panic while answering a request is
//! caught: that request gets error 1009 and the server keeps serving.

mod api;
mod body;
mod exports;
mod mask;
mod range;
mod recording;
mod respond;
mod route;
mod views;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use callreport_model::{ApiCode, ApiError};
use futures::FutureExt;
use http::header::HOST;
use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use self::respond::{Body, LoggedCode};
use self::route::Route;
use crate::error::ServeError;
use crate::store::Store;

/// How the server listens and what it accepts.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The address to listen on (`127.0.0.1:0` picks a free port).
    pub addr: SocketAddr,
    /// The largest request body accepted; larger ones get 413.
    pub max_body_bytes: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// How many exports are written at once; others wait in the queue.
    pub export_workers: usize,
    /// Where export files are written; `None`: beside the database.
    pub export_folder: Option<PathBuf>,
    /// A pause after each page an export writes, so that tests can catch a job running.
    #[cfg(feature = "test-hooks")]
    pub export_page_pause: Duration,
}

impl ServerConfig {
    /// The default largest request body: 1 MiB.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

    /// Listens on `addr`, with a 1 MiB body limit and 10 s of grace at shutdown.
    #[must_use]
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            shutdown_grace: Duration::from_secs(10),
            export_workers: Self::DEFAULT_EXPORT_WORKERS,
            export_folder: None,
            #[cfg(feature = "test-hooks")]
            export_page_pause: Duration::ZERO,
        }
    }

    /// Exports written at once by default: one per core of a small machine.
    pub const DEFAULT_EXPORT_WORKERS: usize = 2;

    /// Sets how many exports are written at once (at least one).
    #[must_use]
    pub fn export_workers(mut self, workers: usize) -> Self {
        self.export_workers = workers.max(1);
        self
    }

    /// Sets the folder export files are written to.
    #[must_use]
    pub fn export_folder(mut self, folder: impl Into<PathBuf>) -> Self {
        self.export_folder = Some(folder.into());
        self
    }

    /// Sets the pause after each page an export writes (tests only).
    #[cfg(feature = "test-hooks")]
    #[must_use]
    pub fn export_page_pause(mut self, pause: Duration) -> Self {
        self.export_page_pause = pause;
        self
    }

    #[cfg(feature = "test-hooks")]
    fn page_pause(&self) -> Duration {
        self.export_page_pause
    }

    #[cfg(not(feature = "test-hooks"))]
    fn page_pause(&self) -> Duration {
        Duration::ZERO
    }

    /// Sets the largest request body.
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Sets how long shutdown waits for requests in flight.
    #[must_use]
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
}

/// What every request handler shares.
#[derive(Debug)]
struct Shared {
    store: Arc<dyn Store>,
    config: ServerConfig,
    local_addr: SocketAddr,
    exports: exports::Exports,
}

/// A bound server, ready to run.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use callreport_http::server::{Server, ServerConfig};
/// use callreport_http::shutdown::shutdown_signal;
/// use callreport_http::store::SqliteStore;
///
/// let store = Arc::new(SqliteStore::open("calls.sqlite").await?);
/// let server = Server::bind(ServerConfig::new("127.0.0.1:8080".parse()?), store).await?;
/// println!("listening on {}", server.base_url());
/// server.run(shutdown_signal()).await;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds the listening socket.
    ///
    /// # Errors
    /// [`ServeError::Bind`] when the address cannot be bound.
    pub async fn bind(config: ServerConfig, store: Arc<dyn Store>) -> Result<Self, ServeError> {
        let addr = config.addr;
        let bind_error = |source| ServeError::Bind { addr, source };
        let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        // No job of an earlier process survives it: settle what it left unfinished.
        match store.fail_unfinished_exports(exports::RESTART_REASON).await {
            Ok(0) => {}
            Ok(failed) => tracing::info!(failed, "exports left unfinished by a restart failed"),
            Err(error) => tracing::warn!(error = %error, "cannot settle unfinished exports"),
        }
        let exports = exports::Exports::new(&config, store.as_ref());
        Ok(Self {
            listener,
            shared: Arc::new(Shared {
                store,
                config,
                local_addr,
                exports,
            }),
        })
    }

    /// The address the server listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.shared.local_addr
    }

    /// `http://<address>`, the base of every URL the server answers.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.local_addr)
    }

    /// Serves until `shutdown` completes, then stops accepting connections and waits (up to the
    /// configured grace) for the requests in flight.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(30));
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                () = &mut shutdown => break,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: wait, then go on accepting.
                    tracing::warn!(error = %error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let shared = Arc::clone(&self.shared);
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(handle(&shared, request).await) }
            });
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::debug!(error = %error, "connection ended with an error");
                }
            });
        }
        drop(self.listener);
        self.shared.exports.stop();
        tracing::info!(
            connections = graceful.count(),
            "shutting down: finishing requests in flight"
        );
        let grace = self.shared.config.shutdown_grace;
        if tokio::time::timeout(grace, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("requests were still running when the grace period ended");
        }
    }
}

/// Answers one request: routes it, catches a panic as 1009, adds CORS headers, logs it.
async fn handle(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = match AssertUnwindSafe(dispatch(shared, request))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(path = route::loggable(&path), "a request handler panicked");
            respond::api_error(&ApiError::new(ApiCode::SomethingWentWrong))
        }
    };
    respond::add_cors(response.headers_mut());
    let code = response.extensions().get::<LoggedCode>().map(|c| c.0);
    tracing::info!(
        method = %method,
        path = route::loggable(&path),
        status = response.status().as_u16(),
        code,
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
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
            let base_url = base_url(shared, &request);
            let (parts, body) = request.into_parts();
            match body::read(&parts.headers, body, shared.config.max_body_bytes).await {
                Ok(body) => api::answer(shared, endpoint, &body, &base_url).await,
                Err(refusal) => refusal,
            }
        }
        (Route::Recording, &Method::GET | &Method::HEAD) => {
            recording::answer(shared, &method, request.uri().path(), request.headers()).await
        }
        (Route::ExportFile, &Method::GET | &Method::HEAD) => {
            let uri = request.uri();
            exports::file::answer(shared, uri.path(), uri.query()).await
        }
        (Route::Health, &Method::GET | &Method::HEAD) => {
            respond::json(StatusCode::OK, r#"{"status":"ok"}"#)
        }
        _ => respond::method_not_allowed(route.allow()),
    }
}

/// The base of recording links: the host the client called, else the listening address.
fn base_url(shared: &Shared, request: &Request<Incoming>) -> String {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()));
    match host {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}", shared.local_addr),
    }
}
