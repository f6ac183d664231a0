//! `callreport list [filter]`: calls, streamed page by page.

use clap::Args;
use futures::StreamExt;

use crate::exit::Failure;
use crate::filter_args::FilterArgs;
use crate::output::{self, Shape};
use crate::settings::Settings;

/// Arguments of `callreport list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// At most this many calls (0: all of them; with --json, all are held until the end).
    #[arg(long, default_value_t = 20)]
    limit: u64,
    /// Numbers and names masked (the `masklist` endpoint).
    #[arg(long)]
    masked: bool,
    #[command(flatten)]
    shape: Shape,
}

pub(crate) async fn run(args: ListArgs, settings: &Settings) -> Result<(), Failure> {
    let client = settings.client()?;
    let (filter, window) = args.filter.filter(settings.zone)?;
    if window.is_bounded() {
        output::window(&window);
    }
    let limit = if args.limit == 0 {
        u64::MAX
    } else {
        args.limit
    };
    let mut table = output::CallTable::start(args.shape, client.base_url(), settings.zone);
    if args.masked {
        crate::masked_pages::for_each_page(&client, filter, limit, |page| {
            page.calls.iter().try_for_each(|call| table.call(call))?;
            page.rejected.iter().try_for_each(|row| table.rejected(row))
        })
        .await?;
        return table.finish(None);
    }
    let mut stream = client.list_stream(filter);
    let mut written = 0_u64;
    while written < limit {
        match stream.next().await {
            Some(call) => {
                table.call(&call?)?;
                written += 1;
            }
            None => break,
        }
    }
    for row in stream.take_rejected() {
        table.rejected(&row)?;
    }
    table.finish(stream.total())
}
