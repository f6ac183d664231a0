//! `cargo xtask fixtures [--check]`: canonical layout, and no real phone numbers or tokens.
//!
//! A phone number in a fixture must be in the project's fictional range (`9190000…`, or
//! `90000…` without the country code) or on the allow-list (`tests/fixtures/allow-list.txt`
//! beside the fixtures); a credential (`ssid`, `token`, the first part of a recording locator)
//! must be a placeholder (`{{ssid}}`), say that it is not real (`demo`, `test`, `fake`,
//! `example`), be too short to be real (under 8 characters), or be on the allow-list.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::command::root;
use crate::json_format::canonical;

/// Formats (or, with `check`, only checks) every fixture and scans it for personal data.
pub(crate) fn run(check: bool) -> Result<()> {
    let problems = problems(&root(), !check)?;
    if problems.is_empty() {
        eprintln!("fixtures: all canonical, no personal data");
        return Ok(());
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    let hint = if check {
        "; run `cargo xtask fixtures` to lay them out"
    } else {
        ""
    };
    bail!("{} fixture problem(s){hint}", problems.len())
}

/// Every problem found under `root`; with `fix`, badly laid out files are rewritten first.
pub(crate) fn problems(root: &Path, fix: bool) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for folder in fixture_folders(root)? {
        let allowed = allow_list(&folder)?;
        for file in json_files(&folder)? {
            let text = fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            let laid_out = match canonical(&text) {
                Ok(laid_out) => laid_out,
                Err(error) => {
                    problems.push(format!("{shown}: not valid JSON: {error}"));
                    continue;
                }
            };
            if laid_out != text {
                if fix {
                    fs::write(&file, &laid_out)?;
                } else {
                    problems.push(format!("{shown}: not laid out canonically"));
                }
            }
            let value: Value = serde_json::from_str(&text)?;
            scan(&value, "", &allowed, &mut |what| {
                problems.push(format!("{shown}: {what}"))
            });
        }
    }
    Ok(problems)
}

fn fixture_folders(root: &Path) -> Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    for crate_dir in fs::read_dir(root.join("crates"))? {
        let folder = crate_dir?.path().join("tests/fixtures");
        if folder.is_dir() && !is_symlink(&folder) {
            folders.push(folder);
        }
    }
    folders.sort();
    Ok(folders)
}

