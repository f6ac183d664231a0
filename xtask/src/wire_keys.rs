//! `cargo xtask wire-keys`: the wire format is written in the model only.
//!
//! Two rules, over the non-test sources of every package under `crates/` but the model (see
//! [`crate::rust_source`] for what counts as test code):
//!
//! - No string literal is exactly a wire key (`"cNum"`), unless the key is on the short list of
//!   plain words in [`allowed`]. The keys come from `callreport_model::wire::keys()`. A crate
//!   that needs a key asks the model for the field, the view or the request that has it.
//! - The server (`callreport-http`'s `server` module and below) writes no JSON by hand: no
//!   `format!`, `write!`, `writeln!` or `push_str` with a literal holding `"data"`, `{"` or
//!   `"key":` (see [`hand_json`]). Bodies are serialised from the model's types.

mod allowed;
mod hand_json;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Result, bail};

use crate::command::root;
use crate::rust_source::{Token, crate_trees, package_folders, string_value};

/// The package whose job is the wire format.
const MODEL: &str = "callreport-model";

/// Where JSON may not be written by hand: a package and the module path below which it is
/// checked.
const SERVER: (&str, &[&str]) = ("callreport-http", &["server"]);

/// Reports every wire key and hand-written JSON outside the model; fails when there is one.
pub(crate) fn run() -> Result<()> {
    let keys: BTreeSet<&str> = callreport_model::wire::keys().into_iter().collect();
    let found = find(&root(), &keys)?;
    if found.is_empty() {
        eprintln!(
            "wire-keys: no wire key ({} known) or hand-written JSON outside the model",
            keys.len()
        );
        return Ok(());
    }
    for finding in &found {
        eprintln!("{finding}");
    }
    bail!(
        "{} wire key(s) or hand-written JSON outside the model: move that knowledge into callreport-model (a field, a view, a request, a serialiser)",
        found.len()
    )
}

