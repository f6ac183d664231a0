//! Running cargo and finding the workspace.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The workspace root: the parent of this crate's folder.
pub(crate) fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A `cargo` command run from the workspace root.
pub(crate) fn cargo(args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(root());
    command
}

/// Runs a command, failing with its name when it fails.
pub(crate) fn run(mut command: Command, what: &str) -> Result<()> {
    eprintln!("==> {what}");
    let status = command
        .status()
        .with_context(|| format!("could not start: {what}"))?;
    if !status.success() {
        bail!("failed: {what} ({status})");
    }
    Ok(())
}

/// The names of the workspace's packages (`cargo metadata`), run in `root`.
///
/// # Errors
/// cargo fails or prints something that is not its metadata.
pub(crate) fn workspace_packages(root: &Path) -> Result<BTreeSet<String>> {
    let metadata = metadata(root)?;
    Ok(metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|package| Some(package["name"].as_str()?.to_owned()))
        .collect())
}

/// Whether the workspace package `name` has a library target (else it is binaries only).
///
/// # Errors
/// `cargo metadata` fails.
pub(crate) fn has_library(root: &Path, name: &str) -> Result<bool> {
    let metadata = metadata(root)?;
    Ok(metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| package["name"] == name)
        .flat_map(|package| package["targets"].as_array().into_iter().flatten())
        .flat_map(|target| target["kind"].as_array().into_iter().flatten())
        .any(|kind| kind == "lib"))
}

/// `cargo metadata` of the workspace's own packages.
fn metadata(root: &Path) -> Result<serde_json::Value> {
    let mut command = cargo(&["metadata", "--no-deps", "--format-version", "1"]);
    command.current_dir(root);
    let output = command.output().context("could not start cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}
