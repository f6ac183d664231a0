//! Streams every call of a server through `Client::list_stream` and reports the rate:
//! the client half of `bench/client.sh`.
//!
//! Usage: `stream_calls BASE_URL SSID [PAGE_SIZE]`

use std::time::Instant;

use callreport_http::client::{Client, StreamOptions};
use callreport_model::{Auth, ListCalls, ReportFilter};
use futures::StreamExt;

/// The allocator of the `callreport` binary (docs/decisions/0005-allocator.md), so that the
/// rate is the one a deployed program sees; the library itself chooses none.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args
        .next()
        .ok_or("usage: stream_calls BASE_URL SSID [PAGE_SIZE]")?;
    let ssid = args
        .next()
        .ok_or("usage: stream_calls BASE_URL SSID [PAGE_SIZE]")?;
    let page_size: u32 = args.next().map_or(Ok(1000), |size| size.parse())?;
    let client = Client::builder()
        .base_url(base_url)
        .auth(Auth::session(ssid))
        .build()?;
    let started = Instant::now();
    let mut stream = client.list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default().page_size(page_size),
    );
    let mut calls = 0_u64;
    let mut talk_seconds = 0_u64;
    while let Some(call) = stream.next().await {
        let call = call?;
        calls += 1;
        talk_seconds += call.durations.customer.as_secs();
    }
    let seconds = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
    let rate = calls as f64 / seconds;
    #[allow(clippy::print_stdout, reason = "an example reports on standard output")]
    {
        println!(
            "streamed {calls} calls in {seconds:.2} s: {rate:.0} calls/s ({} pages, {} rejected, total talk {talk_seconds} s)",
            stream.pages(),
            stream.take_rejected().len()
        );
    }
    Ok(())
}
