//! Server-side exports: requests are answered at once, their files written in the background
//! by a bounded number of jobs, each on a blocking thread.

pub(crate) mod api;
pub(crate) mod file;
mod generate;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use callreport_formatting::{Format, Report};
use callreport_model::{ExportFormat, ExportId, ExportState, ReportFilter};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::server::ServerConfig;
use crate::store::{Account, ExportRecord, ExportUpdate, Store};

/// Why a starting server fails the exports an earlier process left unfinished.
pub(crate) const RESTART_REASON: &str = "interrupted by a restart";

/// The path a finished export downloads from.
pub(crate) fn location(id: &ExportId) -> String {
    format!("/api/v2/CallReport/exports/{id}/file")
}

/// What one export job writes.
#[derive(Debug)]
pub(crate) struct Job {
    pub(crate) id: ExportId,
    pub(crate) account: Account,
    pub(crate) format: Format,
    pub(crate) extension: &'static str,
    pub(crate) report: Report,
    pub(crate) filter: ReportFilter,
}

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

/// A new export id: unique, and not guessable from another account's.
pub(crate) fn new_id() -> Result<ExportId, callreport_model::InvalidId> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut digest = Sha256::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    digest.update(now.as_nanos().to_le_bytes());
    digest.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    digest.update(std::process::id().to_le_bytes());
    let hex: String = digest.finalize()[..10]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    ExportId::new(format!("exp_{hex}"))
}

/// The formatting crate's format for an export format, with the file extension.
pub(crate) fn format_of(format: &ExportFormat) -> Option<(Format, &'static str)> {
    let name = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Pdf => "pdf",
        _ => return None,
    };
    let parsed: Format = name.parse().ok()?;
    Some((parsed, name))
}

/// The status as the API shows it: with its download location once done.
pub(crate) fn shown(record: ExportRecord) -> callreport_model::ExportStatus {
    let mut status = record.status;
    if status.state == ExportState::Done {
        status.location = Some(location(&status.id));
    }
    status
}
