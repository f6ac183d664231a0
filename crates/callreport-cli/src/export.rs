//! `callreport export`: a report file of the calls a filter matches, written here (streamed
//! through the client and callreport-formatting) or built by the server (`--on-server`).

use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use callreport_formatting::{Format, Report, ReportSink, ReportWriter, Summary};
use callreport_http::client::StreamOptions;
use callreport_http::shutdown::shutdown_signal;
use callreport_model::{Call, CreateExport, ExportFormat, ListCalls, RejectedRow, ReportFilter};
use clap::Args;
use futures::StreamExt;

use crate::exit::Failure;
use crate::filter_args::{FilterArgs, describe};
use crate::output;
use crate::output_target::{self, Target};
use crate::settings::Settings;

/// Calls handed to the writer thread at once: small enough to keep memory flat.
const CHUNK: usize = 250;

/// Arguments of `callreport export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Where to write the report (`-` for standard output). A file is written under a
    /// temporary name beside it and renamed when complete; a symbolic link is written through,
    /// a FIFO or device streamed to.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The format: csv, xlsx, pdf, text or jsonl [default: from the extension of --output, else
    /// the profile's, else csv].
    #[arg(long)]
    format: Option<String>,
    /// The columns, in order, separated by commas (default: every column).
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// The report's title.
    #[arg(long, default_value = "Call report")]
    title: String,
    /// CSV: start with a byte-order mark, so that Excel reads names in any script correctly.
    #[arg(long)]
    bom: bool,
    /// xlsx: recording URLs as clickable links.
    #[arg(long)]
    links: bool,
    /// Numbers and names masked, as the `masklist` endpoint gives them.
    #[arg(long, conflicts_with = "on_server")]
    masked: bool,
    /// PDF: a TrueType or OpenType font file tried before the bundled fonts (repeatable).
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<PathBuf>,
    /// Ask the server to build the file (an export request), then download it.
    #[arg(long)]
    on_server: bool,
    #[command(flatten)]
    filter: FilterArgs,
}

/// What the writer thread gets.
enum Rows {
    Calls(Vec<Call>),
    Rejected(Vec<RejectedRow>),
}

