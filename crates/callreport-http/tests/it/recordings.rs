//! Recording streams: whole files, `Range`, `HEAD`, 404 and the token check.

use bytes::Bytes;
use callreport_model::generate::Generator;
use callreport_model::{Call, RecordingLocator, UserId};
use callreport_store::demo::{MAIN, RESTRICTED, silent_mp3};
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::on_each_backend;
use crate::support::{CALLS, HOST, OTHER_RECORDING_TOKEN, OTHER_USER, TestServer, with_session};

fn recorded(generator: Generator, count: u64) -> Call {
    generator
        .take(usize::try_from(count).unwrap())
        .find(|c| c.recordings().next().is_some())
        .unwrap()
}

fn locator(call: &Call) -> RecordingLocator {
    call.recordings().next().unwrap().locator.clone()
}

/// The same locator with another token or account.
fn altered(locator: &RecordingLocator, token: &str, user_id: &str) -> RecordingLocator {
    let text = locator.to_string_exposed();
    let parts: Vec<&str> = text.split('*').collect();
    let mut parts: Vec<String> = parts.iter().map(|p| (*p).to_owned()).collect();
    parts[0] = token.to_owned();
    parts[2] = user_id.to_owned();
    RecordingLocator::parse(&parts.join("*")).unwrap()
}

on_each_backend! {
async fn a_recording_streams_whole_with_its_type_and_length() {
    let server = TestServer::start().await;
    let call = recorded(MAIN.generator(), CALLS);
    let detail = server
        .post_json(
            "/api/v2/CallReport/detail",
            &with_session(json!({"clId": call.id.as_str()})),
        )
        .await
        .json();
    let url = detail["data"]["recording"].as_str().unwrap().to_owned();
    let path = url.strip_prefix(&format!("http://{HOST}")).unwrap();
    assert_eq!(path, locator(&call).path());
    let reply = server.get(path, &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("audio/mpeg"));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let length: usize = reply.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, reply.body.len());
    let clips: Vec<Vec<u8>> = [1, 2, 3, 5].into_iter().map(silent_mp3).collect();
    assert!(clips.iter().any(|clip| clip[..] == reply.body[..]));
    let head = server.request(Method::HEAD, path, &[], Bytes::new()).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(
        head.header("content-length"),
        Some(length.to_string().as_str())
    );
    assert!(head.body.is_empty());
}
}

on_each_backend! {
async fn range_requests_get_206_or_416() {
    let server = TestServer::start().await;
    let path = locator(&recorded(MAIN.generator(), CALLS)).path();
    let whole = server.get(&path, &[]).await.body;
    let size = whole.len();
    let cases = [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, size - 1),
        ("bytes=-10", size - 10, size - 1),
        ("bytes=50-99999", 50, size - 1),
    ];
    for (range, start, end) in cases {
        let reply = server.get(&path, &[("range", range)]).await;
        assert_eq!(reply.status, StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            reply.header("content-range"),
            Some(format!("bytes {start}-{end}/{size}").as_str())
        );
        assert_eq!(
            reply.header("content-length"),
            Some((end - start + 1).to_string().as_str())
        );
        assert_eq!(reply.body, whole.slice(start..=end), "{range}");
    }
    let reply = server
        .get(&path, &[("range", &format!("bytes={size}-"))])
        .await;
    assert_eq!(reply.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        reply.header("content-range"),
        Some(format!("bytes */{size}").as_str())
    );
    assert_eq!(reply.json()["code"], json!(416));
    let several = server.get(&path, &[("range", "bytes=0-1,5-9")]).await;
    assert_eq!(several.status, StatusCode::OK);
    assert_eq!(several.body, whole);
}
}

on_each_backend! {
async fn unknown_recordings_are_404() {
    let server = TestServer::start().await;
    let known = locator(&recorded(MAIN.generator(), CALLS));
    let text = known.to_string_exposed().replace(".mp3", "-other.mp3");
    let unknown = RecordingLocator::parse(&text).unwrap();
    for path in [
        unknown.path(),
        "/api/v2/recording/directstream/too/short".to_owned(),
        "/api/v2/recording/directstream/t/mp3/1/2025/11/22/%2E%2E%2Fx".to_owned(),
    ] {
        let reply = server.get(&path, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.json(),
            json!({"status": "error", "message": "no such recording", "code": 404})
        );
    }
}
}

on_each_backend! {
async fn the_token_must_belong_to_the_recordings_account() {
    let server = TestServer::start().await;
    let other = UserId::new(OTHER_USER).unwrap();
    let theirs = locator(&recorded(
        Generator::new(77)
            .user_id(other)
            .recording_token(OTHER_RECORDING_TOKEN),
        40,
    ));
    let mine = locator(&recorded(MAIN.generator(), CALLS));
    assert_eq!(server.get(&theirs.path(), &[]).await.status, StatusCode::OK);
    assert_eq!(server.get(&mine.path(), &[]).await.status, StatusCode::OK);
    // Any live credential of the owning account opens the link: the session works too.
    let by_session = altered(&mine, MAIN.session, MAIN.user_id);
    assert_eq!(
        server.get(&by_session.path(), &[]).await.status,
        StatusCode::OK
    );
    let forbidden = [
        altered(&theirs, MAIN.recording_token, OTHER_USER),
        altered(&mine, OTHER_RECORDING_TOKEN, MAIN.user_id),
        altered(&mine, "made-up", MAIN.user_id),
        altered(&mine, MAIN.recording_token, "99999999"),
    ];
    for locator in forbidden {
        let reply = server.get(&locator.path(), &[]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(
            reply.json()["message"],
            "the token in this link is not valid for the recording's account"
        );
    }
    // A valid token of this account does not reach another account's file.
    let crossed = altered(&theirs, MAIN.recording_token, MAIN.user_id);
    assert_eq!(
        server.get(&crossed.path(), &[]).await.status,
        StatusCode::NOT_FOUND
    );
}
}

on_each_backend! {
/// Recordings are part of the call log: an account without `LIST_CALL_LOG` is refused them as
/// it is refused export files and every API call (403 with code 1015), with any of its valid
/// credentials in the link.
async fn an_account_without_list_call_log_cannot_stream_its_recordings() {
    let server = TestServer::start().await;
    let restricted = locator(&recorded(RESTRICTED.generator(), CALLS / 10));
    for token in [
        RESTRICTED.recording_token,
        RESTRICTED.token,
        RESTRICTED.session,
    ] {
        let link = altered(&restricted, token, RESTRICTED.user_id);
        for method in [Method::GET, Method::HEAD] {
            let reply = server
                .request(method.clone(), &link.path(), &[], Bytes::new())
                .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method}");
            if method == Method::GET {
                assert_eq!(reply.json()["code"], 1015);
            }
        }
    }
    let mine = locator(&recorded(MAIN.generator(), CALLS));
    assert_eq!(server.get(&mine.path(), &[]).await.status, StatusCode::OK);
}
}
