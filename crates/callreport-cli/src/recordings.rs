//! `callreport recordings download`: the recordings of every call a filter matches, into a
//! folder, a few at a time, resumable, with a manifest.

mod manifest;

use std::path::{Path, PathBuf};

use callreport_http::client::Client;
use callreport_http::output_file::target_of_temporary;
use callreport_http::shutdown::shutdown_signal;
use callreport_model::{Call, RecordingLocator};
use clap::{Args, Subcommand};
use futures::{StreamExt, TryStreamExt};

use self::manifest::{Earlier, Manifest};
pub(crate) use self::manifest::{Entry, Status};
use crate::exit::{Code, Failure};
use crate::filter_args::FilterArgs;
use crate::output;
use crate::settings::Settings;

/// Arguments of `callreport recordings`.
#[derive(Debug, Args)]
pub(crate) struct RecordingsArgs {
    #[command(subcommand)]
    command: RecordingsCommand,
}

#[derive(Debug, Subcommand)]
enum RecordingsCommand {
    /// Download every matching call's recordings into a folder. A second run skips the files
    /// the manifest lists as complete (same size) and downloads the rest.
    Download(DownloadArgs),
}

#[derive(Debug, Args)]
struct DownloadArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// The folder to download into (created if missing). Files are named `<call id>.mp3`, and
    /// `<call id>-leg<N>.mp3` for a call's further recordings.
    #[arg(short = 'd', long = "dir", value_name = "DIR")]
    dir: PathBuf,
    /// Downloads at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
    /// The manifest, JSON lines: call_id, file, bytes, status (downloaded, present, failed)
    /// [default: DIR/manifest.jsonl].
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
}

/// One recording to fetch.
struct Job {
    call_id: String,
    file: String,
    locator: RecordingLocator,
}

/// Failures listed one by one at the end; the rest are counted.
const SHOWN_FAILURES: usize = 20;

pub(crate) async fn run(args: RecordingsArgs, settings: &Settings) -> Result<(), Failure> {
    let RecordingsCommand::Download(args) = args.command;
    let client = settings.client()?;
    let (filter, window) = args.filter.filter(settings.zone)?;
    if window.is_bounded() {
        output::window(&window);
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|error| Failure::local(format!("cannot create {}", args.dir.display()), &error))?;
    let manifest_path = args
        .manifest
        .clone()
        .unwrap_or_else(|| args.dir.join("manifest.jsonl"));
    remove_leftovers(&args.dir)?;
    let (mut manifest, earlier) = Manifest::open(&manifest_path)?;
    let bar = output::RecordingsBar::new();
    let interrupted = shutdown_signal();
    let work = download_all(&client, filter, &args, &earlier, &mut manifest, &bar);
    let outcome = tokio::select! {
        outcome = work => outcome,
        () = interrupted => Err(Failure::other(
            "interrupted; the files complete so far are kept and listed in the manifest: run again to resume",
        )),
    };
    bar.finish();
    outcome?;
    let entries = manifest.entries().to_vec();
    manifest.finish()?;
    let failed: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.status == Status::Failed)
        .collect();
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    let counts = output::DownloadCounts {
        downloaded: count(Status::Downloaded),
        present: count(Status::Present),
        failed: failed.len(),
        bytes: entries.iter().map(|e| e.bytes).sum(),
    };
    output::recordings_downloaded(&args.dir, &counts, &manifest_path);
    if failed.is_empty() {
        return Ok(());
    }
    let mut message = format!("{} of {} recordings failed:", failed.len(), entries.len());
    for entry in failed.iter().take(SHOWN_FAILURES) {
        message.push_str(&format!(
            "\n  {} ({}): {}",
            entry.call_id,
            entry.file,
            entry.error.as_deref().unwrap_or("unknown")
        ));
    }
    if failed.len() > SHOWN_FAILURES {
        message.push_str(&format!("\n  … and {} more", failed.len() - SHOWN_FAILURES));
    }
    Err(Failure::new(Code::Partial, message))
}

/// Streams the matching calls and downloads their recordings, `--jobs` at a time.
async fn download_all(
    client: &Client,
    filter: callreport_model::ReportFilter,
    args: &DownloadArgs,
    earlier: &Earlier,
    manifest: &mut Manifest,
    bar: &output::RecordingsBar,
) -> Result<(), Failure> {
    let jobs = client
        .list_stream(filter)
        .map_err(Failure::from)
        .map_ok(|call| futures::stream::iter(jobs_of(&call).into_iter().map(Ok)))
        .try_flatten();
    let folder = args.dir.as_path();
    let mut outcomes = jobs
        .map_ok(|job| fetch(client, folder, earlier.complete(folder, &job.file), job))
        .try_buffer_unordered(usize::from(args.jobs));
    while let Some(entry) = outcomes.next().await {
        let entry = entry?;
        bar.add(entry.bytes);
        manifest.record(entry)?;
    }
    Ok(())
}

/// Downloads one recording unless it is complete already; a failure is an entry, not an error.
async fn fetch(
    client: &Client,
    folder: &Path,
    complete: Option<u64>,
    job: Job,
) -> Result<Entry, Failure> {
    let entry = |bytes, status, error| Entry {
        call_id: job.call_id.clone(),
        file: job.file.clone(),
        bytes,
        status,
        error,
    };
    if let Some(bytes) = complete {
        return Ok(entry(bytes, Status::Present, None));
    }
    let destination = folder.join(&job.file);
    Ok(
        match client
            .download_locator(&job.locator, &destination, |_| {})
            .await
        {
            Ok(bytes) => entry(bytes, Status::Downloaded, None),
            Err(error) => entry(0, Status::Failed, Some(crate::exit::causes(&error))),
        },
    )
}

/// Removes the temporary files a killed run left (a finished file is never under such a
/// name), so that nothing half-written stays in the folder.
fn remove_leftovers(folder: &Path) -> Result<(), Failure> {
    let cannot =
        |error: std::io::Error| Failure::local(format!("cannot read {}", folder.display()), &error);
    for entry in std::fs::read_dir(folder).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if target_of_temporary(name).is_some() && path.is_file() {
            std::fs::remove_file(&path).map_err(cannot)?;
        }
    }
    Ok(())
}

/// The recordings of a call, with their file names.
fn jobs_of(call: &Call) -> Vec<Job> {
    call.recordings()
        .enumerate()
        .map(|(index, found)| {
            let extension: String = found
                .locator
                .format()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let extension = if extension.is_empty() {
                "mp3".to_owned()
            } else {
                extension
            };
            let file = if index == 0 {
                format!("{}.{extension}", call.id)
            } else {
                format!("{}-leg{}.{extension}", call.id, found.leg)
            };
            Job {
                call_id: call.id.to_string(),
                file,
                locator: found.locator.clone(),
            }
        })
        .collect()
}
