//! The masked list (`masklist`) page by page: it has no stream of its own in the client.

use callreport_http::client::Client;
use callreport_model::{CallPage, ListCalls, ReportFilter};

use crate::exit::Failure;

/// Hands each page of masked calls to `each`, at most `limit` calls in all, in order.
pub(crate) async fn for_each_page(
    client: &Client,
    filter: ReportFilter,
    limit: u64,
    mut each: impl FnMut(CallPage) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut page_number = 1;
    let mut left = limit;
    while left > 0 {
        let request = ListCalls::new(filter.clone()).page(page_number, ListCalls::MAX_LIMIT);
        let mut page = client.mask_list(&request).await?;
        let full = page.len() >= ListCalls::MAX_LIMIT as usize;
        page.calls
            .truncate(usize::try_from(left).unwrap_or(usize::MAX));
        left -= page.calls.len() as u64;
        each(page)?;
        if !full {
            break;
        }
        page_number += 1;
    }
    Ok(())
}
