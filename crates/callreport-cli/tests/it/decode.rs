//! `callreport decode` on the model's fixtures: what a person debugging a payload sees.

use std::process::Command;

use crate::BIN;

#[test]
fn decodes_every_response_fixture() {
    for kind in ["detail", "list", "count", "error"] {
        insta::glob!("../fixtures", &format!("{kind}/*.json"), |path| {
            let output = Command::new(BIN).arg("decode").arg(path).output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
        });
    }
}

#[test]
fn an_invalid_body_names_the_field_and_fails() {
    insta::glob!("../fixtures", "invalid/*.json", |path| {
        let output = Command::new(BIN).arg("decode").arg(path).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        insta::assert_snapshot!(String::from_utf8(output.stderr).unwrap());
    });
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["decode", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"status":"error","message":"Invalid token","code":"1014"}"#)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["reply"]["error"]["code"], 1014);
}
