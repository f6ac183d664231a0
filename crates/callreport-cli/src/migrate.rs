//! `callreport migrate`: bring a database's schema to this build's version, or (`--check`) say
//! whether that is needed, for deployment scripts that migrate before starting the servers.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::database;
use crate::output;

/// Arguments of `callreport migrate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The database: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, env = "CALLREPORT_DB", default_value = "callreport.sqlite")]
    db: PathBuf,
    /// Change nothing: print the schema version and exit with 1 when migrations are pending
    /// (a missing SQLite file is not created).
    #[arg(long)]
    check: bool,
}

pub(crate) async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let shown = database::shown(&args.db);
    let before = database::schema_version(&args.db).await?;
    if before.is_newer() {
        anyhow::bail!(
            "{shown} has schema version {}, from a newer build of callreport (this one knows up \
             to {}): use that build or a newer one",
            before.found,
            before.latest,
        );
    }
    if before.is_current() {
        output::schema_current(&shown, before);
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        output::schema_pending(&shown, before);
        return Ok(ExitCode::FAILURE);
    }
    // Opening migrates, under the same lock a starting server takes.
    let store = database::open(&args.db).await?;
    store.flush().await.context("cannot finish writing")?;
    drop(store);
    let after = database::schema_version(&args.db).await?;
    output::schema_migrated(&shown, before, after);
    Ok(ExitCode::SUCCESS)
}
