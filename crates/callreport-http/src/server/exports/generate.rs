//! Writing one export file on a blocking thread: pages of calls by cursor, one row at a time,
//! into the file store, published only once complete and recorded as done.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use callreport_formatting::{Format, Report, ReportSink, ReportWriter};
use callreport_model::{Call, ExportId, ListCalls, RejectedRow, ReportFilter};
use callreport_store::{Account, CallQuery, ExportUpdate, FileStore, FileWriter, Store};
use tokio::runtime::Handle;

/// Calls read per page: enough to keep the store busy, few enough to bound memory.
const PAGE: u32 = 500;

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

/// Reads every matching call by cursor, newest first (the list's default order), and writes
/// it; answers the rows written. The next page is read while this one is written, so the
/// store's thread and the job's run at once (two pages in memory at most).
fn write_rows<W: Write + Send>(
    context: &Context,
    job: &Job,
    writer: &mut ReportWriter<W>,
) -> Result<u64, Stop> {
    let mut query = CallQuery::from_request(&ListCalls::new(job.filter.clone()));
    query.limit = PAGE;
    let read = |query: &CallQuery| {
        let page = context.store.list(&job.account, query);
        context.runtime.spawn(page)
    };
    let unreadable = || Stop::Failed("the calls cannot be read".into());
    let mut next_page = Some(read(&query));
    let mut rows = 0_u64;
    let mut index = 0_usize;
    while let Some(reading) = next_page.take() {
        if context.stopped.load(Ordering::SeqCst) {
            return Err(Stop::Stopped);
        }
        let page = context
            .runtime
            .block_on(reading)
            .map_err(|_| unreadable())?
            .map_err(|_| unreadable())?;
        if let Some(next) = page.next.clone()
            && !page.documents.is_empty()
        {
            query.after = Some(next);
            next_page = Some(read(&query));
        }
        for document in &page.documents {
            match Call::from_json(document) {
                Ok(call) => writer.write_call(&call),
                Err(error) => {
                    writer.write_rejected(&RejectedRow::new(index, document.clone(), error))
                }
            }
            .map_err(failed("a row cannot be written"))?;
            index += 1;
            rows += 1;
        }
        let progress = ExportUpdate::Progress { rows };
        let _ = context
            .runtime
            .block_on(context.store.update_export(&job.id, progress));
        pause(context.page_pause);
    }
    Ok(rows)
}

fn pause(duration: Duration) {
    if !duration.is_zero() {
        std::thread::sleep(duration);
    }
}
