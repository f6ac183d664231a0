//! `callreport demo`: the whole tour in one command. It starts the server on demo data (on a
//! free local port), runs client commands against it, prints what they answer, and stops.

use std::path::PathBuf;

use callreport_http::client::Client;
use callreport_http::{Server, ServerConfig};
use callreport_model::{Auth, CallType, CountCalls, ListCalls, ReportFilter};
use callreport_store::demo;
use clap::Args;
use futures::StreamExt;

use crate::database;
use crate::exit::Failure;
use crate::output;

/// Arguments of `callreport demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// The demo database (created, or reused when it already holds the demo data): a SQLite
    /// file, or a postgres:// URL.
    #[arg(long, env = "CALLREPORT_DB", default_value = "callreport-demo.sqlite")]
    db: PathBuf,
    /// How many calls the demo account holds.
    #[arg(long, default_value_t = demo::DEFAULT_CALLS)]
    calls: u64,
}

pub(crate) async fn run(args: DemoArgs) -> Result<(), Failure> {
    output::preparing_demo(args.calls, &database::shown(&args.db));
    let store = database::lazy(&args.db).map_err(|error| Failure::other(format!("{error:#}")))?;
    demo::prepare(store.as_ref(), args.calls)
        .await
        .map_err(|error| {
            Failure::other(format!(
                "cannot prepare the demo database {}: {error}",
                database::shown(&args.db)
            ))
        })?;
    let config = ServerConfig::new(([127, 0, 0, 1], 0).into());
    let server = Server::bind(config, store)
        .await
        .map_err(|error| Failure::other(format!("cannot start the server: {error}")))?;
    let base_url = server.base_url();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let result = tour(&base_url).await;
    let _ = stop.send(());
    let _ = running.await;
    result
}

/// What a newcomer would run by hand, against the server at `base_url`.
async fn tour(base_url: &str) -> Result<(), Failure> {
    let client = Client::builder()
        .base_url(base_url)
        .auth(Auth::session(demo::MAIN.session))
        .build()?;
    output::step(&format!(
        "server on {base_url}; account {} (session {})",
        demo::MAIN.user_id,
        demo::MAIN.session
    ));

    output::step("callreport count");
    let all = client.count(&CountCalls::new(ReportFilter::new())).await?;
    output::count(all, false)?;
    output::step("callreport count --type IBD");
    let inbound = client
        .count(&CountCalls::new(
            ReportFilter::new().call_types([CallType::Inbound]),
        ))
        .await?;
    output::count(inbound, false)?;

    output::step("callreport list --limit 5");
    let mut table = output::CallTable::start(
        output::Shape {
            json: false,
            jsonl: false,
        },
        base_url,
        crate::time_zone::PROVIDER,
    );
    let page = client
        .list(&ListCalls::new(ReportFilter::new()).page(1, 5))
        .await?;
    for call in &page.calls {
        table.call(call)?;
    }
    table.finish(page.total)?;

    let mut stream = client.list_stream(ReportFilter::new());
    let mut recorded = None;
    while let Some(call) = stream.next().await {
        let call = call?;
        if call.recordings().next().is_some() {
            recorded = Some(call);
            break;
        }
    }
    let Some(call) = recorded else {
        return Err(Failure::other("the demo data has no recorded call"));
    };
    output::step(&format!("callreport detail {}", call.id));
    if let Some(detail) = client
        .detail_view(&callreport_model::GetCall::new(call.id.clone()))
        .await?
    {
        output::detail(
            &detail,
            output::Shape {
                json: false,
                jsonl: false,
            },
        )?;
    }
    let destination = std::env::temp_dir().join(format!("{}.mp3", call.id));
    output::step(&format!(
        "callreport recording {} -o {}",
        call.id,
        destination.display()
    ));
    if let Some(bytes) = client
        .download_fresh_recording(&call.id, &destination, |_| {})
        .await?
    {
        output::downloaded(&destination, bytes);
    }
    output::step(
        "done: run `callreport serve --demo` to keep the server up, and see README.md for every command",
    );
    Ok(())
}
