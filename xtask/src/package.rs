//! `cargo xtask package`: every publishable crate can be published to the internal registry.
//!
//! 1. Each manifest says what a registry shows (description, licence, keywords, categories,
//!    readme), a `rust-version` equal to the pinned toolchain, and, for a library, the docs.rs
//!    settings.
//! 2. Each package is self-contained: every file its code names is inside the crate and in
//!    `cargo package --list`; so are its README, CHANGELOG and licence files.
//! 3. `cargo package` packages them all, each against the others as if already published (an
//!    empty local index stands in for the registry, so nothing but crates.io is contacted).
//! 4. The docs build as docs.rs builds them (`--cfg docsrs`, all features), warnings denied
//!    ([`docs::rustdoc`]).

mod categories;
mod contained;
mod manifest;
mod registry;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::command::{cargo, root, run as command};
use crate::docs;
use manifest::Publishable;
use registry::EmptyIndex;

/// Runs the four checks, stopping at the first that fails.
pub(crate) fn run() -> Result<()> {
    let root = root();
    let packages = publishable(&root)?;
    let toolchain = toolchain(&root)?;
    let mut problems = Vec::new();
    for package in &packages {
        problems.extend(manifest::problems(package, &toolchain));
        let shown = package
            .folder
            .strip_prefix(&root)
            .unwrap_or(&package.folder);
        let packaged = packaged_files(&package.name)?;
        problems.extend(contained::missing_files(&package.name, &packaged));
        problems.extend(contained::problems(&package.folder, &packaged, shown)?);
    }
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!("{} packaging problem(s)", problems.len());
    }
    let names: Vec<&str> = packages.iter().map(|p| p.name.as_str()).collect();
    eprintln!(
        "package: manifests complete and packages self-contained: {}",
        names.join(", ")
    );
    package_all(&names)?;
    // The workspace's docs, as docs.rs builds them; already built (and so fresh) within
    // `cargo xtask ci`, whose docs step runs before this one.
    docs::rustdoc()
}

fn publishable(root: &Path) -> Result<Vec<Publishable>> {
    let output = cargo(&["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .context("could not start cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = manifest::publishable(&metadata);
    if packages.is_empty() {
        bail!("no publishable package in {}", root.display());
    }
    Ok(packages)
}

/// The channel of `rust-toolchain.toml`: what CI builds with.
fn toolchain(root: &Path) -> Result<String> {
    let path = root.join("rust-toolchain.toml");
    let text = fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let file: toml::Table = toml::from_str(&text).with_context(|| path.display().to_string())?;
    file.get("toolchain")
        .and_then(|t| t.get("channel"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{}: no toolchain.channel", path.display()))
}

fn packaged_files(name: &str) -> Result<BTreeSet<PathBuf>> {
    let output = cargo(&["package", "--list", "--allow-dirty", "--package", name])
        .output()
        .context("could not start cargo package --list")?;
    if !output.status.success() {
        bail!(
            "cargo package --list --package {name} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8(output.stdout)?
        .lines()
        .map(PathBuf::from)
        .collect())
}

/// `cargo package` for every publishable crate, each dependency on another resolved from the
/// packages being made. `--no-verify`: see docs/publishing.md (the workspace build and tests
/// already compile these sources; the self-contained check covers what verification would add).
fn package_all(names: &[&str]) -> Result<()> {
    let index = EmptyIndex::create()?;
    let mut args = vec!["package", "--allow-dirty", "--no-verify"];
    for name in names {
        args.extend(["--package", name]);
    }
    let mut package = cargo(&args);
    package.env(registry::INDEX_VARIABLE, index.url());
    command(
        package,
        &format!(
            "cargo package (registry `{}`: an empty local index)",
            registry::NAME
        ),
    )
}
