//! Writing one export file on a blocking thread: pages of calls by cursor, one row at a time,
//! into the file store, published only once complete and recorded as done.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use callreport_formatting::{Format, Report, ReportSink, ReportWriter};
use callreport_model::{ExportId, RejectedRow, ReportFilter};
use callreport_store::{Account, ExportUpdate, FileStore, FileWriter, Store};
use tokio::runtime::Handle;

use super::pages::Pages;

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

/// What a job needs besides its request.
pub(super) struct Context {
    pub(super) files: FileStore,
    pub(super) stopped: Arc<AtomicBool>,
    pub(super) page_pause: Duration,
    pub(super) store: Arc<dyn Store>,
    pub(super) runtime: Handle,
}

/// Why a job ended without a file.
pub(super) enum Stop {
    /// The server is stopping; the request stays as it is for the next start to settle.
    Stopped,
    /// The job failed; the reason is shown to the account.
    Failed(String),
}

/// How often a running job records its progress. Each record is a write transaction: one
/// after every page (600 for 300,000 calls) added as many frames to a SQLite file's log, and
/// after a few such exports look-ups in the log (`walFindFrame`) took two thirds of the
/// server's time (docs/performance.md).
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

fn failed(what: &str) -> impl Fn(callreport_formatting::Error) -> Stop + '_ {
    move |error| Stop::Failed(format!("{what}: {error}"))
}

/// Writes the job's file and records it as done.
pub(super) fn run(context: &Context, job: &Job) -> Result<(), Stop> {
    let name = format!("{}.{}", job.id, job.extension);
    // Written whole or not at all: the store publishes the file under its name only at
    // commit, and an abandoned one leaves nothing (a folder's parts file, `NAME#N`, is the
    // sweeper's to remove after a crash).
    let mut file = context.files.create(&name).map_err(|error| {
        tracing::warn!(error = %error, files = %context.files, "an export file cannot be started");
        Stop::Failed("the export file cannot be created".into())
    })?;
    match write_report(context, job, &mut file) {
        Ok(rows) => publish(context, job, &name, file, rows),
        Err(stop) => {
            file.abort();
            Err(stop)
        }
    }
}

/// Writes the report into `file`; answers the rows written.
fn write_report(context: &Context, job: &Job, file: &mut FileWriter) -> Result<u64, Stop> {
    let mut writer = ReportWriter::new(&job.format, &job.report, file)
        .map_err(failed("the report cannot start"))?;
    let rows = write_rows(context, job, &mut writer)?;
    writer
        .finish()
        .map_err(failed("the report cannot be finished"))?;
    Ok(rows)
}

/// Publishes the finished file and records the export as done.
fn publish(
    context: &Context,
    job: &Job,
    name: &str,
    file: FileWriter,
    rows: u64,
) -> Result<(), Stop> {
    let bytes = file.commit().map_err(|error| {
        tracing::warn!(error = %error, files = %context.files, "an export file cannot be put in place");
        Stop::Failed("the export file cannot be put in place".into())
    })?;
    let update = ExportUpdate::Done {
        rows,
        bytes,
        file: PathBuf::from(name),
    };
    let recorded = context
        .runtime
        .block_on(context.store.update_export(&job.id, update));
    if matches!(recorded, Ok(true)) {
        Ok(())
    } else {
        // Failed meanwhile (a restart settled it): the file must never be served.
        let _ = context.runtime.block_on(context.files.delete(name));
        Err(Stop::Stopped)
    }
}

/// Writes every matching call, newest first (the list's default order), page by page as
/// [`Pages`] reads and decodes them ahead; answers the rows written. The progress is recorded
/// after the first page, then at most every [`PROGRESS_EVERY`].
fn write_rows<W: Write + Send>(
    context: &Context,
    job: &Job,
    writer: &mut ReportWriter<W>,
) -> Result<u64, Stop> {
    let mut pages = Pages::start(
        Arc::clone(&context.store),
        job.account.clone(),
        job.filter.clone(),
        context.runtime.clone(),
    );
    let mut rows = 0_u64;
    let mut index = 0_usize;
    let mut recorded: Option<Instant> = None;
    while let Some(page) = pages.next_blocking() {
        if context.stopped.load(Ordering::SeqCst) {
            return Err(Stop::Stopped);
        }
        let page = page.map_err(|_| Stop::Failed("the calls cannot be read".into()))?;
        for row in page {
            match row {
                Ok(call) => writer.write_call(&call),
                Err((document, error)) => {
                    writer.write_rejected(&RejectedRow::new(index, document, error))
                }
            }
            .map_err(failed("a row cannot be written"))?;
            index += 1;
            rows += 1;
        }
        if recorded.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            let progress = ExportUpdate::Progress { rows };
            let _ = context
                .runtime
                .block_on(context.store.update_export(&job.id, progress));
            recorded = Some(Instant::now());
        }
        pause(context.page_pause);
    }
    Ok(rows)
}

fn pause(duration: Duration) {
    if !duration.is_zero() {
        std::thread::sleep(duration);
    }
}
