//! `recordings download`: every matching call's recordings, resumable after a kill, with a
//! manifest and a non-zero exit that lists failures.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::client::Served;

const WINDOW: [&str; 4] = ["--since", "2025-11-01", "--until", "2025-11-02"];

fn download_args<'a>(dir: &'a Path, jobs: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        "recordings",
        "download",
        "-d",
        dir.to_str().unwrap(),
        "--jobs",
        jobs,
    ];
    args.extend_from_slice(&WINDOW);
    args
}

fn manifest(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("manifest.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// The recordings in a folder, by name, with their bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "mp3"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".part"))
        .collect()
}

#[test]
fn a_killed_download_resumes_to_the_same_files_and_manifest() {
    let served = Served::start(3000);
    let reference = tempfile::tempdir().unwrap();
    let whole = served.run(&download_args(reference.path(), "4"), &[]);
    assert!(whole.status.success(), "{whole:?}");
    let expected = files(reference.path());
    assert!(expected.len() > 50, "{}", expected.len());
    let listed = manifest(reference.path());
    assert_eq!(listed.len(), expected.len());
    assert!(listed.iter().all(|e| e["status"] == "downloaded"));

    // Killed midway, one download at a time.
    let resumed = tempfile::tempdir().unwrap();
    let mut child = served
        .command(&download_args(resumed.path(), "1"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while manifest(resumed.path()).len() < 5 {
        assert!(Instant::now() < deadline, "no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before = manifest(resumed.path()).len();
    assert!(done_before < expected.len(), "{done_before}");

    let second = served.run(&download_args(resumed.path(), "4"), &[]);
    assert!(second.status.success(), "{second:?}");
    let summary = String::from_utf8(second.stdout).unwrap();
    assert!(summary.contains("already present"), "{summary}");
    assert_eq!(files(resumed.path()), expected);
    assert!(leftovers(resumed.path()).is_empty());
    let after = manifest(resumed.path());
    assert_eq!(after.len(), expected.len());
    let present = after.iter().filter(|e| e["status"] == "present").count();
    let downloaded = after.iter().filter(|e| e["status"] == "downloaded").count();
    assert!(
        present >= done_before.min(expected.len()) - 1,
        "{present} of {done_before}"
    );
    assert_eq!(present + downloaded, expected.len());
    for entry in &after {
        let name = entry["file"].as_str().unwrap();
        assert_eq!(
            entry["bytes"].as_u64().unwrap(),
            expected[name].len() as u64,
            "{name}"
        );
        assert!(name.starts_with(entry["call_id"].as_str().unwrap()));
    }
}

#[test]
fn failures_are_listed_with_a_non_zero_exit_and_retried_next_time() {
    let served = Served::start(1000);
    let dir = tempfile::tempdir().unwrap();
    let first = served.run(&download_args(dir.path(), "2"), &[]);
    assert!(first.status.success(), "{first:?}");
    let entries = manifest(dir.path());
    let victim = entries[0]["file"].as_str().unwrap().to_owned();
    let victim_call = entries[0]["call_id"].as_str().unwrap().to_owned();
    // The file is replaced by a folder of the same name: it can be neither skipped nor written.
    std::fs::remove_file(dir.path().join(&victim)).unwrap();
    std::fs::create_dir(dir.path().join(&victim)).unwrap();
    let failed = served.run(&download_args(dir.path(), "2"), &[]);
    let message = String::from_utf8(failed.stderr).unwrap();
    assert_eq!(failed.status.code(), Some(6), "{message}");
    assert!(
        message.contains(&format!("1 of {} recordings failed", entries.len())),
        "{message}"
    );
    assert!(message.contains(&victim_call), "{message}");
    let statuses: Vec<String> = manifest(dir.path())
        .iter()
        .filter(|e| e["status"] == "failed")
        .map(|e| e["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, std::slice::from_ref(&victim));
    std::fs::remove_dir(dir.path().join(&victim)).unwrap();
    let again = served.run(&download_args(dir.path(), "2"), &[]);
    assert!(again.status.success(), "{again:?}");
    let summary = String::from_utf8(again.stdout).unwrap();
    assert!(summary.contains(": 1 downloaded, "), "{summary}");
}
