//! `callreport serve`'s connection limits, seen from outside: silent, dripping and idle
//! connections are closed; long filter lists are refused; links ignore the Host header.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::post;
use crate::served::Served;

const LIST: &str = "/api/v2/CallReport/list";
const COUNT: &str = "/api/v2/CallReport/reportCount";
const SESSION: &str = "demo-session-10000001";

/// The JSON body of a plain response.
fn json_of(response: &str) -> Value {
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {response}"))
}

/// Reads until the server closes the connection (or `limit` passes); what came and whether it
/// was closed.
fn read_until_closed(socket: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    socket.set_read_timeout(Some(limit)).unwrap();
    let mut received = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        match socket.read(&mut chunk) {
            Ok(0) => return (received, true),
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(error) if error.kind() == ErrorKind::ConnectionReset => return (received, true),
            Err(_) => return (received, false),
        }
    }
}

#[test]
fn three_hundred_silent_connections_under_a_256_file_limit_do_not_stop_requests() {
    let served = Served::start_with_file_limit(256, &[]);
    let silent: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(served.addr).unwrap())
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        let started = Instant::now();
        let response = post(served.addr, COUNT, &json!({"ssid": SESSION}).to_string());
        let took = started.elapsed();
        assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
        assert_eq!(json_of(&response)["data"]["cnt"], 21, "{response}");
        assert!(took < Duration::from_secs(1), "answered after {took:?}");
    }
    drop(silent);
    let log = served.stop();
    assert!(log.contains("idle connections closed"), "{log}");
}

#[test]
fn a_silent_connection_is_closed_by_the_header_timeout() {
    let served = Served::start(&["--header-timeout", "1"]);
    let mut silent = TcpStream::connect(served.addr).unwrap();
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(5));
    assert!(
        closed,
        "a connection that never sent a byte is still open after 5 s"
    );
    served.stop();
}

#[test]
fn a_dripped_body_is_closed_by_the_body_timeout() {
    let served = Served::start(&["--body-timeout", "2"]);
    let mut socket = TcpStream::connect(served.addr).unwrap();
    write!(
        socket,
        "POST {COUNT} HTTP/1.1\r\nHost: {}\r\nContent-Length: 1000\r\n\r\n{{",
        served.addr
    )
    .unwrap();
    let mut dripper = socket.try_clone().unwrap();
    let drip = thread::spawn(move || {
        // One byte every 500 ms, for at most 10 s: well past the 2 s allowed.
        for _ in 0..20 {
            thread::sleep(Duration::from_millis(500));
            if dripper.write_all(b" ").is_err() {
                return;
            }
        }
    });
    let (received, closed) = read_until_closed(&mut socket, Duration::from_secs(6));
    let response = String::from_utf8_lossy(&received);
    assert!(closed, "still open: {response}");
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.contains("did not arrive within 2 s"), "{response}");
    drop(socket);
    drip.join().unwrap();
    served.stop();
}

/// An HTTP/2 frame: length, type, flags, stream id, payload.
fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let length = u32::try_from(payload.len()).unwrap().to_be_bytes();
    let mut bytes = vec![length[1], length[2], length[3], kind, flags];
    bytes.extend_from_slice(&stream.to_be_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

const SETTINGS: u8 = 0x4;
const HEADERS: u8 = 0x1;
const GOAWAY: u8 = 0x7;

/// Reads one frame's type and flags (and skips its payload).
fn read_frame(socket: &mut TcpStream) -> Option<(u8, u8)> {
    let mut head = [0_u8; 9];
    socket.read_exact(&mut head).ok()?;
    let length = u32::from_be_bytes([0, head[0], head[1], head[2]]);
    let mut payload = vec![0_u8; usize::try_from(length).unwrap()];
    socket.read_exact(&mut payload).ok()?;
    Some((head[3], head[4]))
}

#[test]
fn an_idle_http2_connection_is_closed() {
    let served = Served::start(&["--idle-timeout", "1"]);
    let mut socket = TcpStream::connect(served.addr).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(8)))
        .unwrap();
    socket
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .unwrap();
    socket.write_all(&frame(SETTINGS, 0, 0, &[])).unwrap();
    // GET /health: :method GET (static 2), :scheme http (static 6), :path (name 4, literal),
    // :authority (name 1, literal); end of stream and of headers.
    let mut block = vec![0x82, 0x86, 0x44, 7];
    block.extend_from_slice(b"/health");
    let authority = served.addr.to_string();
    block.extend_from_slice(&[0x41, u8::try_from(authority.len()).unwrap()]);
    block.extend_from_slice(authority.as_bytes());
    socket.write_all(&frame(HEADERS, 0x5, 1, &block)).unwrap();
    let started = Instant::now();
    let mut kinds = Vec::new();
    while let Some((kind, flags)) = read_frame(&mut socket) {
        if kind == SETTINGS && flags & 0x1 == 0 {
            socket.write_all(&frame(SETTINGS, 0x1, 0, &[])).unwrap();
        }
        kinds.push(kind);
        if kind == GOAWAY {
            break;
        }
    }
    assert!(
        kinds.contains(&HEADERS),
        "the request was answered: {kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&GOAWAY), "frames: {kinds:?}");
    let (_, closed) = read_until_closed(&mut socket, Duration::from_secs(5));
    assert!(closed, "the connection stays open after GOAWAY");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "closed before it was idle"
    );
    served.stop();
}

#[test]
fn long_filter_lists_answer_1000_naming_the_parameter() {
    let served = Served::start(&[]);
    let many_fields: serde_json::Map<String, Value> =
        (0..1_000).map(|i| (format!("k{i}"), json!("v"))).collect();
    let cases = [
        ("agts", json!((0..40_000).collect::<Vec<u32>>())),
        ("st", json!(vec![3; 5_000])),
        ("clTy", json!(vec!["IBD"; 60_000])),
        ("cstm", Value::Object(many_fields)),
    ];
    for (key, value) in cases {
        for endpoint in [LIST, COUNT] {
            let body = json!({"ssid": SESSION, key: value}).to_string();
            let response = post(served.addr, endpoint, &body);
            let answer = json_of(&response);
            assert_eq!(answer["code"], 1000, "{key} on {endpoint}: {answer}");
            let message = answer["message"].as_str().unwrap();
            assert!(
                message.starts_with(&format!("{key}: at most ")),
                "{message}"
            );
        }
    }
    let log = served.stop();
    assert!(!log.contains("store failure"), "{log}");
}

#[test]
fn a_spoofed_host_header_does_not_reach_recording_links() {
    for (flags, base) in [
        (&[][..], None),
        (
            &["--public-url", "https://calls.example.test/"][..],
            Some("https://calls.example.test/api/v2/recording/directstream/"),
        ),
    ] {
        let served = Served::start(flags);
        let base = base.map_or_else(
            || format!("http://{}/api/v2/recording/directstream/", served.addr),
            str::to_owned,
        );
        let body = json!({"ssid": SESSION, "clId": "kyrnwv1c8ps5zq6jcwaxtzicv"}).to_string();
        let mut socket = TcpStream::connect(served.addr).unwrap();
        write!(
            socket,
            "POST /api/v2/CallReport/detail HTTP/1.1\r\nHost: evil.example/x?\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        socket.read_to_string(&mut response).unwrap();
        assert!(!response.contains("evil.example"), "{response}");
        let answer = json_of(&response);
        let link = answer.to_string();
        assert!(link.contains(&base), "no link under {base}: {answer}");
        served.stop();
    }
}
