//! `callreport export`: each format written locally from the demo server and read back; an
//! interrupted export leaves no file.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::BIN;
use crate::client::Served;

/// Reads a report file back: 151 calls (150 generated and the provider's example), the header,
/// and the title in the PDF.
fn is_call_id(text: &str) -> bool {
    callreport_model::CallId::new(text).is_ok() && text.len() >= 25
}

fn check_file(format: &str, file: &std::path::Path) {
    let bytes = std::fs::read(file).unwrap();
    match format {
        "csv" => {
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), 151);
            assert_eq!(&reader.headers().unwrap()[0], "Call ID");
            assert!(
                rows.iter().all(|row| is_call_id(&row[0])),
                "a call id per row"
            );
        }
        "xlsx" => {
            use calamine::Reader as _;
            let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(file).unwrap();
            let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
            let ids = sheet
                .rows()
                .skip(1)
                .filter(|row| is_call_id(&row[0].to_string()))
                .count();
            assert_eq!(ids, 151, "one row per call");
            assert_eq!(sheet.rows().next().unwrap()[0].to_string(), "Call ID");
        }
        _ => {
            let document = lopdf::Document::load_mem(&bytes).unwrap();
            let pages = document.get_pages().len();
            assert!(pages >= 2, "{pages} pages");
            // Text is shown one byte per glyph through embedded CMaps, which lopdf's
            // `extract_text` does not read; callreport-formatting's tests read it back.
            let info = document.trailer.get(b"Info").unwrap();
            let info = document.dereference(info).unwrap().1.as_dict().unwrap();
            let title = info.get(b"Title").unwrap().as_str().unwrap();
            assert_eq!(title, b"Demo calls");
            let fonts = String::from_utf8_lossy(&bytes);
            assert!(fonts.contains("+NotoSans-Regular"), "an embedded subset");
        }
    }
}

fn export_each_format(on_server: bool) {
    let server = Served::start(150);
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx", "pdf"] {
        let file = dir.path().join(format!("calls.{format}"));
        let mut args = vec![
            "export",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
            "--title",
            "Demo calls",
        ];
        if on_server {
            args.push("--on-server");
        }
        let output = server.run(&args, &[]);
        let summary = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(summary.contains(": 151 rows, "), "{summary}");
        assert_eq!(
            summary.contains("built on the server"),
            on_server,
            "{summary}"
        );
        check_file(format, &file);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
}

#[test]
fn each_format_is_written_locally_and_reads_back() {
    export_each_format(false);
}

#[test]
fn each_format_is_built_on_the_server_and_reads_back() {
    export_each_format(true);
}

#[test]
fn an_interrupted_export_leaves_no_file() {
    // A server that accepts connections and never answers: the export waits for its first page.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", silent.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let child = Command::new(BIN)
        .args(["export", "--format", "csv", "-o", file.to_str().unwrap()])
        .env("CALLREPORT_BASE_URL", &base_url)
        .env("CALLREPORT_SSID", "demo-session-10000001")
        .env_remove("CALLREPORT_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _held = silent.accept().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted; no file was written"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "neither the file nor a partial one"
    );
}
