//! `callreport list [filter]`: calls, streamed page by page.

use callreport_model::ListCalls;
use clap::Args;
use futures::StreamExt;

use crate::connect::ConnectArgs;
use crate::exit::Failure;
use crate::filter_args::FilterArgs;
use crate::output::{self, Shape};

/// Arguments of `callreport list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// At most this many calls (0: all of them).
    #[arg(long, default_value_t = 20)]
    limit: u64,
    /// Numbers and names masked (the `masklist` endpoint).
    #[arg(long)]
    masked: bool,
    #[command(flatten)]
    shape: Shape,
    #[command(flatten)]
    connect: ConnectArgs,
}

pub(crate) async fn run(args: ListArgs) -> Result<(), Failure> {
    let client = args.connect.client()?;
    let filter = args.filter.filter()?;
    let mut table = output::CallTable::start(args.shape, client.base_url())?;
    if args.masked {
        // The masked list has no stream of its own: page through it.
        let limit = if args.limit == 0 {
            u64::MAX
        } else {
            args.limit
        };
        let mut page_number = 1;
        let mut written = 0_u64;
        loop {
            let request = ListCalls::new(filter.clone()).page(page_number, ListCalls::MAX_LIMIT);
            let page = client.mask_list(&request).await?;
            for call in page
                .calls
                .iter()
                .take(usize::try_from(limit - written).unwrap_or(usize::MAX))
            {
                table.call(call)?;
                written += 1;
            }
            for row in &page.rejected {
                table.rejected(row)?;
            }
            if written >= limit || page.len() < ListCalls::MAX_LIMIT as usize {
                break;
            }
            page_number += 1;
        }
        return table.finish(None);
    }
    let mut stream = client.list_stream(filter);
    let mut written = 0_u64;
    while args.limit == 0 || written < args.limit {
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
