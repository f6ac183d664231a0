//! Replays the fuzz targets' inputs on stable, through the same entry points the `cargo fuzz`
//! targets call: the seed fixtures, and the curated inputs in `fixtures/fuzz/<target>/` (every
//! input a fuzzer found crashing is kept there).

use std::fs;
use std::path::{Path, PathBuf};

use callreport_model::fuzzing::{
    decode_push_report, decode_response, parse_locator, parse_request,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Feeds every file of `folders` (under the fixtures) to `target`; answers how many.
fn replay(folders: &[&str], target: fn(&[u8])) -> usize {
    let mut replayed = 0;
    for folder in folders {
        for path in files(&fixtures().join(folder)) {
            let bytes = fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&bytes));
            assert!(outcome.is_ok(), "{} breaks the target", path.display());
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn response_corpus_replays() {
    let folders = [
        "detail",
        "error",
        "list",
        "count",
        "export",
        "export_list",
        "invalid",
        "fuzz/response",
    ];
    assert!(replay(&folders, decode_response) > 30);
}

#[test]
fn request_corpus_replays() {
    assert!(replay(&["request", "fuzz/request"], parse_request) > 10);
}

#[test]
fn locator_corpus_replays() {
    assert!(replay(&["fuzz/locator"], parse_locator) >= 4);
}

#[test]
fn push_report_corpus_replays() {
    assert!(replay(&["push", "fuzz/push_report"], decode_push_report) >= 7);
}
