//! The `--help` texts, snapshotted: a change of the command line shows up as a diff.

use std::process::Command;

use crate::BIN;

fn help(args: &[&str]) -> String {
    let mut command = Command::new(BIN);
    command.args(args).arg("--help");
    for (key, _) in std::env::vars() {
        if key.starts_with("CALLREPORT_") {
            command.env_remove(key);
        }
    }
    let output = command.output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_texts() {
    for command in [
        "",
        "serve",
        "import",
        "push-key",
        "push-key rotate",
        "migrate",
        "demo",
        "detail",
        "list",
        "count",
        "export",
        "exports",
        "recording",
        "recordings",
        "recordings download",
        "exports list",
        "decode",
        "completions",
    ] {
        let args: Vec<&str> = command.split_whitespace().collect();
        let name = if command.is_empty() {
            "callreport".to_owned()
        } else {
            format!("callreport_{}", command.replace(' ', "_"))
        };
        insta::assert_snapshot!(name, help(&args));
    }
}
