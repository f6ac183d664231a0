//! The Call Report API server on hyper: binding, serving, graceful shutdown.
//!
//! Data flows one way, from the top down:
//! - `route` (with this module) reads the path and method and hands the request to a family;
//! - the endpoint families: `calls` (`detail`, `list`, `masklist`, `reportCount`), `exports`
//!   (export requests and their background jobs), `files` (recording streams, export files);
//! - below them, what families share: `pipeline` (parse, authorize, store failures, the
//!   answer), `export_records`, `respond`, `body`, `range`, `views`, `mask`.
//!
//! No module imports one above it, and no family imports another.
//!
//! Every response carries the provider's CORS headers. A panic while answering a request is
//! caught: that request gets error 1009 and the server keeps serving.

mod body;
mod calls;
mod config;
mod export_records;
mod exports;
mod files;
mod pipeline;
mod range;
mod respond;
mod route;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use callreport_store::Store;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

pub use self::config::{ExportLimits, ServerConfig};
use self::route::{Shared, handle};
use crate::error::ServeError;

/// A bound server, ready to run.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use callreport_http::server::{Server, ServerConfig};
/// use callreport_http::shutdown::shutdown_signal;
/// use callreport_store::SqliteStore;
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
    sweeper: exports::Sweeper,
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
        let exports = exports::Exports::new(&config, store.as_ref());
        // Before the first request: the jobs an earlier process left unfinished are failed, and
        // its temporary files removed (retried by every later sweep if this one cannot).
        let mut sweeper = exports::Sweeper::default();
        sweeper.sweep(store.as_ref(), &exports).await;
        Ok(Self {
            listener,
            shared: Arc::new(Shared {
                store,
                config,
                local_addr,
                exports,
            }),
            sweeper,
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
        let sweeper = tokio::spawn(sweep_exports(Arc::clone(&self.shared), self.sweeper));
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
        sweeper.abort();
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

/// Sweeps the export jobs every sweep interval, until aborted.
async fn sweep_exports(shared: Arc<Shared>, mut sweeper: exports::Sweeper) {
    let interval = shared.exports.limits().sweep_interval;
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        sweeper.sweep(shared.store.as_ref(), &shared.exports).await;
    }
}
