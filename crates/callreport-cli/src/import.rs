//! `callreport import`: raw call documents (JSON lines) into an account.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use callreport_model::UserId;
use callreport_store::{CredentialKind, DEFAULT_BATCH, ImportTarget, Importer};
use tokio::io::{AsyncBufRead, BufReader};

use crate::database;
use crate::exit::Code;
use crate::output;

/// Arguments of `callreport import`. The account is granted the credentials in
/// CALLREPORT_TOKEN (for `userId` + `token`) and CALLREPORT_SSID (for `ssid`), when set,
/// stored as digests.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The file of JSON lines, one raw call document per line (`-` reads standard input).
    file: PathBuf,
    /// The account to import into; created with LIST_CALL_LOG if it does not exist. The run is
    /// one transaction: one that fails, is stopped or imports nothing writes nothing.
    #[arg(long)]
    user_id: String,
    /// The database: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, env = "CALLREPORT_DB", default_value = "callreport.sqlite")]
    db: PathBuf,
    /// Calls handed to the database at a time (the run is one transaction whatever this is).
    #[arg(long, default_value_t = DEFAULT_BATCH)]
    batch: usize,
}

pub(crate) async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let user_id = UserId::new(&args.user_id).context("--user-id")?;
    let store = database::open_to_import(&args.db).await?;
    let mut target = ImportTarget::new(user_id.clone());
    // Secrets come from the environment, never the command line (where `ps` shows them).
    for (kind, variable) in [
        (CredentialKind::Token, "CALLREPORT_TOKEN"),
        (CredentialKind::Session, "CALLREPORT_SSID"),
    ] {
        if let Some(secret) = std::env::var(variable).ok().filter(|s| !s.is_empty()) {
            target = target.credential(kind, secret);
        }
    }
    let reader: Box<dyn AsyncBufRead + Unpin + Send> = if args.file.as_os_str() == "-" {
        Box::new(BufReader::new(tokio::io::stdin()))
    } else {
        let file = tokio::fs::File::open(&args.file)
            .await
            .with_context(|| format!("cannot open {}", args.file.display()))?;
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    let started = Instant::now();
    let importer = Importer::with_target(Arc::clone(&store), target).batch_size(args.batch);
    let report = importer.run(reader).await.context("the import stopped")?;
    store.flush().await.context("cannot finish writing")?;
    output::imported(&user_id, &report, started.elapsed());
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(Code::Partial as u8)
    })
}
