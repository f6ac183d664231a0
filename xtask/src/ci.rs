//! `cargo xtask ci [--keep-going]`: every check CI runs, in order, stopping at the first failure
//! (or, with `--keep-going`, running them all and failing at the end). Prints each step's time.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::command::{cargo, run as command};
use crate::feature_sets::{FEATURE_SETS, FeatureSet};
use crate::{
    deps, docs, feature_sets, fixtures, imports, package, quoted_files, snapshots, wire_keys,
};

/// Runs every CI check.
pub(crate) fn run(keep_going: bool) -> Result<()> {
    let started = Instant::now();
    let mut steps = Steps {
        keep_going,
        times: Vec::new(),
        failed: Vec::new(),
    };
    steps.run("cargo fmt --check", || {
        command(
            cargo(&["fmt", "--all", "--", "--check"]),
            "cargo fmt --check",
        )
    })?;
    steps.run("fixtures", || fixtures::run(true))?;
    steps.run("imports", imports::run)?;
    steps.run("deps", deps::run)?;
    steps.run("wire-keys", wire_keys::run)?;
    steps.run("quoted-files", quoted_files::run)?;
    let mut tested = BTreeSet::new();
    for row in FEATURE_SETS {
        steps.run(&format!("feature set {}", row.label()), || {
            feature_sets::check(row, &mut tested)
        })?;
        if is_workspace(row) {
            steps.run("workspace tests and snapshots", || {
                let references = snapshots::run_tests("no")?;
                snapshots::verify(&references)
            })?;
        }
    }
    steps.run("docs", docs::build)?;
    steps.run("package", package::run)?;
    eprintln!("==> times:");
    for (what, took) in &steps.times {
        eprintln!("    {:>7.1} s  {what}", took.as_secs_f64());
    }
    eprintln!("    {:>7.1} s  in all", started.elapsed().as_secs_f64());
    if !steps.failed.is_empty() {
        bail!("failed: {}", steps.failed.join("; "));
    }
    eprintln!("==> all CI checks passed");
    Ok(())
}

fn is_workspace(row: &FeatureSet) -> bool {
    row.package().is_none()
}

struct Steps {
    keep_going: bool,
    times: Vec<(String, Duration)>,
    failed: Vec<String>,
}

impl Steps {
    fn run(&mut self, what: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        let started = Instant::now();
        let outcome = step();
        self.times.push((what.to_owned(), started.elapsed()));
        match outcome {
            Ok(()) => Ok(()),
            Err(error) if self.keep_going => {
                eprintln!("==> FAILED {what}: {error:#}");
                self.failed.push(what.to_owned());
                Ok(())
            }
            Err(error) => Err(error.context(format!("CI step failed: {what}"))),
        }
    }
}
