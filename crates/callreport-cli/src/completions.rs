//! `callreport completions SHELL` and `callreport completions man`: generated from the same
//! command definition as the parser, so they never drift from it.

use std::io::{self, Write};

use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

use crate::exit::Failure;

/// What to print.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Target {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
    /// The man page (roff), for `man -l -` or a man folder.
    Man,
}

/// Arguments of `callreport completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in, or `man` for the man page.
    #[arg(value_enum)]
    target: Target,
}

/// The command line's definition, with the notes every `--help` ends with.
pub(crate) fn command() -> clap::Command {
    with_notes(crate::Cli::command(), &crate::help_notes())
}

fn with_notes(command: clap::Command, notes: &str) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    let mut command = command.after_help(notes.to_owned());
    for name in names {
        command = command.mut_subcommand(name, |sub| with_notes(sub, notes));
    }
    command
}

pub(crate) fn run(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut command = command();
    let mut out = io::stdout().lock();
    let shell = match args.target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Elvish => Shell::Elvish,
        Target::Powershell => Shell::PowerShell,
        Target::Man => {
            clap_mangen::Man::new(command).render(&mut out)?;
            return Ok(out.flush()?);
        }
    };
    clap_complete::generate(shell, &mut command, "callreport", &mut out);
    Ok(out.flush()?)
}