pub(crate) async fn run(args: ExportArgs, settings: &Settings) -> Result<(), Failure> {
    // Installed before any file exists: SIGINT or SIGTERM then stops the export, which
    // removes its temporary file, instead of killing the process with the file half-written.
    let interrupted = shutdown_signal();
    let mut format = output_target::report_format(
        args.format.as_deref(),
        &args.output,
        settings.default_format(),
    )?;
    apply_options(&mut format, &args)?;
    let (filter, window) = args.filter.filter(settings.zone)?;
    let mut report = Report::new(&args.title)
        .with_filter_summary(describe(&filter, &window))
        .with_time_zone(settings.zone);
    if !args.columns.is_empty() {
        report = report
            .with_column_names(&args.columns)
            .map_err(|error| Failure::usage(error.to_string()))?;
    }
    let client = settings.client()?;
    if window.is_bounded() {
        output::window(&window);
    }
    if args.on_server {
        if !args.fonts.is_empty() || args.bom || args.links {
            return Err(Failure::usage(
                "--font, --bom and --links apply to files written here, not --on-server",
            ));
        }
        if args.output.as_os_str() == output_target::STDOUT {
            return Err(Failure::usage(
                "--on-server downloads to a file: give -o FILE",
            ));
        }
        return on_server(&client, &args, &format, filter, interrupted).await;
    }
    let report = report.with_recording_base_url(client.base_url());
    let started = Instant::now();
    // Opened before the first call is fetched: a wrong path fails at once.
    let target = Target::open(&args.output, &format)?;
    let out = target.writer()?;
    let (sender, receiver) = mpsc::sync_channel::<Rows>(1);
    // Formatting is CPU work: a thread of its own, so that it overlaps with fetching pages.
    let writer = std::thread::spawn(move || -> Result<Summary, callreport_formatting::Error> {
        let mut sink = ReportWriter::new(&format, &report, BufWriter::with_capacity(1 << 16, out))?;
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
        result = stream_rows(&client, filter, args.masked, &sender, &bar) => result,
        () = interrupted => Err(Failure::other("interrupted; no file was written")),
    };
    drop(sender);
    bar.finish();
    let written = writer
        .join()
        .map_err(|_| Failure::other("the report writer stopped unexpectedly"))?;
    // A writer error (a full disk, a closed pipe) is the cause of a stream error too.
    let summary = written?;
    streamed?;
    let bytes = target.commit()?;
    output::exported(&args.output, &summary, bytes, started.elapsed());
    Ok(())
}

/// The format's options from the flags, checked against the format.
fn apply_options(format: &mut Format, args: &ExportArgs) -> Result<(), Failure> {
    match format {
        Format::Csv(options) => options.bom = args.bom,
        Format::Xlsx(options) => options.links = args.links,
        _ => {}
    }
    if args.bom && !matches!(format, Format::Csv(_)) {
        return Err(Failure::usage("--bom applies to csv"));
    }
    if args.links && !matches!(format, Format::Xlsx(_)) {
        return Err(Failure::usage("--links applies to xlsx"));
    }
    add_fonts(format, &args.fonts)
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
    format: &Format,
    filter: ReportFilter,
    interrupted: impl Future<Output = ()>,
) -> Result<(), Failure> {
    let format = ExportFormat::from_wire(format.name());
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

/// How the export pages through the calls.
///
/// Against a server on this machine (a local `callreport serve`) a round trip costs next to
/// nothing and the server shares the cores: pages of 500 with two waiting keep two pages
/// decoding at once while holding fewer calls than the default (measured about 10 % faster at
/// the same memory; `docs/performance.md`, "Exports end to end"). Against a server elsewhere
/// each page costs a round trip, which bounds the speed, so pages stay as large as the API
/// allows.
fn stream_options(client: &callreport_http::client::Client) -> StreamOptions {
    if client.is_local() {
        // The server and the writer thread share the machine: halves took the writer's core
        // and 10 to 20 MB (`docs/performance.md`, "Exports end to end").
        StreamOptions::default()
            .page_size(500)
            .read_ahead(2)
            .split_pages(false)
    } else {
        StreamOptions::default()
    }
}

/// Streams the calls into the writer thread in chunks, then the rows that did not decode.
async fn stream_rows(
    client: &callreport_http::client::Client,
    filter: ReportFilter,
    masked: bool,
    sender: &mpsc::SyncSender<Rows>,
    bar: &output::RowsBar,
) -> Result<(), Failure> {
    let closed = || Failure::other("the report writer stopped (see the error below)");
    // The writer thread works through a few chunks at most: waiting here is the back pressure
    // that keeps memory flat.
    let send = |rows: Rows| tokio::task::block_in_place(|| sender.send(rows)).map_err(|_| closed());
    if masked {
        return crate::masked_pages::for_each_page(client, filter, u64::MAX, |page| {
            bar.add(page.calls.len() as u64, None);
            send(Rows::Calls(page.calls))?;
            if !page.rejected.is_empty() {
                send(Rows::Rejected(page.rejected))?;
            }
            Ok(())
        })
        .await;
    }
    let mut stream = client.list_stream_with(ListCalls::new(filter), stream_options(client));
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(call) = stream.next().await {
        chunk.push(call?);
        if chunk.len() == CHUNK {
            bar.add(CHUNK as u64, stream.total());
            send(Rows::Calls(std::mem::replace(
                &mut chunk,
                Vec::with_capacity(CHUNK),
            )))?;
        }
    }
    bar.add(chunk.len() as u64, stream.total());
    send(Rows::Calls(chunk))?;
    let rejected = stream.take_rejected();
    if !rejected.is_empty() {
        send(Rows::Rejected(rejected))?;
    }
    Ok(())
}
