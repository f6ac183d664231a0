//! `exportList` pages as `list` does: `pg` and `lmt`, with the total beside the page.

use callreport_http::{ExportLimits, ServerConfig};
use callreport_model::{
    CreateExport, ExportFormat, ExportStatuses, ListExports, ReportFilter, Response,
};
use serde_json::json;

use crate::client::session_client;
use crate::support::on_each_backend;
use crate::support::{Demo, TestServer, local, with_session};

on_each_backend! {
async fn export_list_pages_newest_first_with_the_total() {
    let demo = Demo::with_calls(20).await;
    let config = ServerConfig::new(local())
        .export_limits(ExportLimits::default().max_active_per_account(10));
    let server = TestServer::over(demo.store.clone(), config).await;
    let client = session_client(&server);
    let mut created = Vec::new();
    for _ in 0..5 {
        let request = CreateExport::new(ExportFormat::Csv, ReportFilter::new());
        created.push(client.create_export(&request).await.unwrap().id);
        // Distinct creation times, so that newest first is one order.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    created.reverse();
    let mut seen = Vec::new();
    for page in 1..=3 {
        let reply = server
            .post_json(
                "/api/v2/CallReport/exportList",
                &with_session(json!({"pg": page, "lmt": 2})),
            )
            .await;
        let body = reply.json();
        assert_eq!(body["ttl"], 5, "{body}");
        assert_eq!(body["pg"], page);
        assert_eq!(body["lmt"], 2);
        let list = Response::<ExportStatuses>::decode(reply.text().as_bytes())
            .unwrap()
            .into_result()
            .unwrap()
            .unwrap();
        assert_eq!(list.total, Some(5));
        assert_eq!(list.exports.len(), if page == 3 { 1 } else { 2 });
        seen.extend(list.exports.into_iter().map(|status| status.id));
    }
    assert_eq!(seen, created, "every export once, newest first");

    let default_page = server
        .post_json("/api/v2/CallReport/exportList", &with_session(json!({})))
        .await;
    assert_eq!(
        default_page.json()["lmt"],
        u64::from(ListExports::DEFAULT_LIMIT)
    );
    let too_long = server
        .post_json(
            "/api/v2/CallReport/exportList",
            &with_session(json!({"lmt": ListExports::MAX_LIMIT + 1})),
        )
        .await;
    too_long.assert_api_error(1000, "lmt: expected a page size from 1 to 200, got 201");
}
}
