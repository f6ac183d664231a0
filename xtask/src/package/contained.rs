//! A package holds every file its code names: `include_str!`/`include_bytes!` paths, fixtures
//! read at run time from `CARGO_MANIFEST_DIR` (`Path::new(env!("CARGO_MANIFEST_DIR")).join(…)`,
//! `concat!(env!("CARGO_MANIFEST_DIR"), …)`), `insta::glob!` folders, and `include_str!` in the
//! README's examples (doctests, whose paths start at the crate's folder).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use proc_macro2::Delimiter;

use crate::rust_source::{Token, string_value, tokenize_all};

/// A file or folder named in a source, resolved against the crate's folder.
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    /// The naming file, relative to the crate's folder.
    file: PathBuf,
    line: usize,
    /// How the path is written.
    written: String,
    /// The path from the crate's folder, `..` resolved; `None` when it leaves the crate.
    target: Option<PathBuf>,
}

/// Every reference in the crate at `folder` that leaves the crate or is not in `packaged` (the
/// paths `cargo package --list` prints), as `path:line: message`; paths are shown from `shown`.
///
/// # Errors
/// A packaged source cannot be read or tokenised.
pub(crate) fn problems(
    folder: &Path,
    packaged: &BTreeSet<PathBuf>,
    shown: &Path,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for reference in references(folder, packaged)? {
        let place = shown.join(&reference.file);
        let at = format!("{}:{}", place.display(), reference.line);
        match &reference.target {
            None => problems.push(format!(
                "{at}: {:?} leaves the crate; move or link the file into the crate",
                reference.written
            )),
            Some(target) if !is_packaged(target, packaged) => problems.push(format!(
                "{at}: {:?} is not in the package (`cargo package --list`)",
                reference.written
            )),
            Some(_) => {}
        }
    }
    Ok(problems)
}

/// The files every package carries besides its code.
const REQUIRED: [&str; 4] = ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"];

/// The required files missing from `packaged`, one line each, for the package `name`.
pub(crate) fn missing_files(name: &str, packaged: &BTreeSet<PathBuf>) -> Vec<String> {
    REQUIRED
        .iter()
        .filter(|file| !packaged.contains(Path::new(file)))
        .map(|file| format!("{name}: {file} is not in the package"))
        .collect()
}

/// A file in the list, or a folder holding one.
fn is_packaged(target: &Path, packaged: &BTreeSet<PathBuf>) -> bool {
    packaged.contains(target) || packaged.iter().any(|file| file.starts_with(target))
}

fn references(folder: &Path, packaged: &BTreeSet<PathBuf>) -> Result<Vec<Reference>> {
    let mut found = Vec::new();
    for file in packaged {
        let path = folder.join(file);
        let is_rust = file.extension().is_some_and(|e| e == "rs");
        let is_readme = file.file_name().is_some_and(|n| n == "README.md");
        if !is_rust && !is_readme {
            continue;
        }
        let text = fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        if is_readme {
            found.extend(readme_references(file, &text));
        } else {
            let tokens = tokenize_all(&text).with_context(|| path.display().to_string())?;
            let here = file.parent().unwrap_or(Path::new(""));
            let mut named = Vec::new();
            walk(&tokens, &mut named);
            found.extend(named.into_iter().map(|(line, base, written)| {
                let start = match base {
                    Base::File => here,
                    Base::Crate => Path::new(""),
                };
                Reference {
                    file: file.clone(),
                    line,
                    target: within(&start.join(&written)),
                    written,
                }
            }));
        }
    }
    Ok(found)
}

/// What a path in a source is relative to.
#[derive(Clone, Copy, Debug)]
enum Base {
    /// The naming file's folder (`include_str!`, `insta::glob!`).
    File,
    /// The crate's folder (`CARGO_MANIFEST_DIR`).
    Crate,
}

