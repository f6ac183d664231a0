//! Project automation, run as `cargo xtask <command>`.
//!
//! - `fixtures [--check]`: formats the JSON fixtures canonically and checks them for personal
//!   data; `--check` only reports.
//! - `snapshots --check | --accept`: runs the tests and fails on pending or unreferenced
//!   snapshots, or accepts every new snapshot and deletes the unreferenced ones.
//! - `imports`: no module import circles in any crate.
//! - `deps`: the builds a user can pick pull in no forbidden package or feature.
//! - `wire-keys`: no wire key and no hand-written JSON outside the model.
//! - `ci [--keep-going]`: every check CI runs, in order (`--keep-going`: all of them, failing
//!   at the end).
//! - `docs`: the documentation site (rustdoc and the guides in `docs/`).
//! - `quoted-files`: a guide that quotes a file of the workspace quotes it as it is.
//! - `package`: every publishable crate's manifest, contents, `cargo package` and docs as
//!   docs.rs builds them.

#![allow(
    clippy::print_stderr,
    reason = "a developer tool: reporting to the terminal is its job"
)]

mod ci;
mod command;
mod deps;
mod docs;
mod feature_sets;
mod fixtures;
mod imports;
mod json_format;
mod package;
mod quoted_files;
mod rust_source;
mod snapshots;
mod wire_keys;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    match args.first().map(String::as_str) {
        Some("fixtures") => fixtures::run(flags.contains(&"--check")),
        Some("snapshots") => match flags.as_slice() {
            ["--check"] => snapshots::check(),
            ["--accept"] => snapshots::accept(),
            _ => bail!("usage: cargo xtask snapshots --check | --accept"),
        },
        Some("imports") => imports::run(),
        Some("deps") => deps::run(),
        Some("wire-keys") => wire_keys::run(),
        Some("quoted-files") => quoted_files::run(),
        Some("ci") => match flags.as_slice() {
            [] => ci::run(false),
            ["--keep-going"] => ci::run(true),
            _ => bail!("usage: cargo xtask ci [--keep-going]"),
        },
        Some("docs") => docs::build(),
        Some("package") => package::run(),
        _ => bail!(
            "usage: cargo xtask <command>\n\ncommands:\n  fixtures [--check]        format and check the JSON fixtures\n  snapshots --check|--accept  fail on pending or unreferenced snapshots, or accept them\n  imports                   fail on module import circles\n  deps                      fail on forbidden dependencies of the builds a user can pick\n  wire-keys                 fail on wire keys or hand-written JSON outside the model\n  quoted-files              fail on a guide whose quotation of a file differs from it\n  ci [--keep-going]         run every CI check\n  docs                      build the documentation site into target/doc-site\n  package                   check and package every publishable crate, docs as on docs.rs"
        ),
    }
}
