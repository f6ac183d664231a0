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

mod auth_limit;
mod body;
mod calls;
mod config;
mod connection;
mod connections;
mod export_records;
mod exports;
mod files;
mod pipeline;
mod push;
mod range;
mod respond;
pub(crate) mod route;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use callreport_store::Store;
use tokio::net::TcpListener;

use self::auth_limit::AuthLimit;
pub use self::config::{ExportLimits, InvalidBaseUrl, ServerConfig};
use self::connections::Connections;
use self::route::Shared;
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
    /// [`ServeError::Bind`] when the address cannot be bound, [`ServeError::ExportFiles`] when
    /// the default folder for export files cannot be named.
    pub async fn bind(config: ServerConfig, store: Arc<dyn Store>) -> Result<Self, ServeError> {
        let addr = config.addr;
        let bind_error = |source| ServeError::Bind { addr, source };
        let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let exports = exports::Exports::new(&config, store.as_ref())?;
        let auth_limit = AuthLimit::new(config.auth_failure_burst, config.auth_failures_per_minute);
        // Before the first request: the jobs an earlier process left unfinished are failed, and
        // its temporary files removed (retried by every later sweep if this one cannot).
        let mut sweeper = exports::Sweeper::default();
        sweeper.sweep(&store, &exports).await;
        Ok(Self {
            listener,
            shared: Arc::new(Shared {
                store,
                config,
                local_addr,
                exports,
                auth_limit,
            }),
            sweeper,
        })
    }

    /// The address the server listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.shared.local_addr
    }

    /// `http://<address>`: where the server listens.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.local_addr)
    }

    /// The base of the links the server hands out: the configured public base URL, else
    /// [`base_url`](Self::base_url).
    #[must_use]
    pub fn links_base_url(&self) -> String {
        self.shared.config.links_base(self.shared.local_addr)
    }

    /// Serves until `shutdown` completes, then stops accepting connections and waits (up to the
    /// configured grace) for the requests in flight.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let config = &self.shared.config;
        let builder = Arc::new(connection::builder(config));
        let connections = Arc::new(Connections::new(config.max_connections));
        let (stop, stopping) = tokio::sync::watch::channel(());
        let sweeper = tokio::spawn(sweep_exports(Arc::clone(&self.shared), self.sweeper));
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                () = &mut shutdown => break,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    if connection::out_of_descriptors(&error) {
                        // Close idle connections so the ones waiting to be accepted get in.
                        let closed = connections.relieve(connection::DESCRIPTOR_RELIEF);
                        tracing::warn!(closed, "out of file descriptors: idle connections closed");
                        // With none idle, wait for requests to finish rather than spin.
                        let pause = if closed == 0 { 100 } else { 10 };
                        tokio::time::sleep(Duration::from_millis(pause)).await;
                    } else {
                        tracing::warn!(error = %error, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            };
            let Some(registered) = connections.admit() else {
                tracing::warn!("connection limit reached, every connection busy: one refused");
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection::serve(
                Arc::clone(&builder),
                Arc::clone(&self.shared),
                stream,
                peer,
                registered,
                stopping.clone(),
            ));
        }
        drop(stopping);
        drop(self.listener);
        sweeper.abort();
        self.shared.exports.stop();
        tracing::info!(
            connections = connections.count(),
            "shutting down: finishing requests in flight"
        );
        let _ = stop.send(());
        let grace = self.shared.config.shutdown_grace;
        if tokio::time::timeout(grace, stop.closed()).await.is_err() {
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
        sweeper.sweep(&shared.store, &shared.exports).await;
    }
}
