//! Two `callreport serve` processes over one PostgreSQL database behave as one server: the same
//! answers from either, and an export whose server is killed is finished by the other, with its
//! file in a shared folder or in a bucket.

use std::time::{Duration, Instant};

use callreport_store::FileStore;
use callreport_store::testing::{Backend, TestBucket, TestDatabase};
use serde_json::Value;

use crate::server_process::{Process, SESSION, files_in};

/// Short leases and sweeps, so that a killed server's job is taken over within seconds.
const LEASE: [&str; 4] = ["--export-lease-secs", "2", "--export-sweep-secs", "1"];

fn get(process: &Process, path: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut socket = std::net::TcpStream::connect(process.addr).unwrap();
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
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

/// Where the servers of a test keep their export files.
enum ExportFiles {
    /// The folder both share (`CALLREPORT_FILES`), as on one machine or a network volume.
    SharedFolder,
    /// A bucket of an S3-compatible server both reach.
    Bucket(TestBucket),
}

#[test]
fn two_servers_on_one_database_answer_alike_and_finish_a_killed_servers_export() {
    two_servers(&ExportFiles::SharedFolder);
}

#[test]
fn two_servers_keeping_export_files_in_a_bucket_finish_a_killed_servers_export() {
    if let Some(bucket) = TestBucket::create() {
        two_servers(&ExportFiles::Bucket(bucket));
    }
}

fn two_servers(export_files: &ExportFiles) {
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
    let files = match export_files {
        ExportFiles::SharedFolder => FileStore::folder(folder.join("exports")).unwrap(),
        ExportFiles::Bucket(bucket) => {
            env.push((
                "CALLREPORT_EXPORT_FILES".to_owned(),
                bucket.setting().to_owned(),
            ));
            env.extend(bucket.aws_settings().iter().cloned());
            bucket.files()
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
    if let ExportFiles::Bucket(_) = export_files {
        assert!(
            files_in(&folder.join("exports")).is_empty(),
            "in the bucket only"
        );
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
