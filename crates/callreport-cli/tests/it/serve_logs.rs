//! The server's log never shows a session, a token, a recording locator or a phone number,
//! whatever spelling of whatever route carries them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use serde_json::{Value, json};

use crate::post;
use crate::served::Served;

const SESSION: &str = "demo-session-10000001";
const TOKEN: &str = "demo-token-10000001";
const PUSH_KEY: &str = "demo-push-10000001";
const CALL: &str = "kyrnwv1c8ps5zq6jcwaxtzicv";

/// Sends `method path` with an optional body; the status line.
fn send(addr: SocketAddr, method: &str, path: &str, body: &str) -> String {
    let mut socket = TcpStream::connect(addr).unwrap();
    write!(
        socket,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = Vec::new();
    socket.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response);
    response.lines().next().unwrap_or("").to_owned()
}

fn percent_encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn no_route_spelling_puts_a_secret_or_a_number_into_the_log() {
    let served = Served::start_logging("debug", &[]);
    let addr = served.addr;
    let detail = |extra: Value| {
        let mut body = json!({"ssid": SESSION, "clId": CALL});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let response = post(addr, "/api/v2/CallReport/detail", &body.to_string());
        let json = response.split("\r\n\r\n").nth(1).unwrap().to_owned();
        serde_json::from_str::<Value>(&json).unwrap()["data"].clone()
    };
    let link = detail(json!({}))["recording"].as_str().unwrap().to_owned();
    let number = detail(json!({"rType": "dtl"}))["cNum"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = link
        .strip_prefix(&format!("http://{addr}"))
        .unwrap()
        .to_owned();
    let locator = path
        .strip_prefix("/api/v2/recording/directstream/")
        .unwrap()
        .to_owned();
    let recording_token = locator.split('/').next().unwrap().to_owned();
    assert!(
        send(addr, "GET", &path, "").contains("200"),
        "the link works"
    );

    let secret_query = format!("?ssid={SESSION}&userId=10000001&token={TOKEN}&cNum={number}");
    let spellings = [
        path.clone(),
        format!("/{path}"),
        path.replace("/recording/", "/Recording/"),
        path.replace("/api/v2/", "/API/V2/"),
        format!("{path}/"),
        format!("{path}{secret_query}"),
        format!(
            "/api/v2/recording/directstream/{}/{}",
            percent_encoded(&recording_token),
            locator.split_once('/').unwrap().1
        ),
        path.replace('/', "%2F"),
        format!("/api/v2/CallReport/list{secret_query}"),
        format!("/api/v2/CallReport/list/{secret_query}"),
        format!("/api/v2/CallReport/detail/{TOKEN}/{number}"),
        format!("/api/v2/CallReport/exports/{SESSION}/file{secret_query}"),
        format!("/api/v2/CallReport/exports/x/file{secret_query}"),
        format!("/{number}/{SESSION}"),
        format!("/health{secret_query}"),
        format!("/push/{PUSH_KEY}"),
        format!("/push/{PUSH_KEY}/{secret_query}"),
        format!("/PUSH/{PUSH_KEY}"),
        "/push/wrong-push-key-1".to_owned(),
    ];
    for spelling in &spellings {
        for method in ["GET", "HEAD", "POST", "OPTIONS", "DELETE"] {
            let body = json!({"ssid": SESSION, "cNum": number, "clId": CALL}).to_string();
            send(addr, method, spelling, &body);
        }
    }
    let log = served.stop();
    assert!(
        log.contains("(no such route)"),
        "the odd spellings were logged: {log}"
    );
    assert!(
        log.contains("/api/v2/recording/directstream/{locator}"),
        "{log}"
    );
    assert!(log.contains("path=/push/{key}"), "{log}");
    let secrets = [
        PUSH_KEY.to_owned(),
        "wrong-push-key-1".to_owned(),
        SESSION.to_owned(),
        TOKEN.to_owned(),
        recording_token.clone(),
        percent_encoded(&recording_token),
        locator.clone(),
        number.clone(),
        number[2..].to_owned(),
    ];
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the log shows {secret}:\n{log}"
        );
    }
}
