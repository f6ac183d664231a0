//! `callreport`: the Call Report API on your machine.
//!
//! `main` only parses the command line and dispatches; each command lives in its own module,
//! and `output` is the only module that prints.

mod completions;
mod count;
mod database;
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
mod masked_pages;
mod migrate;
mod output;
mod output_target;
mod profile;
mod push_key;
mod recording;
mod recordings;
mod serve;
mod settings;
mod sync;
mod time_zone;
mod window;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{FromArgMatches, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::exit::{EXIT_CODES_HELP, Failure};
use crate::settings::{ENVIRONMENT_HELP, GlobalArgs};

/// mimalloc without transparent huge pages: faster than glibc's allocator on every command
/// that moves calls, without its memory growth (docs/decisions/0005-allocator.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The DeepCall / Sarv.com Call Report API v2, locally: serve it, fill it with call data.
#[derive(Debug, Parser)]
#[command(name = "callreport", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Call Report API over HTTP from a SQLite database.
    Serve(serve::Args),
    /// Load raw call documents (JSON lines, as `allDetail` returns them) into an account.
    Import(import::Args),
    /// Manage an account's push key, the secret in its push-report URL (`/push/{key}`).
    PushKey(push_key::Args),
    /// Bring the database's schema to this build's version (servers also do it on start), or
    /// check whether that is needed.
    Migrate(migrate::Args),
    /// The tour: start the server on demo data, run client commands against it, stop.
    Demo(demo::DemoArgs),
    #[command(flatten)]
    Client(Box<ClientCommand>),
    /// Decode a raw API response (a file or standard input) and show what it means; no network.
    Decode(decode::DecodeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) or the man page.
    Completions(completions::CompletionsArgs),
}

/// The commands that speak to the API.
#[derive(Debug, Subcommand)]
enum ClientCommand {
    /// Show one call, in any Call Detail view.
    Detail(detail::DetailArgs),
    /// List the calls a filter matches (streamed page by page).
    List(list::ListArgs),
    /// Count the calls a filter matches.
    Count(count::CountArgs),
    /// Write a report file (CSV, Excel, PDF, text, JSON lines) of the calls a filter matches.
    Export(export::ExportArgs),
    /// The export requests kept on the server: list, status, rename, download.
    Exports(exports::ExportsArgs),
    /// Download a call's recording.
    Recording(recording::RecordingArgs),
    /// The recordings of every call a filter matches: download them into a folder.
    Recordings(recordings::RecordingsArgs),
    /// Mirror the account's calls into a SQLite database: resumable, incremental, --follow.
    Sync(sync::SyncArgs),
}

impl Command {
    fn is_service(&self) -> bool {
        matches!(self, Self::Serve(_) | Self::Import(_))
    }
}

/// Colour only for a person at a terminal, and never when `NO_COLOR` is set.
fn colour_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> ExitCode {
    let matches = completions::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
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
        .with_ansi(colour_on_stderr())
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
            Command::PushKey(args) => return push_key::run(args).await,
            Command::Migrate(args) => return migrate::run(args).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Decode(args) => decode::run(&args),
            Command::Completions(args) => completions::run(&args),
            Command::Client(command) => run_client(*command, &cli.global).await,
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

/// A command that speaks to the API, with the shared settings resolved.
async fn run_client(command: ClientCommand, global: &GlobalArgs) -> Result<(), Failure> {
    let settings = global.resolve()?;
    let outcome = match command {
        ClientCommand::Detail(args) => detail::run(args, &settings).await,
        ClientCommand::List(args) => list::run(args, &settings).await,
        ClientCommand::Count(args) => count::run(args, &settings).await,
        ClientCommand::Export(args) => export::run(args, &settings).await,
        ClientCommand::Exports(args) => exports::run(args, &settings).await,
        ClientCommand::Recording(args) => recording::run(args, &settings).await,
        ClientCommand::Recordings(args) => recordings::run(args, &settings).await,
        ClientCommand::Sync(args) => sync::run(args, &settings).await,
    };
    // A network failure names the server it could not reach.
    outcome.map_err(|mut failure| {
        if failure.code == exit::Code::Network && !failure.message.contains(&settings.base_url) {
            failure.message = format!("{} (server {})", failure.message, settings.base_url);
        }
        failure
    })
}

/// The notes every `--help` ends with: the environment and the exit codes.
pub(crate) fn help_notes() -> String {
    format!("{ENVIRONMENT_HELP}\n\n{EXIT_CODES_HELP}")
}
