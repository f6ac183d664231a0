//! `callreport count [filter]`: how many calls match.

use callreport_model::CountCalls;
use clap::Args;

use crate::connect::ConnectArgs;
use crate::exit::Failure;
use crate::filter_args::FilterArgs;
use crate::output;

/// Arguments of `callreport count`.
#[derive(Debug, Args)]
pub(crate) struct CountArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print `{"count": N}` instead of the number alone.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connect: ConnectArgs,
}

pub(crate) async fn run(args: CountArgs) -> Result<(), Failure> {
    let client = args.connect.client()?;
    let count = client
        .count(&CountCalls::new(args.filter.filter()?))
        .await?;
    output::count(count, args.json);
    Ok(())
}