fn walk(tokens: &[Token], found: &mut Vec<(usize, Base, String)>) {
    for (at, token) in tokens.iter().enumerate() {
        if let Token::Group(_, inner, _) = token {
            walk(inner, found);
            if let Some((line, written)) = joined_onto_manifest_dir(inner, &tokens[at + 1..]) {
                found.push((line, Base::Crate, written));
            }
        }
        let Some(arguments) = macro_arguments(tokens, at) else {
            continue;
        };
        match token {
            Token::Ident(name, line) if name == "include_str" || name == "include_bytes" => {
                if let Some(written) = literal(arguments.first()) {
                    found.push((*line, Base::File, written));
                } else if let Some(written) = manifest_dir_concat(arguments) {
                    found.push((*line, Base::Crate, written));
                }
            }
            Token::Ident(name, line) if name == "glob" => {
                // `glob!(base, pattern, closure)` or `glob!(pattern, closure)`; a pattern
                // that is not a literal leaves its base folder to check.
                let parts = split_arguments(arguments);
                let pattern = |at: usize| literal(parts[at].first()).unwrap_or_default();
                let written = match parts.len() {
                    2 => fixed_prefix(&pattern(0)),
                    3.. => match literal(parts[0].first()) {
                        Some(base) => format!("{base}/{}", fixed_prefix(&pattern(1))),
                        None => continue,
                    },
                    _ => continue,
                };
                found.push((*line, Base::File, written));
            }
            _ => {}
        }
    }
}

/// The arguments of `name!( … )` when `tokens[at]` is `name`.
fn macro_arguments(tokens: &[Token], at: usize) -> Option<&[Token]> {
    match (tokens.get(at + 1), tokens.get(at + 2)) {
        (Some(bang), Some(Token::Group(Delimiter::Parenthesis, inner, _)))
            if bang.is_punct('!') =>
        {
            Some(inner)
        }
        _ => None,
    }
}

fn literal(token: Option<&Token>) -> Option<String> {
    match token? {
        Token::Literal(written, _) => string_value(written),
        _ => None,
    }
}

fn split_arguments(tokens: &[Token]) -> Vec<&[Token]> {
    tokens.split(|token| token.is_punct(',')).collect()
}

fn is_manifest_dir(tokens: &[Token]) -> bool {
    tokens.first().is_some_and(|t| t.is_ident("env"))
        && macro_arguments(tokens, 0).is_some_and(|inner| {
            literal(inner.first()).is_some_and(|name| name == "CARGO_MANIFEST_DIR")
        })
}

/// `concat!(env!("CARGO_MANIFEST_DIR"), "/a/", "b")` as `/a/b`; a macro variable or any other
/// token ends the path there (its folder is checked).
fn manifest_dir_concat(arguments: &[Token]) -> Option<String> {
    if !arguments.first()?.is_ident("concat") {
        return None;
    }
    let parts = split_arguments(macro_arguments(arguments, 0)?);
    let (first, rest) = parts.split_first()?;
    if !is_manifest_dir(first) {
        return None;
    }
    let mut written = String::new();
    for part in rest {
        match (part, literal(part.first())) {
            ([_], Some(text)) => written.push_str(&text),
            _ => break,
        }
    }
    Some(written.trim_start_matches('/').to_owned())
}

/// `( … env!("CARGO_MANIFEST_DIR") … ).join("tests/fixtures")`: the literal joined on.
fn joined_onto_manifest_dir(group: &[Token], after: &[Token]) -> Option<(usize, String)> {
    if !is_manifest_dir(group) {
        return None;
    }
    match after {
        [
            dot,
            Token::Ident(join, line),
            Token::Group(Delimiter::Parenthesis, inner, _),
            ..,
        ] if dot.is_punct('.') && join == "join" => Some((*line, literal(inner.first())?)),
        _ => None,
    }
}

/// The folders of a glob pattern before its first wildcard (`detail/*.json` -> `detail`).
fn fixed_prefix(pattern: &str) -> String {
    let folders: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect();
    folders.join("/")
}

