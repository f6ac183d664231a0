//! `callreport exports list|status|rename|download` against a demo server process.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;

use crate::client::Served;
use crate::post;

fn addr(served: &Served) -> SocketAddr {
    served
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap()
}

/// Creates a CSV export over raw HTTP; answers its id.
fn create(served: &Served) -> String {
    let response = post(
        addr(served),
        "/api/v2/CallReport/exportCsv",
        r#"{"ssid":"demo-session-10000001","frmt":"csv","title":"From the CLI"}"#,
    );
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    let value: Value = serde_json::from_str(body).unwrap();
    value["data"]["expId"].as_str().unwrap().to_owned()
}

fn status(served: &Served, id: &str) -> Value {
    let output = served.run(&["exports", "status", id, "--json"], &[]);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn list_status_rename_and_download() {
    let served = Served::start(120);
    let empty = served.run(&["exports", "list"], &[]);
    assert!(empty.status.success());
    assert_eq!(String::from_utf8_lossy(&empty.stdout).lines().count(), 1);

    let id = create(&served);
    let mut done = status(&served, &id);
    for _ in 0..200 {
        if done["st"] == "done" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        done = status(&served, &id);
    }
    assert_eq!(done["st"], "done");
    assert_eq!(
        done["rows"], 121,
        "the generated calls and the provider's example"
    );

    let renamed = served.run(&["exports", "rename", &id, "Renamed"], &[]);
    assert!(renamed.status.success());
    assert!(String::from_utf8_lossy(&renamed.stdout).contains("Renamed"));
    let listed = served.run(&["exports", "list"], &[]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains(&id) && listed.contains("Renamed"),
        "{listed}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let path = file.to_str().unwrap();
    let downloaded = served.run(&["exports", "download", &id, "-o", path], &[]);
    assert!(downloaded.status.success(), "{downloaded:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.lines().count() > 120, "{} lines", text.lines().count());
    assert_eq!(Some(text.len() as u64), done["bytes"].as_u64());
}

#[test]
fn unknown_and_malformed_ids_fail_with_their_exit_codes() {
    let served = Served::start(20);
    let unknown = served.run(&["exports", "status", "exp_unknown"], &[]);
    assert_eq!(unknown.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no export exp_unknown"));
    let malformed = served.run(&["exports", "status", "a/b"], &[]);
    assert_eq!(malformed.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("none.csv");
    let refused = served.run(
        &[
            "exports",
            "download",
            "exp_unknown",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(3));
    assert!(!file.exists());
}
