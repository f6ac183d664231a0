//! HTTP-level behaviour: paths, methods, size limit, CORS, pre-flight, the export endpoints.

use bytes::Bytes;
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{TestServer, session, with_session};

/// The CORS headers of the provider's example response.
const CORS: [(&str, &str); 6] = [
    ("access-control-allow-origin", "*"),
    (
        "access-control-allow-methods",
        "GET, PUT, POST, DELETE, OPTIONS",
    ),
    (
        "access-control-allow-headers",
        "session-token,Authorization,Origin,Accept,Content-Type,DNT,Authorization,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Content-Range,Range",
    ),
    ("access-control-allow-credentials", "true"),
    ("vary", "Origin"),
    ("access-control-max-age", "1728000"),
];

fn assert_cors(reply: &crate::support::Reply) {
    for (name, value) in CORS {
        assert_eq!(reply.header(name), Some(value), "{name}");
    }
}

#[tokio::test]
async fn paths_ignore_case_and_take_a_trailing_slash() {
    let server = TestServer::start().await;
    for path in [
        "/api/v2/CallReport/reportCount",
        "/api/v2/callreport/reportcount",
        "/api/v2/CALLREPORT/REPORTCOUNT/",
        "/api/v2/callReport/reportCount/?x=1",
    ] {
        let reply = server.post_json(path, &session()).await;
        assert_eq!(reply.json(), json!({"data": {"cnt": 300}}), "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        assert_cors(&reply);
    }
}

#[tokio::test]
async fn every_response_carries_cors_headers_and_preflight_works() {
    let server = TestServer::start().await;
    let reply = server
        .post_json("/api/v2/CallReport/detail", &with_session(json!({})))
        .await;
    assert_cors(&reply);
    let preflight = server
        .request(
            Method::OPTIONS,
            "/api/v2/CallReport/list",
            &[
                ("origin", "https://app.example"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
            Bytes::new(),
        )
        .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert!(preflight.body.is_empty());
    assert_eq!(preflight.header("allow"), Some("POST, OPTIONS"));
    assert_cors(&preflight);
    let recording = server
        .request(
            Method::OPTIONS,
            "/api/v2/recording/directstream/t/mp3/1/2025/11/22/f.mp3",
            &[],
            Bytes::new(),
        )
        .await;
    assert_eq!(recording.status, StatusCode::NO_CONTENT);
    assert_eq!(recording.header("allow"), Some("GET, HEAD, OPTIONS"));
}

#[tokio::test]
async fn wrong_methods_and_unknown_paths_get_http_statuses_with_json_bodies() {
    let server = TestServer::start().await;
    let reply = server.get("/api/v2/CallReport/detail", &[]).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(
        reply.json(),
        json!({"status": "error", "message": "this path takes POST, OPTIONS", "code": 405})
    );
    assert_cors(&reply);
    let reply = server
        .request(
            Method::DELETE,
            "/api/v2/recording/directstream/t/mp3/1/2025/11/22/f.mp3",
            &[],
            Bytes::new(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.header("allow"), Some("GET, HEAD, OPTIONS"));
    for path in [
        "/",
        "/api/v2/CallReport/nope",
        "/api/v2/CallReport/",
        "/api/v3/x",
    ] {
        let reply = server.post_json(path, &session()).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.json(),
            json!({"status": "error", "message": "no such path", "code": 404})
        );
        assert_cors(&reply);
    }
}

#[tokio::test]
async fn bodies_over_one_mebibyte_get_413() {
    let server = TestServer::start().await;
    let padding = "x".repeat(1024 * 1024);
    let body = json!({"ssid": "s", "clId": "x", "pad": padding}).to_string();
    let reply = server.post("/api/v2/CallReport/detail", body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        reply.json(),
        json!({
            "status": "error",
            "message": "the request body is larger than 1048576 bytes",
            "code": 413
        })
    );
    assert_cors(&reply);
    let just_under = json!({"ssid": "s", "clId": "x", "p": "y".repeat(1024 * 1000)});
    let reply = server
        .post_json("/api/v2/CallReport/detail", &just_under)
        .await;
    reply.assert_api_error(1000, "unknown parameter: p");
}

#[tokio::test]
async fn export_endpoints_check_the_request_then_answer() {
    let server = TestServer::start().await;
    let cases = [
        ("exportCsv", json!({"frmt": "csv"}), None),
        (
            "exportCsvBulk",
            json!({"frmt": "xlsx", "title": "November"}),
            None,
        ),
        (
            "changeTitle",
            json!({"expId": "e1", "title": "Renamed"}),
            Some("expId: no export e1 in this account"),
        ),
        (
            "downloadPdf",
            json!({"expId": "e1"}),
            Some("expId: no export e1 in this account"),
        ),
    ];
    for (endpoint, params, refusal) in cases {
        let path = format!("/api/v2/CallReport/{endpoint}");
        let reply = server.post_json(&path, &with_session(params)).await;
        assert_eq!(reply.status, StatusCode::OK, "{endpoint}");
        match refusal {
            Some(message) => reply.assert_api_error(1000, message),
            None => assert!(reply.json()["data"]["expId"].is_string(), "{endpoint}"),
        }
        server
            .post_json(&path, &params_with_bad_session(endpoint))
            .await
            .assert_api_error(1014, "Invalid token");
    }
    server
        .post_json("/api/v2/CallReport/exportCsv", &session())
        .await
        .assert_api_error(1000, "frmt is required");
}

fn params_with_bad_session(endpoint: &str) -> serde_json::Value {
    match endpoint {
        "changeTitle" => json!({"ssid": "nobody", "expId": "e1", "title": "t"}),
        "downloadPdf" => json!({"ssid": "nobody", "expId": "e1"}),
        _ => json!({"ssid": "nobody", "frmt": "csv"}),
    }
}

#[tokio::test]
async fn the_health_route_answers() {
    let server = TestServer::start().await;
    let reply = server.get("/health", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"status": "ok"}));
}