fn readme_references(file: &Path, text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for name in ["include_str!(\"", "include_bytes!(\""] {
            for (start, _) in line.match_indices(name) {
                let rest = &line[start + name.len()..];
                if let Some(end) = rest.find('"') {
                    let written = rest[..end].to_owned();
                    found.push(Reference {
                        file: file.to_path_buf(),
                        line: index + 1,
                        target: within(Path::new(&written)),
                        written,
                    });
                }
            }
        }
    }
    found
}

/// `path` (relative to the crate's folder) with `.` and `..` resolved, or `None` when it leaves
/// the folder or is absolute.
fn within(path: &Path) -> Option<PathBuf> {
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !resolved.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::{fixed_prefix, missing_files, problems, within};

    fn crate_with(files: &[(&str, &str)]) -> (tempfile::TempDir, BTreeSet<PathBuf>) {
        let folder = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = folder.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let packaged = files.iter().map(|(path, _)| PathBuf::from(path)).collect();
        (folder, packaged)
    }

    #[test]
    fn paths_inside_the_package_pass() {
        let (folder, packaged) = crate_with(&[
            (
                "README.md",
                "```\nlet s = include_str!(\"tests/fixtures/a.json\");\n```\n",
            ),
            (
                "src/lib.rs",
                "#![doc = include_str!(\"../README.md\")]\nmod fonts;\n",
            ),
            (
                "src/fonts.rs",
                "macro_rules! font { ($f:literal) => { include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/fonts/\", $f)) }; }\n",
            ),
            ("fonts/a.ttf", ""),
            ("tests/fixtures/a.json", "{}"),
            (
                "tests/it/main.rs",
                "#[test]\nfn t() {\n    let a = include_str!(\"../fixtures/a.json\");\n    let d = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"tests/fixtures\");\n    insta::glob!(\"../fixtures\", \"*.json\", |p| {});\n}\n",
            ),
        ]);
        let found = problems(folder.path(), &packaged, Path::new("crates/x")).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_path_leaving_the_crate_or_missing_from_the_package_is_named_with_its_line() {
        let (folder, mut packaged) = crate_with(&[
            ("README.md", "no code\n"),
            (
                "tests/it/main.rs",
                "#[test]\nfn t() {\n    let a = include_str!(\"../../../other/tests/fixtures/a.json\");\n    let b = include_bytes!(\"../data/excluded.bin\");\n    let d = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"../other/fixtures\");\n    insta::glob!(\"../../../other/fixtures\", \"detail/*.json\", |p| {});\n}\n",
            ),
            ("tests/data/excluded.bin", ""),
        ]);
        packaged.remove(Path::new("tests/data/excluded.bin"));
        let found = problems(folder.path(), &packaged, Path::new("crates/x")).unwrap();
        assert_eq!(
            found,
            [
                "crates/x/tests/it/main.rs:3: \"../../../other/tests/fixtures/a.json\" leaves the crate; move or link the file into the crate",
                "crates/x/tests/it/main.rs:4: \"../data/excluded.bin\" is not in the package (`cargo package --list`)",
                "crates/x/tests/it/main.rs:5: \"../other/fixtures\" leaves the crate; move or link the file into the crate",
                "crates/x/tests/it/main.rs:6: \"../../../other/fixtures/detail\" leaves the crate; move or link the file into the crate",
            ]
        );
    }

    #[test]
    fn names_the_required_files_a_package_lacks() {
        let packaged = BTreeSet::from([PathBuf::from("README.md"), PathBuf::from("LICENSE-MIT")]);
        assert_eq!(
            missing_files("x", &packaged),
            [
                "x: CHANGELOG.md is not in the package",
                "x: LICENSE-APACHE is not in the package",
            ]
        );
    }

    #[test]
    fn resolves_parent_folders_and_glob_prefixes() {
        assert_eq!(
            within(Path::new("tests/it/../fixtures/./a")),
            Some(PathBuf::from("tests/fixtures/a"))
        );
        assert_eq!(within(Path::new("tests/../../x")), None);
        assert_eq!(within(Path::new("/etc/passwd")), None);
        assert_eq!(fixed_prefix("detail/*.json"), "detail");
        assert_eq!(fixed_prefix("**/*.json"), "");
    }
}
