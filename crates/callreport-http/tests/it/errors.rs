//! Every API error code, with its exact body, answered with HTTP 200.

use std::time::{Duration, SystemTime};

use callreport_model::UserId;
use callreport_store::CredentialKind;
use callreport_store::demo::{MAIN, RESTRICTED};
use serde_json::json;

use crate::support::on_each_backend;
use crate::support::{OTHER_TOKEN, OTHER_USER, TestServer, with_session, with_token};

const ENDPOINTS: [&str; 4] = [
    "/api/v2/CallReport/detail",
    "/api/v2/CallReport/list",
    "/api/v2/CallReport/reportCount",
    "/api/v2/CallReport/masklist",
];

on_each_backend! {
async fn an_empty_body_or_invalid_json_is_1047() {
    let server = TestServer::start().await;
    for path in ENDPOINTS {
        for empty in ["", "  \n"] {
            server
                .post(path, empty)
                .await
                .assert_api_error(1047, "the request body is empty; send a JSON object");
        }
        server.post(path, "{oops").await.assert_api_error(
            1047,
            "the request body is not a JSON object: key must be a string at line 1 column 2",
        );
        server.post(path, "[1]").await.assert_api_error(
            1047,
            "the request body is not a JSON object: expected an object",
        );
    }
}
}

on_each_backend! {
async fn missing_invalid_unknown_and_conflicting_parameters_are_1000() {
    let server = TestServer::start().await;
    let cases = [
        ("detail", with_session(json!({})), "clId is required"),
        (
            "detail",
            with_session(json!({"clId": ""})),
            "clId is required",
        ),
        (
            "detail",
            with_session(json!({"clId": "a/b"})),
            "clId: expected a call id (1 to 64 letters, digits, '-' or '_'), got an id with other characters",
        ),
        (
            "detail",
            with_session(json!({"clId": "x", "rType": "xyz"})),
            "rType: expected one of \"agts\", \"rcrd\", \"ddLog\", \"allDetail\", \"dtl\" (or none for the standard view), got \"xyz\"",
        ),
        (
            "list",
            with_session(json!({"agentz": [24]})),
            "unknown parameter: agentz",
        ),
        (
            "reportCount",
            with_token(json!({"clTy": ["IBD"], "colour": "red"})),
            "unknown parameter: colour",
        ),
        (
            "list",
            with_session(json!({"lmt": 1001})),
            "lmt: expected a page size from 1 to 1000, got 1001",
        ),
        (
            "masklist",
            with_session(json!({"frmDt": "2025-11-02"})),
            "frmDt: expected a date and time YYYY-MM-DD HH:MM:SS (India Standard Time), got \"2025-11-02\"",
        ),
        (
            "detail",
            json!({"ssid": MAIN.session, "userId": MAIN.user_id, "token": MAIN.token, "clId": "x"}),
            "send either ssid or userId and token, not both",
        ),
        (
            "list",
            json!({"ssid": MAIN.session, "token": MAIN.token}),
            "send either ssid or userId and token, not both",
        ),
        (
            "detail",
            json!({"clId": "x"}),
            "authentication is required: send ssid, or userId and token",
        ),
        (
            "reportCount",
            json!({"token": MAIN.token}),
            "userId is required",
        ),
    ];
    for (endpoint, body, message) in cases {
        let path = format!("/api/v2/CallReport/{endpoint}");
        server
            .post_json(&path, &body)
            .await
            .assert_api_error(1000, message);
    }
}
}

on_each_backend! {
async fn unknown_expired_or_mismatched_credentials_are_1014() {
    let server = TestServer::start().await;
    let main = UserId::new(MAIN.user_id).unwrap();
    let past = SystemTime::now() - Duration::from_secs(60);
    let future = SystemTime::now() + Duration::from_secs(3600);
    let store = server.store();
    store
        .add_credential(&main, CredentialKind::Token, "expired-token", Some(past))
        .await
        .unwrap();
    store
        .add_credential(
            &main,
            CredentialKind::Session,
            "expired-session",
            Some(past),
        )
        .await
        .unwrap();
    store
        .add_credential(&main, CredentialKind::Token, "fresh-token", Some(future))
        .await
        .unwrap();
    let refused = [
        json!({"ssid": "no-such-session"}),
        json!({"ssid": "expired-session"}),
        json!({"ssid": MAIN.session, "userId": OTHER_USER}),
        json!({"userId": MAIN.user_id, "token": "wrong"}),
        json!({"userId": MAIN.user_id, "token": "expired-token"}),
        json!({"userId": MAIN.user_id, "token": OTHER_TOKEN}),
        json!({"userId": OTHER_USER, "token": MAIN.token}),
        json!({"userId": "99999999", "token": MAIN.token}),
        json!({"userId": MAIN.user_id, "token": MAIN.recording_token}),
    ];
    for credentials in refused {
        for path in ENDPOINTS {
            let mut body = credentials.clone();
            body["clId"] = json!("x");
            if !path.ends_with("detail") {
                body.as_object_mut().unwrap().remove("clId");
            }
            server
                .post_json(path, &body)
                .await
                .assert_api_error(1014, "Invalid token");
        }
    }
    let fresh = json!({"userId": MAIN.user_id, "token": "fresh-token"});
    let reply = server
        .post_json("/api/v2/CallReport/reportCount", &fresh)
        .await;
    assert_eq!(reply.json(), json!({"data": {"cnt": 300}}));
}
}

on_each_backend! {
async fn an_account_without_list_call_log_gets_1015() {
    let server = TestServer::start().await;
    let credentials = [
        json!({"ssid": RESTRICTED.session}),
        json!({"userId": RESTRICTED.user_id, "token": RESTRICTED.token}),
    ];
    for body in credentials {
        for path in ENDPOINTS {
            let mut body = body.clone();
            if path.ends_with("detail") {
                body["clId"] = json!("x");
            }
            server
                .post_json(path, &body)
                .await
                .assert_api_error(1015, "Permission denied");
        }
    }
}
}
