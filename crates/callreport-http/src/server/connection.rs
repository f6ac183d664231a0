//! Serving one connection: hyper's HTTP/1 and HTTP/2 with the configured limits, and the
//! close of a connection that is silent, idle, evicted, or asked to stop.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::config::ServerConfig;
use super::connections::{Registered, TrackedBody};
use super::route::{Shared, handle};

/// How many idle connections are closed when file descriptors run out.
pub(super) const DESCRIPTOR_RELIEF: usize = 8;

/// How long a connection asked to close may take to finish what it is sending.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// hyper's connection builder with the configured limits.
pub(super) fn builder(config: &ServerConfig) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_buf_size(
            config
                .max_header_bytes
                .max(ServerConfig::MIN_MAX_HEADER_BYTES),
        );
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(config.http2_keep_alive)
        .keep_alive_timeout(config.http2_keep_alive)
        .max_concurrent_streams(config.max_streams_per_connection)
        .max_header_list_size(u32::try_from(config.max_header_bytes).unwrap_or(u32::MAX));
    builder
}

/// Whether accepting failed for want of file descriptors (`EMFILE`, `ENFILE`).
pub(super) fn out_of_descriptors(error: &io::Error) -> bool {
    const ENFILE: i32 = 23;
    const EMFILE: i32 = 24;
    matches!(error.raw_os_error(), Some(ENFILE | EMFILE))
}

/// Serves `stream` until the peer closes it, it expires, or the server stops.
pub(super) async fn serve(
    builder: Arc<auto::Builder<TokioExecutor>>,
    shared: Arc<Shared>,
    stream: TcpStream,
    peer: SocketAddr,
    registered: Registered,
    mut stopping: watch::Receiver<()>,
) {
    let tracker = Arc::clone(registered.tracker());
    let header_timeout = shared.config.header_read_timeout;
    let idle_timeout = shared.config.idle_timeout;
    let service = {
        let tracker = Arc::clone(&tracker);
        service_fn(move |request| {
            let guard = tracker.start_request();
            let shared = Arc::clone(&shared);
            async move {
                let response = handle(&shared, peer, request).await;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| TrackedBody::new(body, guard)),
                )
            }
        })
    };
    let connection = builder
        .serve_connection_with_upgrades(TokioIo::new(stream), service)
        .into_owned();
    let mut connection = std::pin::pin!(connection);
    let finished = tokio::select! {
        result = connection.as_mut() => Some(result),
        () = tracker.expired(header_timeout, idle_timeout) => {
            connection.as_mut().graceful_shutdown();
            tokio::time::timeout(CLOSE_GRACE, connection.as_mut()).await.ok()
        }
        _ = stopping.changed() => {
            connection.as_mut().graceful_shutdown();
            Some(connection.as_mut().await)
        }
    };
    if let Some(Err(error)) = finished {
        tracing::debug!(error = %error, "connection ended with an error");
    }
    drop(registered);
}
