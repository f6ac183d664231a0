//! `cargo xtask deps`: what a build may not pull in, for the builds a user can pick.
//!
//! Each row of [`BOUNDARIES`] (the one table, in [`boundaries`]) runs
//! `cargo tree -p <package> <features> -e normal,features` (normal dependencies only: what a
//! user of the package compiles; read as [`tree`] says) and fails on every forbidden package or
//! feature it lists.

mod boundaries;
mod tree;

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::command::{root, workspace_packages};
pub(crate) use boundaries::{BOUNDARIES, Boundary};

/// Checks every boundary of the workspace; fails on any forbidden package or feature.
pub(crate) fn run() -> Result<()> {
    let root = root();
    let found = violations(&root, BOUNDARIES)?;
    if found.is_empty() {
        eprintln!("deps: every build keeps to its boundaries");
        return Ok(());
    }
    for violation in &found {
        eprintln!("{violation}");
    }
    bail!(
        "{} forbidden dependency edge(s); `cargo tree -p <package> <features> -e normal,features -i <dependency>` shows what pulls one in",
        found.len()
    )
}

/// One line per forbidden package or feature a boundary's build lists.
///
/// # Errors
/// `cargo metadata` or `cargo tree` fails.
pub(crate) fn violations(root: &Path, boundaries: &[Boundary]) -> Result<Vec<String>> {
    let packages = workspace_packages(root)?;
    let mut found = Vec::new();
    for boundary in boundaries {
        if !packages.contains(boundary.package) {
            bail!(
                "deps: {} names package {}, which is not in the workspace",
                boundary.what,
                boundary.package
            );
        }
        let args = [&["-p", boundary.package], boundary.features].concat();
        let listed = tree::nodes(&cargo_tree(root, &args)?);
        for forbidden in boundary.forbidden {
            let hit = listed.iter().any(|node| {
                node.package == forbidden.package && forbidden.feature == node.feature.as_deref()
            });
            if hit {
                let what = forbidden.feature.map_or_else(
                    || forbidden.package.to_owned(),
                    |feature| format!("{} feature \"{feature}\"", forbidden.package),
                );
                found.push(format!(
                    "deps: {} (cargo tree {}) pulls in {what}: {}",
                    boundary.what,
                    args.join(" "),
                    forbidden.why
                ));
            }
        }
    }
    Ok(found)
}

fn cargo_tree(root: &Path, args: &[&str]) -> Result<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .arg("tree")
        .args(args)
        .args([
            "-e",
            "normal,features",
            "--prefix",
            "none",
            "--format",
            tree::FORMAT,
        ])
        .current_dir(root)
        .output()
        .context("could not start cargo tree")?;
    if !output.status.success() {
        bail!(
            "cargo tree {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8(output.stdout)?)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::boundaries::{feature, package};
    use super::{BOUNDARIES, Boundary, violations};

    /// A workspace: `app` depends on `leaf`, through `app`'s feature `heavy` on `leaf`'s
    /// feature `extra`, when `heavy` is a default feature.
    fn workspace(heavy_by_default: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let file = dir.path().join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        };
        write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"app\", \"leaf\"]\n",
        );
        let default = if heavy_by_default {
            "[\"heavy\"]"
        } else {
            "[]"
        };
        write(
            "app/Cargo.toml",
            &format!(
                "[package]\nname = \"app\"\nedition = \"2024\"\n[features]\ndefault = {default}\nheavy = [\"dep:leaf\", \"leaf/extra\"]\n[dependencies]\nleaf = {{ path = \"../leaf\", optional = true }}\n"
            ),
        );
        write("app/src/lib.rs", "");
        write(
            "leaf/Cargo.toml",
            "[package]\nname = \"leaf\"\nedition = \"2024\"\n[features]\nextra = []\n",
        );
        write("leaf/src/lib.rs", "");
        dir
    }

    const ROWS: &[Boundary] = &[
        Boundary {
            what: "the app",
            package: "app",
            features: &[],
            forbidden: &[
                package("leaf", "too heavy"),
                feature("leaf", "extra", "too heavy"),
            ],
        },
        Boundary {
            what: "a misspelt package",
            package: "later",
            features: &[],
            forbidden: &[package("leaf", "too heavy")],
        },
    ];

    #[test]
    fn a_forbidden_package_and_feature_are_reported() {
        let dir = workspace(true);
        let found = violations(dir.path(), &ROWS[..1]).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("the app (cargo tree -p app) pulls in leaf: too heavy"));
        assert!(found[1].contains("pulls in leaf feature \"extra\""));
    }

    #[test]
    fn a_build_within_its_boundary_passes() {
        let dir = workspace(false);
        assert!(violations(dir.path(), &ROWS[..1]).unwrap().is_empty());
    }

    #[test]
    fn a_missing_package_fails() {
        let dir = workspace(false);
        assert!(violations(dir.path(), &ROWS[1..]).is_err());
    }

    #[test]
    fn every_row_names_a_package_of_this_workspace() {
        let packages = crate::command::workspace_packages(&crate::command::root()).unwrap();
        for row in BOUNDARIES {
            assert!(packages.contains(row.package), "{}", row.package);
        }
    }
}
