//! Two `callreport serve` processes over one PostgreSQL database behave as one server: the same
//! answers and recordings from either, and an export whose server is killed is finished by the
//! other, with the files in a shared folder or in buckets.

use std::time::{Duration, Instant};

use callreport_model::RecordingLocator;
use callreport_store::FileStore;
use callreport_store::testing::{Backend, TestBucket, TestDatabase};
use serde_json::Value;

use crate::server_process::{Process, SESSION, files_in};

/// Short leases and sweeps, so that a killed server's job is taken over within seconds.
const LEASE: [&str; 4] = ["--export-lease-secs", "2", "--export-sweep-secs", "1"];

fn get(process: &Process, path: &str) -> (String, Vec<u8>) {
    get_with(process, path, "")
}

/// A GET with `headers` (each line ending in CRLF): the response's head and body.
fn get_with(process: &Process, path: &str, headers: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut socket = std::net::TcpStream::connect(process.addr).unwrap();
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
        process.addr
    )
    .unwrap();
    let mut response = Vec::new();
    socket.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    (head, response[split + 4..].to_vec())
}

/// The body of an export's file, downloaded from `process`.
fn download(process: &Process, id: &str) -> Vec<u8> {
    let (head, body) = get(
        process,
        &format!("/api/v2/CallReport/exports/{id}/file?ssid={SESSION}"),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body
}

/// The path of the first recording in a list answer (`rcrd`, the locator as the wire gives it).
fn first_recording_path(page: &Value) -> String {
    let text = page.to_string();
    let start = text.find(r#""rcrd":""#).unwrap() + r#""rcrd":""#.len();
    let end = start + text[start..].find('"').unwrap();
    RecordingLocator::parse(&text[start..end]).unwrap().path()
}

/// Both servers play a recording alike, whole and from a range.
fn both_play_the_recording(a: &Process, b: &Process, path: &str) {
    let (head_a, whole_a) = get(a, path);
    let (head_b, whole_b) = get(b, path);
    assert!(head_a.starts_with("HTTP/1.1 200"), "{head_a}");
    assert!(head_b.starts_with("HTTP/1.1 200"), "{head_b}");
    assert!(whole_a.len() > 100, "{} bytes", whole_a.len());
    assert_eq!(whole_a, whole_b);
    let (head, part) = get_with(b, path, "Range: bytes=10-99\r\n");
    assert!(head.starts_with("HTTP/1.1 206"), "{head}");
    assert_eq!(part, whole_a[10..100]);
}

/// Where the servers of a test keep their files.
enum SharedFiles {
    /// The folder both share (`CALLREPORT_FILES`), as on one machine or a network volume.
    Folder,
    /// Buckets of an S3-compatible server both reach: export files, recordings.
    Buckets(TestBucket, TestBucket),
}

#[test]
fn two_servers_on_one_database_answer_alike_and_finish_a_killed_servers_export() {
    two_servers(&SharedFiles::Folder);
}

#[test]
fn two_servers_keeping_their_files_in_buckets_finish_a_killed_servers_export() {
    if let (Some(exports), Some(recordings)) = (TestBucket::create(), TestBucket::create()) {
        two_servers(&SharedFiles::Buckets(exports, recordings));
    }
}

fn two_servers(shared: &SharedFiles) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = runtime.block_on(TestDatabase::create(Backend::Postgres)) else {
        return;
    };
    let url = db.setting();
    let folder = db.folder().join("shared-files");
    let mut env = vec![(
        "CALLREPORT_FILES".to_owned(),
        folder.to_string_lossy().into_owned(),
    )];
    let (files, recordings) = match shared {
        SharedFiles::Folder => (
            FileStore::folder(folder.join("exports")).unwrap(),
            FileStore::folder(folder.join("recordings")).unwrap(),
        ),
        SharedFiles::Buckets(exports, recordings) => {
            env.extend([
                (
                    "CALLREPORT_EXPORT_FILES".to_owned(),
                    exports.setting().to_owned(),
                ),
                (
                    "CALLREPORT_RECORDING_FILES".to_owned(),
                    recordings.setting().to_owned(),
                ),
            ]);
            env.extend(exports.aws_settings().iter().cloned());
            (exports.files(), recordings.files())
        }
    };
    let names = || {
        let mut names = runtime.block_on(files.names()).unwrap();
        names.sort();
        names
    };
    let demo = [&["--demo", "--calls", "3000"][..], &LEASE[..]].concat();
    // A writes its export slowly (a pause after each page), so that it is killed half-way.
    let mut a = Process::start_with_env(&url, &demo, 400, &env);
    let b = Process::start_with_env(&url, &LEASE, 0, &env);

    // The same answers from either server.
    for (endpoint, params) in [
        ("list", r#","lmt":50"#),
        ("list", r#","lmt":20,"pg":3,"clTy":["IBD"]"#),
        ("reportCount", ""),
        ("reportCount", r#","clTy":["OBD"],"st":[3]"#),
        (
            "detail",
            r#","clId":"kyrnwv1c8ps5zq6jcwaxtzicv","rType":["allDetail"]"#,
        ),
    ] {
        let (from_a, from_b) = (a.call(endpoint, params), b.call(endpoint, params));
        assert!(from_a.get("data").is_some(), "{endpoint}: {from_a}");
        assert_eq!(from_a, from_b, "{endpoint} {params}");
    }
    let total = a.call("reportCount", "")["data"]["cnt"].as_u64().unwrap();

    // The demo's clips are in the recording files, and both servers play them.
    let clips = runtime.block_on(recordings.names()).unwrap();
    assert!(clips.iter().any(|name| name.ends_with(".mp3")), "{clips:?}");
    let page = a.call("list", r#","lmt":50"#);
    both_play_the_recording(&a, &b, &first_recording_path(&page));

    // An export started on A, A killed while it writes: B takes it over and finishes it.
    let created = a.create();
    let id = created["data"]["expId"].as_str().unwrap().to_owned();
    let running = a.status_until(&id, |s| {
        s["data"]["st"] == "running" && s["data"]["rows"].as_u64() > Some(0)
    });
    assert!(running["data"]["rows"].as_u64() < Some(total), "{running}");
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let done = b.status_until(&id, |s| s["data"]["st"] == "done");
    assert_eq!(done["data"]["rows"].as_u64(), Some(total), "{done}");

    // Exactly one file results, and both servers serve it whole: B, and A started again.
    assert_eq!(names(), [format!("{id}.csv")]);
    if let SharedFiles::Buckets(..) = shared {
        assert!(files_in(&folder).is_empty(), "in the buckets only");
    } else {
        // A's unfinished parts file is removed once it stops changing.
        let exports = folder.join("exports");
        let deadline = Instant::now() + Duration::from_secs(15);
        while files_in(&exports) != [format!("{id}.csv")] {
            assert!(
                Instant::now() < deadline,
                "the export folder holds {:?}",
                files_in(&exports)
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    let a_again = Process::start_with_env(&url, &LEASE, 0, &env);
    let from_b = download(&b, &id);
    let from_a = download(&a_again, &id);
    assert_eq!(from_a, from_b);
    let rows = csv::Reader::from_reader(from_b.as_slice())
        .records()
        .count() as u64;
    assert_eq!(rows, total, "one row per call after the header");
    let status: Value = a_again.status(&id);
    assert_eq!(status["data"]["st"], "done");
}
