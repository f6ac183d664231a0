//! `callreport`: the Call Report API on your machine.
//!
//! `main` only parses the command line and dispatches; each command lives in its own module,
//! and `output` is the only module that prints.

mod connect;
mod count;
mod decode;
mod demo;
mod detail;
mod exit;
mod export;
mod export_on_server;
mod exports;
mod filter_args;
mod import;
mod list;
mod output;
mod recording;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// The DeepCall / Sarv.com Call Report API v2, locally: serve it, fill it with call data.
#[derive(Debug, Parser)]
#[command(name = "callreport", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Call Report API over HTTP from a SQLite database.
    Serve(serve::Args),
    /// Load raw call documents (JSON lines, as `allDetail` returns them) into an account.
    Import(import::Args),
    /// The tour: start the server on demo data, run client commands against it, stop.
    Demo(demo::DemoArgs),
    /// Show one call, in any Call Detail view.
    Detail(detail::DetailArgs),
    /// List the calls a filter matches (streamed page by page).
    List(list::ListArgs),
    /// Count the calls a filter matches.
    Count(count::CountArgs),
    /// Write a report file (CSV, Excel, PDF) of the calls a filter matches.
    Export(export::ExportArgs),
    /// The export requests kept on the server: list, status, rename, download.
    Exports(exports::ExportsArgs),
    /// Download a call's recording.
    Recording(recording::RecordingArgs),
    /// Decode a raw API response (a file or standard input) and show what it means; no network.
    Decode(decode::DecodeArgs),
}

impl Command {
    fn is_service(&self) -> bool {
        matches!(self, Self::Serve(_) | Self::Import(_))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // The server and the importer report as they go; client commands only warn.
            EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                EnvFilter::new(if cli.command.is_service() {
                    "info"
                } else {
                    "warn"
                })
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return output::failed(&anyhow::Error::new(error)),
    };
    let result = runtime.block_on(async {
        let outcome = match cli.command {
            Command::Serve(args) => return serve::run(args).await,
            Command::Import(args) => return import::run(args).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Detail(args) => detail::run(args).await,
            Command::List(args) => list::run(args).await,
            Command::Count(args) => count::run(args).await,
            Command::Export(args) => export::run(args).await,
            Command::Exports(args) => exports::run(args).await,
            Command::Recording(args) => recording::run(args).await,
            Command::Decode(args) => decode::run(&args),
        };
        Ok(match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => output::failure(&failure),
        })
    });
    match result {
        Ok(code) => code,
        Err(error) => output::failed(&error),
    }
}
