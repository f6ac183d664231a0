//! `cargo xtask snapshots --check | --accept`, without cargo-insta.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::command::{cargo, root, run};

/// Runs the tests with snapshots read-only, then checks what they left.
pub(crate) fn check() -> Result<()> {
    let references = run_tests("no")?;
    verify(&references)
}

/// Runs the tests accepting every new snapshot, then deletes unreferenced ones.
pub(crate) fn accept() -> Result<()> {
    let references = run_tests("always")?;
    for stale in unreferenced(&root(), &references)? {
        eprintln!("deleting unreferenced snapshot {}", stale.display());
        fs::remove_file(stale)?;
    }
    verify(&references)
}

/// Runs the workspace tests, recording which snapshot files they use.
pub(crate) fn run_tests(insta_update: &str) -> Result<BTreeSet<PathBuf>> {
    let references =
        std::env::temp_dir().join(format!("callreport-snapshot-refs-{}", std::process::id()));
    let _ = fs::remove_file(&references);
    let mut command = cargo(&["test", "--workspace", "--all-features"]);
    command
        .env("INSTA_UPDATE", insta_update)
        .env("INSTA_SNAPSHOT_REFERENCES_FILE", &references);
    if insta_update == "no" {
        command.env("CI", "true");
    }
    run(command, "cargo test --workspace --all-features")?;
    let text = fs::read_to_string(&references).unwrap_or_default();
    let _ = fs::remove_file(&references);
    Ok(text
        .lines()
        .filter_map(|line| fs::canonicalize(line).ok())
        .collect())
}

/// Fails on pending snapshots and on snapshots no test used.
pub(crate) fn verify(references: &BTreeSet<PathBuf>) -> Result<()> {
    let root = root();
    let pending = snapshot_files(&root, &[".snap.new", ".pending-snap"])?;
    let stale = unreferenced(&root, references)?;
    for path in &pending {
        eprintln!("pending snapshot: {}", path.display());
    }
    for path in &stale {
        eprintln!("unreferenced snapshot: {}", path.display());
    }
    if !pending.is_empty() || !stale.is_empty() {
        bail!(
            "{} pending and {} unreferenced snapshot(s): review them, then run `cargo xtask snapshots --accept`",
            pending.len(),
            stale.len()
        );
    }
    eprintln!(
        "snapshots: {} referenced, none pending or unreferenced",
        references.len()
    );
    Ok(())
}

fn unreferenced(root: &Path, references: &BTreeSet<PathBuf>) -> Result<Vec<PathBuf>> {
    Ok(snapshot_files(root, &[".snap"])?
        .into_iter()
        .filter(|path| fs::canonicalize(path).map_or(true, |p| !references.contains(&p)))
        .collect())
}

fn snapshot_files(root: &Path, endings: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for folder in ["crates", "xtask"] {
        collect(&root.join(folder), endings, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn collect(folder: &Path, endings: &[&str], found: &mut Vec<PathBuf>) -> Result<()> {
    if !folder.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect(&path, endings, found)?;
            }
        } else if endings.iter().any(|ending| name.ends_with(ending)) {
            found.push(path);
        }
    }
    Ok(())
}
