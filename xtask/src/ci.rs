//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use anyhow::Result;

use crate::command::{cargo, run as step};
use crate::{docs, fixtures, snapshots};

pub(crate) fn run() -> Result<()> {
    step(
        cargo(&["fmt", "--all", "--", "--check"]),
        "cargo fmt --check",
    )?;
    fixtures::run(true)?;
    step(
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]),
        "cargo clippy -D warnings",
    )?;
    let references = snapshots::run_tests("no")?;
    snapshots::verify(&references)?;
    docs::build()?;
    eprintln!("==> all CI checks passed");
    Ok(())
}
