//! `callreport exports list|status|rename|download`: the export requests kept on the server.

use std::path::PathBuf;

use callreport_http::shutdown::shutdown_signal;
use callreport_model::{ChangeTitle, ExportId};
use clap::{Args, Subcommand};

use crate::exit::Failure;
use crate::output;
use crate::settings::Settings;

/// Arguments of `callreport exports`.
#[derive(Debug, Args)]
pub(crate) struct ExportsArgs {
    #[command(subcommand)]
    command: ExportsCommand,
}

#[derive(Debug, Subcommand)]
enum ExportsCommand {
    /// The account's export requests, newest first.
    List {
        /// Print JSON lines (one status per line) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Where one export request stands.
    Status {
        /// The export's id (`expId`).
        id: String,
        /// Print the status as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give an export a new title.
    Rename {
        /// The export's id (`expId`).
        id: String,
        /// The new title.
        title: String,
    },
    /// Download a finished export's file.
    Download {
        /// The export's id (`expId`).
        id: String,
        /// Where to write the file.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn export_id(id: &str) -> Result<ExportId, Failure> {
    ExportId::new(id).map_err(|error| Failure::usage(error.to_string()))
}

pub(crate) async fn run(args: ExportsArgs, settings: &Settings) -> Result<(), Failure> {
    // Installed first: SIGINT or SIGTERM then drops a download, which removes its temporary
    // file, instead of killing the process with the file half-written.
    let interrupted = shutdown_signal();
    let client = settings.client()?;
    match args.command {
        ExportsCommand::List { json } => {
            output::export_list(&client.list_exports().await?, json)?;
        }
        ExportsCommand::Status { id, json } => {
            output::export_status(&client.export_status(&export_id(&id)?).await?, json)?;
        }
        ExportsCommand::Rename { id, title } => {
            let request = ChangeTitle::new(export_id(&id)?, title);
            output::export_status(&client.change_title(&request).await?, false)?;
        }
        ExportsCommand::Download { id, output: path } => {
            let status = client.export_status(&export_id(&id)?).await?;
            if !status.is_finished() || status.location.is_none() {
                return Err(Failure::other(format!(
                    "export {id} is {}; nothing to download yet",
                    status.state
                )));
            }
            let bytes = tokio::select! {
                bytes = client.download_export(&status, &path) => bytes?,
                () = interrupted => return Err(Failure::other("interrupted; no file was written")),
            };
            output::downloaded(&path, bytes);
        }
    }
    Ok(())
}
