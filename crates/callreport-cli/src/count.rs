//! `callreport count [filter]`: how many calls match.

use callreport_model::CountCalls;
use clap::Args;

use crate::exit::Failure;
use crate::filter_args::FilterArgs;
use crate::output;
use crate::settings::Settings;

/// Arguments of `callreport count`.
#[derive(Debug, Args)]
pub(crate) struct CountArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print `{"count": N}` instead of the number alone.
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(args: CountArgs, settings: &Settings) -> Result<(), Failure> {
    let client = settings.client()?;
    let (filter, window) = args.filter.filter(settings.zone)?;
    if window.is_bounded() {
        output::window(&window);
    }
    let count = client.count(&CountCalls::new(filter)).await?;
    output::count(count, args.json)
}
