//! The export jobs of one server: a bounded number run at once, each on a blocking thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use callreport_store::{ExportUpdate, Store};
use tokio::sync::Semaphore;

use super::generate::{self, Job};
use crate::server::config::ServerConfig;

/// Why a starting server fails the exports an earlier process left unfinished.
pub(crate) const RESTART_REASON: &str = "interrupted by a restart";

/// The export workers of one server.
#[derive(Debug)]
pub(crate) struct Exports {
    folder: PathBuf,
    permits: Arc<Semaphore>,
    stopped: Arc<AtomicBool>,
    page_pause: std::time::Duration,
}

impl Exports {
    /// Workers for `config`, writing into its folder, else the store's, else a temporary one.
    pub(crate) fn new(config: &ServerConfig, store: &dyn Store) -> Self {
        let folder = config
            .export_folder
            .clone()
            .or_else(|| store.export_folder())
            .unwrap_or_else(|| std::env::temp_dir().join("callreport-exports"));
        Self {
            folder,
            permits: Arc::new(Semaphore::new(config.export_workers.max(1))),
            stopped: Arc::new(AtomicBool::new(false)),
            page_pause: config.page_pause(),
        }
    }

    /// The folder export files are written to.
    pub(crate) fn folder(&self) -> &Path {
        &self.folder
    }

    /// Stops handing out work and tells running jobs to stop after their current page, leaving
    /// no file behind: what a stopping server does.
    pub(crate) fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.permits.close();
    }

    /// Queues `job`; it runs when one of the bounded workers is free.
    pub(crate) fn start(&self, store: Arc<dyn Store>, job: Job) {
        let permits = Arc::clone(&self.permits);
        let context = generate::Context {
            folder: self.folder.clone(),
            stopped: Arc::clone(&self.stopped),
            page_pause: self.page_pause,
            store: Arc::clone(&store),
            runtime: tokio::runtime::Handle::current(),
        };
        tokio::spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else {
                return;
            };
            if context.stopped.load(Ordering::SeqCst) {
                return;
            }
            match store.update_export(&job.id, ExportUpdate::Started).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(error) => {
                    tracing::warn!(error = %error, "cannot start an export");
                    return;
                }
            }
            let id = job.id.clone();
            let outcome = tokio::task::spawn_blocking(move || generate::run(&context, &job)).await;
            let reason = match outcome {
                Ok(Ok(())) | Ok(Err(generate::Stop::Stopped)) => return,
                Ok(Err(generate::Stop::Failed(reason))) => reason,
                Err(_) => "the export job stopped unexpectedly".to_owned(),
            };
            tracing::warn!(export = %id, reason = %reason, "an export failed");
            let _ = store
                .update_export(&id, ExportUpdate::Failed { reason })
                .await;
        });
    }
}
