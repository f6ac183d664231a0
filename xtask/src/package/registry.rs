//! An empty index for the internal registry, in a temporary folder, so that `cargo package`
//! checks the workspace's crates against each other without reaching the real registry (whose
//! address CI does not know, and which CI must not contact).

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use tempfile::TempDir;

/// The registry named in the workspace's `publish`.
pub(crate) const NAME: &str = "internal";

/// The variable that points cargo at the registry's index, over `.cargo/config.toml`.
pub(crate) const INDEX_VARIABLE: &str = "CARGO_REGISTRIES_INTERNAL_INDEX";

/// A git index with nothing published in it: its `file://` URL lives as long as the folder.
#[derive(Debug)]
pub(crate) struct EmptyIndex {
    folder: TempDir,
}

impl EmptyIndex {
    /// Creates the index (a one-commit git repository holding `config.json`).
    ///
    /// # Errors
    /// The folder cannot be written or git fails.
    pub(crate) fn create() -> Result<Self> {
        let folder = tempfile::Builder::new().prefix("empty-index").tempdir()?;
        // Nothing is ever downloaded from it; the URL could not be fetched if it were.
        fs::write(
            folder.path().join("config.json"),
            "{\"dl\": \"file:///dev/null/{crate}/{version}\"}\n",
        )?;
        git(folder.path(), &["init", "--quiet"])?;
        git(folder.path(), &["add", "config.json"])?;
        git(
            folder.path(),
            &[
                "-c",
                "user.name=xtask",
                "-c",
                "user.email=xtask@localhost",
                "commit",
                "--quiet",
                "--no-gpg-sign",
                "--message",
                "empty index",
            ],
        )?;
        Ok(Self { folder })
    }

    /// The index URL for cargo.
    pub(crate) fn url(&self) -> String {
        format!("file://{}", self.folder.path().display())
    }
}

fn git(folder: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new("git")
        .args(args)
        .current_dir(folder)
        .status()
        .context("could not start git")?;
    if !status.success() {
        bail!("git {} failed ({status})", args.join(" "));
    }
    Ok(())
}
