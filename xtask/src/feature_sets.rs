//! The feature sets a user can pick, each linted and tested by `cargo xtask ci`.
//!
//! Every row of [`FEATURE_SETS`] runs, with one shared target directory:
//! - `cargo clippy <selection> <features> --all-targets -- -D warnings`;
//! - for a single package, also `cargo clippy … --lib` (`--bins` for a package without a
//!   library): a package's dev-dependencies may turn on more features (`callreport-http` and
//!   `callreport-model` dev-depend on themselves with `test-hooks` and `generate`), so only
//!   that builds exactly what a user gets;
//! - its tests: `cargo test <selection> <features> --lib --tests` (`--bins --tests`) for a
//!   single package, unless an earlier row already ran the very same test binaries (cargo names
//!   a binary by a hash of everything it was built from, so the same names mean the same
//!   build); the workspace row's tests are the snapshot-checked
//!   `cargo test --workspace --all-features`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::command::{cargo, has_library, root, run, workspace_packages};

/// One feature set a user can pick.
#[derive(Debug)]
pub(crate) struct FeatureSet {
    /// `--workspace`, or `-p <package>`.
    pub(crate) selection: &'static [&'static str],
    /// The feature arguments.
    pub(crate) features: &'static [&'static str],
}

impl FeatureSet {
    /// The package of a `-p` row.
    pub(crate) fn package(&self) -> Option<&'static str> {
        match self.selection {
            ["-p", package] => Some(package),
            _ => None,
        }
    }

    /// `-p callreport-http --no-default-features --features client`, for reports.
    pub(crate) fn label(&self) -> String {
        [self.selection, self.features].concat().join(" ")
    }
}

const fn package(name: &'static [&'static str], features: &'static [&'static str]) -> FeatureSet {
    FeatureSet {
        selection: name,
        features,
    }
}

/// The one table of feature sets.
pub(crate) const FEATURE_SETS: &[FeatureSet] = &[
    package(&["--workspace"], &["--all-features"]),
    package(&["-p", "callreport-http"], &[]),
    package(
        &["-p", "callreport-http"],
        &["--no-default-features", "--features", "client"],
    ),
    package(
        &["-p", "callreport-http"],
        &["--no-default-features", "--features", "blocking"],
    ),
    package(
        &["-p", "callreport-http"],
        &["--no-default-features", "--features", "server"],
    ),
    package(
        &["-p", "callreport-http"],
        &["--no-default-features", "--features", "testing"],
    ),
    package(&["-p", "callreport-model"], &[]),
    package(&["-p", "callreport-model"], &["--features", "generate"]),
    package(&["-p", "callreport-store"], &[]),
    package(&["-p", "callreport-store"], &["--no-default-features"]),
    package(&["-p", "callreport-store"], &["--features", "postgres"]),
    package(&["-p", "callreport-store"], &["--features", "s3"]),
    package(&["-p", "callreport-cli"], &["--no-default-features"]),
];

/// Lints one row, and tests it unless it is the workspace row (whose tests the snapshot check
/// runs) or its test binaries are among those `tested` already. Prints the row's time.
///
/// # Errors
/// A lint or a test fails, or the row names a package that is not in the workspace.
pub(crate) fn check(row: &FeatureSet, tested: &mut BTreeSet<PathBuf>) -> Result<()> {
    let started = Instant::now();
    if let Some(package) = row.package()
        && !workspace_packages(&root())?.contains(package)
    {
        bail!("{}: no such package in the workspace", row.label());
    }
    let base = [row.selection, row.features].concat();
    let clippy = |targets: &str| {
        let args = [
            &["clippy"],
            base.as_slice(),
            &[targets, "--", "-D", "warnings"],
        ]
        .concat();
        run(cargo(&args), &format!("cargo {}", args.join(" ")))
    };
    clippy("--all-targets")?;
    if let Some(package) = row.package() {
        // What a user builds: the library, or the binaries of a package without one.
        let built = if has_library(&root(), package)? {
            "--lib"
        } else {
            "--bins"
        };
        clippy(built)?;
        let args = [&["test"], base.as_slice(), &[built, "--tests"]].concat();
        let binaries = test_binaries(&args)?;
        if binaries.is_subset(tested) {
            eprintln!(
                "==> cargo {}: the same test binaries as an earlier row, not run again",
                args.join(" ")
            );
        } else {
            let mut command = cargo(&args);
            command.env("CI", "true").env("INSTA_UPDATE", "no");
            run(command, &format!("cargo {}", args.join(" ")))?;
            tested.extend(binaries);
        }
    }
    eprintln!(
        "==> feature set {}: {:.1} s",
        row.label(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds the test binaries of `cargo <test_args>` and names them.
fn test_binaries(test_args: &[&str]) -> Result<BTreeSet<PathBuf>> {
    let args = [test_args, &["--no-run", "--message-format=json"]].concat();
    eprintln!("==> cargo {}", args.join(" "));
    let output = cargo(&args)
        .stderr(Stdio::inherit())
        .output()
        .context("could not start cargo test --no-run")?;
    if !output.status.success() {
        bail!("failed: cargo {} ({})", args.join(" "), output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| Some(PathBuf::from(message["executable"].as_str()?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::FEATURE_SETS;
    use crate::command::{root, workspace_packages};

    #[test]
    fn every_row_names_a_package_of_this_workspace() {
        let packages = workspace_packages(&root()).unwrap();
        for row in FEATURE_SETS {
            if let Some(package) = row.package() {
                assert!(packages.contains(package), "{}", row.label());
            }
        }
    }

    #[test]
    fn the_workspace_row_comes_first_with_all_features() {
        assert_eq!(FEATURE_SETS[0].label(), "--workspace --all-features");
    }
}
