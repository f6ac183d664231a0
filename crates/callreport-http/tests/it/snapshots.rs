//! The JSON bodies of every endpoint and view against the demo data, as insta snapshots.
//!
//! Ids, times and links are deterministic: the demo data comes from a seeded generator and the
//! client sends a fixed `Host`.

use callreport_model::Call;
use callreport_store::demo::{MAIN, RESTRICTED};
use serde_json::{Value, json};

use crate::support::on_each_backend;
use crate::support::{CALLS, TestServer, with_session, with_token};

/// The first recorded, charged call of the demo, answered by an agent.
fn sample() -> Call {
    MAIN.generator()
        .take(usize::try_from(CALLS).unwrap())
        .find(|c| c.recordings().next().is_some() && c.amount > 0.0 && c.first_agent.is_some())
        .unwrap()
}

on_each_backend! {
async fn detail_views() {
    let _names = by_name();
    let server = TestServer::start().await;
    let id = sample().id.as_str().to_owned();
    for (name, report_type) in [
        ("detail_standard", Value::Null),
        ("detail_agents", json!("agts")),
        ("detail_recordings", json!(["rcrd"])),
        ("detail_deductions", json!("ddLog")),
        ("detail_all", json!("allDetail")),
    ] {
        let mut body = with_session(json!({"clId": id}));
        if !report_type.is_null() {
            body["rType"] = report_type;
        }
        let reply = server.post_json("/api/v2/CallReport/detail", &body).await;
        insta::assert_json_snapshot!(name, reply.json());
    }
    let missing = server
        .post_json(
            "/api/v2/CallReport/detail",
            &with_token(json!({"clId": "nosuchcall"})),
        )
        .await;
    insta::assert_json_snapshot!("detail_no_data", missing.json());
}
}

on_each_backend! {
async fn lists_and_counts() {
    let _names = by_name();
    let server = TestServer::start().await;
    let filter = json!({
        "frmDt": "2025-11-01 09:00:00",
        "toDt": "2025-11-01 12:00:00",
        "clTy": ["IBD", "OBD"],
        "lmt": 2,
        "srt": "amt",
        "ord": "desc"
    });
    let list = server
        .post_json("/api/v2/CallReport/list", &with_session(filter.clone()))
        .await;
    insta::assert_json_snapshot!("list_page", list.json());
    let masked = server
        .post_json("/api/v2/CallReport/masklist", &with_token(filter.clone()))
        .await;
    insta::assert_json_snapshot!("masklist_page", masked.json());
    let mut count_filter = filter;
    for key in ["lmt", "srt", "ord"] {
        count_filter.as_object_mut().unwrap().remove(key);
    }
    let count = server
        .post_json(
            "/api/v2/CallReport/reportCount",
            &with_session(count_filter),
        )
        .await;
    insta::assert_json_snapshot!("report_count", count.json());
}
}

on_each_backend! {
async fn error_bodies() {
    let _names = by_name();
    let server = TestServer::start().await;
    let cases = [
        ("1047_empty", String::new()),
        ("1000_missing_call_id", with_session(json!({})).to_string()),
        (
            "1000_ssid_with_token",
            json!({"ssid": MAIN.session, "userId": MAIN.user_id, "token": MAIN.token, "clId": "x"})
                .to_string(),
        ),
        (
            "1014_unknown_session",
            json!({"ssid": "nope", "clId": "x"}).to_string(),
        ),
        (
            "1015_no_permission",
            json!({"ssid": RESTRICTED.session, "clId": "x"}).to_string(),
        ),
    ];
    let mut bodies = serde_json::Map::new();
    for (name, body) in cases {
        let reply = server.post("/api/v2/CallReport/detail", body).await;
        bodies.insert(name.to_owned(), reply.json());
    }
    insta::assert_json_snapshot!("error_bodies", Value::Object(bodies));
}
}

/// Snapshots named by their name alone, not the test's module: the test of each backend
/// compares with the one file, so the backends cannot drift apart.
fn by_name() -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind_to_scope()
}
