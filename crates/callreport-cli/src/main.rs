//! `callreport`: the Call Report API on your machine.
//!
//! `main` only parses the command line and dispatches; each command lives in its own module,
//! and `output` is the only module that prints.

mod import;
mod output;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

// The server and the importer allocate for every request and call document; mimalloc makes
// that markedly cheaper than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
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
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Import(args) => import::run(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => output::failed(&error),
    }
}