/// One line per finding, `file:line: …`, with files relative to `root`.
///
/// # Errors
/// A source file cannot be read or tokenised.
pub(crate) fn find(root: &Path, keys: &BTreeSet<&str>) -> Result<Vec<String>> {
    let mut found = BTreeSet::new();
    for folder in package_folders(root)? {
        let package = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if package == MODEL || !folder.starts_with(root.join("crates")) {
            continue;
        }
        for tree in crate_trees(&folder)? {
            for module in &tree.modules {
                let file = module.file.strip_prefix(root).unwrap_or(&module.file);
                let mut keys_found = Vec::new();
                key_literals(&module.tokens, keys, &mut keys_found);
                for (line, key) in keys_found {
                    found.insert((file.to_path_buf(), line, format!("\"{key}\" is a wire key")));
                }
                if package == SERVER.0 && in_server(&module.path) {
                    for (line, written) in hand_json::hand_written_json(&module.tokens) {
                        found.insert((
                            file.to_path_buf(),
                            line,
                            format!("JSON written by hand: {written}"),
                        ));
                    }
                }
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(file, line, what)| format!("wire-keys: {}:{line}: {what}", file.display()))
        .collect())
}

fn in_server(path: &[String]) -> bool {
    path.len() >= SERVER.1.len() && path.iter().zip(SERVER.1).all(|(a, b)| a == b)
}

fn key_literals(tokens: &[Token], keys: &BTreeSet<&str>, found: &mut Vec<(usize, String)>) {
    for token in tokens {
        match token {
            Token::Literal(written, line) => {
                if let Some(value) = string_value(written)
                    && keys.contains(value.as_str())
                    && !allowed::is_allowed(&value)
                {
                    found.push((*line, value));
                }
            }
            Token::Group(_, inside, _) => key_literals(inside, keys, found),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    use super::find;
    use crate::rust_source::{Token, crate_trees};

    fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }

    /// A workspace with the model, a CLI and the server, each clean.
    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for package in ["callreport-model", "callreport-cli", "callreport-http"] {
            write(root, &format!("crates/{package}/Cargo.toml"), "[package]\n");
        }
        write(
            root,
            "crates/callreport-model/src/lib.rs",
            "const KEY: &str = \"cNum\";\n",
        );
        write(
            root,
            "crates/callreport-cli/src/main.rs",
            "/// Reads \"cNum\".\nfn main() { let flag = \"status\"; }\n\
             #[cfg(test)]\nmod tests { const K: &str = \"cNum\"; }\n",
        );
        write(
            root,
            "crates/callreport-cli/tests/it/main.rs",
            "const K: &str = \"cNum\";\n",
        );
        write(
            root,
            "crates/callreport-http/src/lib.rs",
            "pub mod server;\nmod client;\n",
        );
        write(
            root,
            "crates/callreport-http/src/client.rs",
            "fn f() -> String { format!(\"{{\\\"data\\\":1}}\") }\n",
        );
        write(
            root,
            "crates/callreport-http/src/server.rs",
            "mod views;\nfn f() -> String { serde_json::to_string(&x).unwrap() }\n",
        );
        write(
            root,
            "crates/callreport-http/src/server/views.rs",
            "fn f(x: &str) -> String { format!(\"filename=\\\"{x}\\\"\") }\n",
        );
        dir
    }

    fn keys() -> BTreeSet<&'static str> {
        BTreeSet::from(["cNum", "status", "ttl"])
    }

    #[test]
    fn a_clean_tree_passes() {
        let dir = workspace();
        let found = find(dir.path(), &keys()).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_wire_key_outside_the_model_is_reported() {
        let dir = workspace();
        write(
            dir.path(),
            "crates/callreport-cli/src/main.rs",
            "fn main() {\n    let key = \"cNum\";\n    let raw = r#\"ttl\"#;\n}\n",
        );
        let found = find(dir.path(), &keys()).unwrap();
        assert_eq!(
            found,
            [
                "wire-keys: crates/callreport-cli/src/main.rs:2: \"cNum\" is a wire key",
                "wire-keys: crates/callreport-cli/src/main.rs:3: \"ttl\" is a wire key",
            ]
        );
    }

    #[test]
    fn json_written_by_hand_in_the_server_is_reported() {
        let dir = workspace();
        write(
            dir.path(),
            "crates/callreport-http/src/server/views.rs",
            "fn f(json: &mut String, x: &str) -> String {\n    json.push_str(\"{\\\"data\\\":[\");\n    let _ = write!(json, \",\\\"pg\\\":{}\", 1);\n    format!(\"{{\\\"data\\\":{x}}}\")\n}\n",
        );
        let found = find(dir.path(), &keys()).unwrap();
        let lines: Vec<&str> = found
            .iter()
            .map(|f| f.split(": JSON").next().unwrap())
            .collect();
        assert_eq!(
            lines,
            [
                "wire-keys: crates/callreport-http/src/server/views.rs:2",
                "wire-keys: crates/callreport-http/src/server/views.rs:3",
                "wire-keys: crates/callreport-http/src/server/views.rs:4",
            ]
        );
    }

    #[test]
    fn every_key_the_model_declares_is_known() {
        // The record tables declare their keys as `"key" [secret]? => field: Codec,`.
        let keys = callreport_model::wire::keys();
        let model = crate::command::root().join("crates/callreport-model");
        let mut declared = BTreeSet::new();
        for tree in crate_trees(&model).unwrap() {
            for module in &tree.modules {
                record_keys(&module.tokens, false, &mut declared);
            }
        }
        assert!(declared.len() > 40, "{declared:?}");
        let missing: Vec<&String> = declared
            .iter()
            .filter(|k| !keys.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "missing from wire::keys(): {missing:?}");
    }

    fn record_keys(tokens: &[Token], in_record: bool, declared: &mut BTreeSet<String>) {
        for (at, token) in tokens.iter().enumerate() {
            match token {
                Token::Group(_, inside, _) => {
                    let is_record = at >= 2
                        && (tokens[at - 2].is_ident("record")
                            || tokens[at - 2].is_ident("leg_record"))
                        && tokens[at - 1].is_punct('!');
                    record_keys(inside, in_record || is_record, declared);
                }
                Token::Literal(written, _) if in_record => {
                    let arrow = tokens[at + 1..]
                        .iter()
                        .skip_while(|t| matches!(t, Token::Group(..)))
                        .take(2)
                        .collect::<Vec<_>>();
                    if matches!(arrow.as_slice(), [eq, gt] if eq.is_punct('=') && gt.is_punct('>'))
                    {
                        declared.insert(crate::rust_source::string_value(written).unwrap());
                    }
                }
                _ => {}
            }
        }
    }
}