fn json_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if is_symlink(&path) {
            continue;
        }
        if path.is_dir() {
            files.extend(json_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A symlink shares a fixture another crate owns (so that crate's package holds it); the owner's
/// copy is the one checked.
fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_symlink())
}

fn allow_list(folder: &Path) -> Result<BTreeSet<String>> {
    let path = folder.join("allow-list.txt");
    if !path.exists() {
        return Ok(BTreeSet::new());
    }
    let text = fs::read_to_string(path)?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

const CREDENTIAL_KEYS: [&str; 3] = ["ssid", "token", "session"];

fn scan(value: &Value, key: &str, allowed: &BTreeSet<String>, report: &mut dyn FnMut(String)) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| scan(v, k, allowed, report)),
        Value::Array(items) => items.iter().for_each(|v| scan(v, key, allowed, report)),
        Value::String(text) => {
            if CREDENTIAL_KEYS.contains(&key) && !looks_fake(text, allowed) {
                report(format!("{key}: a credential that may be real"));
            }
            if let Some(token) = locator_token(text)
                && !looks_fake(token, allowed)
            {
                report(format!("{key}: a recording token that may be real"));
            }
            for number in phone_numbers(text) {
                if !is_fictional(number) && !allowed.contains(number) {
                    report(format!(
                        "{key}: a phone number outside the fictional range: {number}"
                    ));
                }
            }
        }
        Value::Number(n) => {
            let text = n.to_string();
            if phone_numbers(&text)
                .into_iter()
                .any(|p| !is_fictional(p) && !allowed.contains(p))
            {
                report(format!(
                    "{key}: a phone number outside the fictional range: {text}"
                ));
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// The token of a recording locator (`token*mp3*…`), if `text` is one.
fn locator_token(text: &str) -> Option<&str> {
    let parts: Vec<&str> = text.split('*').collect();
    (parts.len() == 7).then(|| parts[0])
}

fn looks_fake(credential: &str, allowed: &BTreeSet<String>) -> bool {
    let lower = credential.to_ascii_lowercase();
    (credential.starts_with("{{") && credential.ends_with("}}"))
        || ["demo", "test", "fake", "example"]
            .iter()
            .any(|word| lower.contains(word))
        || credential.chars().count() < 8
        || allowed.contains(credential)
}

/// Runs of digits that look like Indian phone numbers: standing alone (not inside a longer
/// word), 10 digits from 6-9, or 12 digits as `91` and such a number, optionally after `+`.
fn phone_numbers(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_digit() {
            start += 1;
            continue;
        }
        let end = (start..bytes.len())
            .find(|&i| !bytes[i].is_ascii_digit())
            .unwrap_or(bytes.len());
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        let alone = !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric());
        let run = &text[start..end];
        let mobile =
            |digits: &str| digits.len() == 10 && matches!(digits.as_bytes()[0], b'6'..=b'9');
        if alone && (mobile(run) || (run.len() == 12 && run.starts_with("91") && mobile(&run[2..])))
        {
            found.push(run);
        }
        start = end;
    }
    found
}

fn is_fictional(number: &str) -> bool {
    number.starts_with("9190000") || (number.len() == 10 && number.starts_with("90000"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::{phone_numbers, problems, scan};
    use crate::command::root;

    #[test]
    fn the_repository_fixtures_pass() {
        let found = problems(&root(), false).unwrap();
        assert!(
            found.is_empty(),
            "run `cargo xtask fixtures`:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn a_fixture_shared_through_symlinks_is_checked_once() {
        let root = tempfile::tempdir().unwrap();
        let owner = root.path().join("crates/owner/tests/fixtures");
        std::fs::create_dir_all(&owner).unwrap();
        std::fs::write(owner.join("bad.json"), "{\"ssid\":\"a8f3k2m9q7w1\"}\n").unwrap();
        let whole = root.path().join("crates/whole/tests");
        std::fs::create_dir_all(&whole).unwrap();
        std::os::unix::fs::symlink(&owner, whole.join("fixtures")).unwrap();
        let single = root.path().join("crates/single/tests/fixtures");
        std::fs::create_dir_all(&single).unwrap();
        std::os::unix::fs::symlink(owner.join("bad.json"), single.join("bad.json")).unwrap();
        let found = problems(root.path(), false).unwrap();
        assert_eq!(
            found,
            [
                "crates/owner/tests/fixtures/bad.json: not laid out canonically",
                "crates/owner/tests/fixtures/bad.json: ssid: a credential that may be real",
            ]
        );
    }

    #[test]
    fn finds_numbers_standing_alone() {
        assert_eq!(
            phone_numbers("a_919376162321_b 9876543210 x9876543210"),
            ["919376162321", "9876543210"]
        );
        assert!(phone_numbers("1763808198000 2m660tx1m173744053175158438").is_empty());
    }

    #[test]
    fn flags_real_looking_data() {
        let allowed = BTreeSet::from(["919376162321".to_owned()]);
        let document = json!({
            "ssid": "a8f3k2m9q7w1", "token": "{{token}}",
            "cNum": "919876543210", "num": "919000012345", "other": "919376162321",
            "rcrd": "realtoken123*mp3*1*2025*11*22*f.mp3"
        });
        let mut found = Vec::new();
        scan(&document, "", &allowed, &mut |what| found.push(what));
        assert_eq!(
            found,
            [
                "cNum: a phone number outside the fictional range: 919876543210",
                "rcrd: a recording token that may be real",
                "ssid: a credential that may be real",
            ]
        );
    }
}
