//! Limits on what a client may send: failed authentications per address, duplicate keys.

use std::net::SocketAddr;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpSocket;

use crate::support::{Demo, HOST, TestServer, config, session};

const COUNT: &str = "/api/v2/CallReport/reportCount";

/// POSTs `body` from the local address `from`; status, `Retry-After`, JSON body.
async fn post_from(
    from: &str,
    to: SocketAddr,
    body: &Value,
) -> (StatusCode, Option<String>, Value) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let stream = socket.connect(to).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let request = Request::builder()
        .method(Method::POST)
        .uri(COUNT)
        .header("host", HOST)
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    let status = response.status();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, retry, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn a_flood_of_bad_credentials_is_slowed_and_valid_callers_are_not() {
    let demo = Demo::new().await;
    let config = config().auth_failure_limit(5, 6);
    let server = TestServer::over(demo.store.clone(), config).await;
    let bad = json!({"ssid": "not-a-session"});
    let (mut invalid, mut limited) = (0, 0);
    for round in 0..40 {
        let (status, retry, answer) = post_from("127.0.0.1", server.addr, &bad).await;
        match status {
            StatusCode::OK => {
                assert_eq!(answer["code"], 1014, "{answer}");
                invalid += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                assert_eq!(answer["code"], 429, "{answer}");
                let seconds: u64 = retry.expect("Retry-After").parse().unwrap();
                assert!((1..=10).contains(&seconds), "{seconds}");
                limited += 1;
            }
            other => panic!("{other}: {answer}"),
        }
        if round % 10 == 9 {
            // A valid caller from the flooding address is answered as usual.
            let (status, _, answer) = post_from("127.0.0.1", server.addr, &session()).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(answer["data"]["cnt"], 300, "{answer}");
        }
    }
    assert_eq!(invalid, 5, "the burst only");
    assert_eq!(limited, 35);
    // Another address keeps its own allowance.
    let (status, _, answer) = post_from("127.0.0.2", server.addr, &bad).await;
    assert_eq!(
        (status, answer["code"].clone()),
        (StatusCode::OK, json!(1014))
    );
}

#[tokio::test]
async fn a_repeated_key_answers_1000_naming_it() {
    let server = TestServer::start().await;
    let good = session()["ssid"].as_str().unwrap().to_owned();
    for (body, key) in [
        (format!(r#"{{"ssid":"bad","ssid":"{good}"}}"#), "ssid"),
        (format!(r#"{{"ssid":"{good}","lmt":1,"lmt":2}}"#), "lmt"),
        (
            format!(r#"{{"ssid":"{good}","cstm":{{"a":"1","a":"2"}}}}"#),
            "a",
        ),
    ] {
        for path in [COUNT, "/api/v2/CallReport/list"] {
            let reply = server.post(path, body.clone()).await;
            reply.assert_api_error(1000, &format!("{key}: the key appears more than once"));
        }
    }
}

#[tokio::test]
async fn a_request_head_over_the_limit_is_refused_with_431_and_bodies_still_pass() {
    let server = TestServer::start().await;
    let huge = "x".repeat(100 * 1024);
    let reply = server
        .request(
            Method::GET,
            "/health",
            &[("x-padding", huge.as_str())],
            Bytes::new(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let fine = "x".repeat(32 * 1024);
    let reply = server
        .request(
            Method::GET,
            "/health",
            &[("x-padding", fine.as_str())],
            Bytes::new(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    // A body larger than the head limit is read as before (the limit is for heads only).
    let mut body = session();
    body["cNum"] = json!("9".repeat(200 * 1024));
    let reply = server.post_json(COUNT, &body).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["data"]["cnt"], 0);
}
