//! `callreport export`: a report file of the calls a filter matches, written here (streamed
//! through the client and callreport-formatting) or built by the server (`--on-server`).

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use callreport_formatting::{Format, Report, ReportSink, ReportWriter, Summary};
use callreport_http::partial_file::PartialFile;
use callreport_http::shutdown::shutdown_signal;
use callreport_model::{Call, CreateExport, ExportFormat, RejectedRow, ReportFilter};
use clap::Args;
use futures::StreamExt;

use crate::connect::ConnectArgs;
use crate::exit::Failure;
use crate::filter_args::FilterArgs;
use crate::output;

/// Calls handed to the writer thread at once: small enough to keep memory flat.
const CHUNK: usize = 250;

/// Arguments of `callreport export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The file format: csv, xlsx or pdf (also text, jsonl).
    #[arg(long, default_value = "csv")]
    format: String,
    /// Where to write the report; written under a temporary name and renamed when complete.
    #[arg(short, long)]
    output: PathBuf,
    /// The columns, in order, separated by commas (default: every column).
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// The report's title.
    #[arg(long, default_value = "Call report")]
    title: String,
    /// PDF: a TrueType or OpenType font file tried before the bundled fonts (repeatable).
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<PathBuf>,
    /// Ask the server to build the file (an export request), then download it.
    #[arg(long)]
    on_server: bool,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    connect: ConnectArgs,
}

/// What the writer thread gets.
enum Rows {
    Calls(Vec<Call>),
    Rejected(Vec<RejectedRow>),
}

pub(crate) async fn run(args: ExportArgs) -> Result<(), Failure> {
    // Installed before any file exists: SIGINT or SIGTERM then stops the export, which
    // removes its temporary file, instead of killing the process with the file half-written.
    let interrupted = shutdown_signal();
    let mut format: Format = args
        .format
        .parse()
        .map_err(|error: callreport_formatting::Error| Failure::usage(error.to_string()))?;
    add_fonts(&mut format, &args.fonts)?;
    let filter = args.filter.filter()?;
    let mut report = Report::new(&args.title).with_filter_summary(describe(&filter));
    if !args.columns.is_empty() {
        report = report
            .with_column_names(&args.columns)
            .map_err(|error| Failure::usage(error.to_string()))?;
    }
    let client = args.connect.client()?;
    if args.on_server {
        if !args.fonts.is_empty() {
            return Err(Failure::usage(
                "--font applies to files written here, not --on-server",
            ));
        }
        return on_server(&client, &args, filter, interrupted).await;
    }
    let report = report.with_recording_base_url(client.base_url());
    let started = Instant::now();
    let partial = PartialFile::beside(&args.output);
    let file = File::create(partial.path()).map_err(|error| {
        Failure::other(format!(
            "cannot write {}: {error}",
            partial.path().display()
        ))
    })?;
    let (sender, receiver) = mpsc::sync_channel::<Rows>(1);
    // Formatting is CPU work: a thread of its own, so that it overlaps with fetching pages.
    let writer = std::thread::spawn(move || -> Result<Summary, callreport_formatting::Error> {
        let mut sink =
            ReportWriter::new(&format, &report, BufWriter::with_capacity(1 << 16, file))?;
        for rows in receiver {
            match rows {
                Rows::Calls(calls) => calls.iter().try_for_each(|call| sink.write_call(call))?,
                Rows::Rejected(rows) => rows.iter().try_for_each(|row| sink.write_rejected(row))?,
            }
        }
        sink.finish()
    });
    let bar = output::RowsBar::new();
    let streamed = tokio::select! {
        result = stream_rows(&client, filter, &sender, &bar) => result,
        () = interrupted => Err(Failure::other("interrupted; no file was written")),
    };
    drop(sender);
    bar.finish();
    let written = writer
        .join()
        .map_err(|_| Failure::other("the report writer stopped unexpectedly"))?;
    streamed?;
    let summary = written?;
    let bytes = std::fs::metadata(partial.path())
        .map(|m| m.len())
        .unwrap_or(0);
    partial.keep(&args.output).await?;
    output::exported(&args.output, &summary, bytes, started.elapsed());
    Ok(())
}

