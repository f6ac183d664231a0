//! `-o`: through symbolic links, into FIFOs, to standard output; the format from the
//! extension; the path checked before any call is fetched.

use std::io::Read;
use std::process::Stdio;

use crate::client::Served;

fn args<'a>(output: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "export",
        "-o",
        output,
        "--since",
        "2025-11-01",
        "--until",
        "2025-11-01",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.csv");
    std::fs::write(&target, "stale").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = served.run(&args(link.to_str().unwrap(), &[]), &[]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let csv = std::fs::read_to_string(&target).unwrap();
    assert!(csv.starts_with("Call ID,"), "{csv}");
    // Nothing but the link and its target: no temporary file left.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_fifo_is_streamed_to_its_reader() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(&reader_path)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    });
    let output = served.run(&args(fifo.to_str().unwrap(), &[]), &[]);
    assert!(output.status.success(), "{output:?}");
    let text = reader.join().unwrap();
    assert!(text.starts_with("Call ID,"), "{text}");
    assert!(text.lines().count() > 10);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_dash_writes_csv_to_standard_output_and_the_summary_to_standard_error() {
    let served = Served::start(300);
    let output = served.run(&args("-", &[]), &[]);
    assert!(output.status.success(), "{output:?}");
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("Call ID,"), "{csv}");
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(log.contains("standard output: "), "{log}");
    assert!(!csv.contains("rows/s"));
    // Masked, as `masklist` gives them: no whole number in the report.
    let masked = served.run(
        &args("-", &["--masked", "--columns", "call_id,customer_number"]),
        &[],
    );
    assert!(masked.status.success(), "{masked:?}");
    let masked = String::from_utf8(masked.stdout).unwrap();
    let rows: Vec<&str> = masked
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(rows.len() > 10, "{masked}");
    for row in rows.iter().filter(|row| !row.contains("{{mobile}}")) {
        let number = row.split(',').nth(1).unwrap();
        assert!(number.contains("****"), "{row}");
    }
    let lines = served.run(&args("-", &["--format", "jsonl"]), &[]);
    let first = String::from_utf8(lines.stdout).unwrap();
    let call: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert!(call["id"].is_string());
}

#[test]
fn the_extension_chooses_the_format_and_a_contradiction_is_refused() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("report.xlsx");
    let output = served.run(&args(xlsx.to_str().unwrap(), &[]), &[]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let contradiction = dir.path().join("other.xlsx");
    let output = served.run(
        &args(contradiction.to_str().unwrap(), &["--format", "csv"]),
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("contradicts the extension"), "{message}");
    assert!(!contradiction.exists());
    let csv_with_bom = dir.path().join("excel.csv");
    let output = served.run(&args(csv_with_bom.to_str().unwrap(), &["--bom"]), &[]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        std::fs::read(&csv_with_bom)
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFCall ID,")
    );
}

#[test]
fn a_path_that_cannot_be_written_fails_before_fetching_with_its_cause() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder/report.csv");
    let output = served.run(&args(missing.to_str().unwrap(), &[]), &[]);
    assert_eq!(output.status.code(), Some(5), "{output:?}");
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("no-such-folder"), "{message}");
    assert!(
        message.contains("No such file or directory (os error 2)"),
        "{message}"
    );
    let folder = served.run(
        &args(dir.path().to_str().unwrap(), &["--format", "csv"]),
        &[],
    );
    assert_eq!(folder.status.code(), Some(5));
    let message = String::from_utf8(folder.stderr).unwrap();
    assert!(message.contains("is a directory"), "{message}");
    // A recording into a folder that is a file: the path and the cause, exit 5.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let recording = served.run(
        &[
            "recording",
            "kyrnwv1c8ps5zq6jcwaxtzicv",
            "-o",
            file.join("call.mp3").to_str().unwrap(),
        ],
        &[],
    );
    let message = String::from_utf8(recording.stderr).unwrap();
    assert_eq!(recording.status.code(), Some(5), "{message}");
    assert!(message.contains("a-file: is not a directory"), "{message}");
}

#[test]
fn binary_formats_to_a_pipe_are_written_whole() {
    let served = Served::start(300);
    let output = served
        .command(&args("-", &["--format", "xlsx"]))
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(&output.stdout[..2], b"PK");
}
