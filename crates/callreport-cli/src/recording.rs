//! `callreport recording CALL_ID [-o FILE]`: download a call's recording.

use std::path::PathBuf;

use callreport_http::shutdown::shutdown_signal;
use callreport_model::CallId;
use clap::Args;

use crate::exit::Failure;
use crate::output;
use crate::settings::Settings;

/// Arguments of `callreport recording`.
#[derive(Debug, Args)]
pub(crate) struct RecordingArgs {
    /// The call id (`clId`).
    call_id: String,
    /// Where to write it (default: `<call id>.mp3` here). Written under a temporary name and
    /// renamed when complete.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub(crate) async fn run(args: RecordingArgs, settings: &Settings) -> Result<(), Failure> {
    // Installed first: SIGINT or SIGTERM then drops the download, which removes its
    // temporary file, instead of killing the process with the file half-written.
    let interrupted = shutdown_signal();
    let call_id = CallId::new(&args.call_id).map_err(|error| Failure::usage(error.to_string()))?;
    let client = settings.client()?;
    let destination = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{call_id}.mp3")));
    let bar = output::DownloadBar::new(&destination);
    let written = tokio::select! {
        written = client
            .download_fresh_recording(&call_id, &destination, |progress| bar.update(progress)) => written,
        () = interrupted => {
            bar.finish();
            return Err(Failure::other("interrupted; no file was written"));
        }
    };
    bar.finish();
    match written? {
        Some(bytes) => {
            output::downloaded(&destination, bytes);
            Ok(())
        }
        None => Err(Failure::other(format!(
            "call {call_id} has no recording (or no such call for this account)"
        ))),
    }
}