/// `--font`: each file read now, so a wrong path fails before any call is fetched.
fn add_fonts(format: &mut Format, paths: &[PathBuf]) -> Result<(), Failure> {
    if paths.is_empty() {
        return Ok(());
    }
    let Format::Pdf(options) = format else {
        return Err(Failure::usage("--font applies to --format pdf"));
    };
    for path in paths {
        let data = std::fs::read(path)
            .map_err(|error| Failure::usage(format!("cannot read {}: {error}", path.display())))?;
        *options = options.clone().font(data).map_err(|_| {
            Failure::usage(format!(
                "{} is not a TrueType or OpenType font",
                path.display()
            ))
        })?;
    }
    Ok(())
}

/// `--on-server`: the server builds the file; this side shows its progress and downloads it.
async fn on_server(
    client: &callreport_http::client::Client,
    args: &ExportArgs,
    filter: ReportFilter,
    interrupted: impl Future<Output = ()>,
) -> Result<(), Failure> {
    let format = ExportFormat::from_wire(&args.format);
    if !matches!(
        format,
        ExportFormat::Csv | ExportFormat::Xlsx | ExportFormat::Pdf
    ) {
        return Err(Failure::usage("--on-server builds csv, xlsx or pdf"));
    }
    let mut request = CreateExport::new(format, filter).title(&args.title);
    if !args.columns.is_empty() {
        request = request.columns(args.columns.iter().cloned());
    }
    let bar = output::RowsBar::new();
    let mut shown = 0;
    let summary = crate::export_on_server::export_on_server(
        client,
        request,
        &args.output,
        interrupted,
        |rows, _| {
            bar.add(rows.saturating_sub(shown), None);
            shown = rows.max(shown);
        },
    )
    .await;
    bar.finish();
    let summary = summary?;
    output::exported_on_server(&args.output, summary.rows, summary.bytes, summary.elapsed);
    Ok(())
}

/// Streams the calls into the writer thread in chunks, then the rows that did not decode.
async fn stream_rows(
    client: &callreport_http::client::Client,
    filter: ReportFilter,
    sender: &mpsc::SyncSender<Rows>,
    bar: &output::RowsBar,
) -> Result<(), Failure> {
    let mut stream = client.list_stream(filter);
    let mut chunk = Vec::with_capacity(CHUNK);
    let closed = || Failure::other("the report writer stopped (see the error below)");
    while let Some(call) = stream.next().await {
        chunk.push(call?);
        if chunk.len() == CHUNK {
            bar.add(CHUNK as u64, stream.total());
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            // The writer thread works through a few chunks at most: waiting here is the back
            // pressure that keeps memory flat.
            tokio::task::block_in_place(|| sender.send(Rows::Calls(full))).map_err(|_| closed())?;
        }
    }
    bar.add(chunk.len() as u64, stream.total());
    tokio::task::block_in_place(|| sender.send(Rows::Calls(chunk))).map_err(|_| closed())?;
    let rejected = stream.take_rejected();
    if !rejected.is_empty() {
        tokio::task::block_in_place(|| sender.send(Rows::Rejected(rejected)))
            .map_err(|_| closed())?;
    }
    Ok(())
}

/// The filter in words, for the report's header.
pub(crate) fn describe(filter: &ReportFilter) -> String {
    let mut parts = Vec::new();
    let at = |t: &chrono::DateTime<chrono::FixedOffset>| {
        t.with_timezone(&callreport_model::IST)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    match (&filter.from, &filter.to) {
        (Some(from), Some(to)) => parts.push(format!("{} to {} IST", at(from), at(to))),
        (Some(from), None) => parts.push(format!("from {} IST", at(from))),
        (None, Some(to)) => parts.push(format!("until {} IST", at(to))),
        (None, None) => parts.push("all dates".to_owned()),
    }
    if !filter.call_types.is_empty() {
        parts.push(format!(
            "types {}",
            filter
                .call_types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !filter.agents.is_empty() {
        parts.push(format!(
            "agents {}",
            filter
                .agents
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !filter.statuses.is_empty() {
        parts.push(format!(
            "statuses {}",
            filter
                .statuses
                .iter()
                .map(|s| s.code().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(min) = filter.min_duration {
        parts.push(format!("at least {} s", min.as_secs()));
    }
    if let Some(max) = filter.max_duration {
        parts.push(format!("at most {} s", max.as_secs()));
    }
    if filter.customer_number.is_some() {
        parts.push("one customer number".to_owned());
    }
    for (key, value) in &filter.fields {
        parts.push(format!("{key} = {value}"));
    }
    parts.join("; ")
}
