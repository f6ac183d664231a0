//! The export jobs of one server: a bounded number run at once, each on a blocking thread.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use callreport_model::ExportId;
use callreport_store::{ExportUpdate, FileStore, Store};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::generate::{self, Job};
use crate::error::ServeError;
use crate::server::config::{ExportLimits, ServerConfig};

/// Why the sweeper fails an export whose server is gone (a restart, a crash).
pub(crate) const RESTART_REASON: &str = "interrupted by a restart";

/// The export workers of one server.
#[derive(Debug)]
pub(crate) struct Exports {
    files: FileStore,
    permits: Arc<Semaphore>,
    stopped: Arc<AtomicBool>,
    page_pause: std::time::Duration,
    /// This process's name on the jobs it leases.
    owner: String,
    limits: ExportLimits,
    /// The jobs writing a file in this process now: their parts files are not orphans.
    running: Arc<Mutex<BTreeSet<ExportId>>>,
}

impl Exports {
    /// Workers for `config`, writing into its files, else the store's folder for them, else a
    /// temporary folder.
    ///
    /// # Errors
    /// [`ServeError::ExportFiles`] when the default folder cannot be named.
    pub(crate) fn new(config: &ServerConfig, store: &dyn Store) -> Result<Self, ServeError> {
        let files = match &config.export_files {
            Some(files) => files.clone(),
            None => {
                let folder = store
                    .export_folder()
                    .unwrap_or_else(|| std::env::temp_dir().join("callreport-exports"));
                FileStore::folder(&folder).map_err(|source| ServeError::ExportFiles {
                    place: folder.display().to_string(),
                    source,
                })?
            }
        };
        Ok(Self {
            files,
            permits: Arc::new(Semaphore::new(config.export_workers.max(1))),
            stopped: Arc::new(AtomicBool::new(false)),
            page_pause: config.page_pause(),
            owner: owner_name(),
            limits: config.export_limits.clone(),
            running: Arc::default(),
        })
    }

    /// Where export files are kept.
    pub(crate) fn files(&self) -> &FileStore {
        &self.files
    }

    /// This process's name on the jobs it leases.
    pub(crate) fn owner(&self) -> &str {
        &self.owner
    }

    /// Quotas, retention and the sweeper's pace.
    pub(crate) fn limits(&self) -> &ExportLimits {
        &self.limits
    }

    /// Whether `id` is writing its file in this process now.
    pub(crate) fn is_running(&self, id: &ExportId) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(id)
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
        let running = Arc::clone(&self.running);
        let context = generate::Context {
            files: self.files.clone(),
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
            let running = Arc::clone(&running);
            let mark = |add: bool| {
                let mut set = running.lock().unwrap_or_else(PoisonError::into_inner);
                if add {
                    set.insert(id.clone());
                } else {
                    set.remove(&id);
                }
            };
            mark(true);
            let outcome = tokio::task::spawn_blocking(move || generate::run(&context, &job)).await;
            mark(false);
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

/// A name for this process's leases, unique across restarts: the process id and the time.
fn owner_name() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut digest = Sha256::new();
    digest.update(now.as_nanos().to_le_bytes());
    digest.update(std::process::id().to_le_bytes());
    let hex: String = digest.finalize()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("server-{}-{hex}", std::process::id())
}
