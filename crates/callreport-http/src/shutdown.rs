//! The signals that stop the server: Ctrl-C everywhere, and SIGTERM on Unix.

use std::future::Future;

/// Completes on Ctrl-C or SIGTERM (what `docker stop` and systemd send).
///
/// The handlers are installed when this function is called, not when the future is first
/// polled: call it before announcing that the server is ready, so that a signal sent right
/// after the announcement stops the server gracefully instead of killing the process.
/// If a handler cannot be installed, that signal is simply not waited for.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            tokio::select! {
                () = wait_for(interrupt) => tracing::info!("interrupted"),
                () = wait_for(terminate) => tracing::info!("terminated"),
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::info!("interrupted");
            } else {
                std::future::pending::<()>().await;
            }
        }
    }
}

#[cfg(unix)]
async fn wait_for(stream: Option<tokio::signal::unix::Signal>) {
    match stream {
        Some(mut stream) => {
            stream.recv().await;
        }
        None => std::future::pending::<()>().await,
    }
}
