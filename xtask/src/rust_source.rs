//! The non-test modules of the workspace's crates, read from their sources, for the checks that
//! look at code: import circles and wire keys.
//!
//! A crate's modules are found as the compiler finds them: from `src/lib.rs`, `src/main.rs` and
//! `src/bin/*.rs`, through `mod` declarations (`foo.rs` beside `foo/`, or `foo/mod.rs`; `#[path]`
//! is not used in this workspace). Test-only code is left out: items under `#[cfg(test)]` or
//! `#[test]`, and `tests.rs` files. Integration tests, benchmarks and examples are never reached.

mod literal;
mod token;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use proc_macro2::Delimiter;

pub(crate) use literal::string_value;
pub(crate) use token::{Token, is_path_separator, tokenize, tokenize_all};

/// One crate target: a library or a binary and its module tree.
#[derive(Debug)]
pub(crate) struct CrateTree {
    /// The package name, with ` (bin name)` for a binary target.
    pub(crate) name: String,
    /// Every non-test module, the root first.
    pub(crate) modules: Vec<Module>,
}

/// A module: a file, or an inline `mod name { … }` inside one.
#[derive(Debug)]
pub(crate) struct Module {
    /// The path from the crate root (`["server", "api"]`); empty for the root.
    pub(crate) path: Vec<String>,
    /// The file that holds it.
    pub(crate) file: PathBuf,
    /// Its own tokens, without the bodies of its inline child modules.
    pub(crate) tokens: Vec<Token>,
    /// The names of its (non-test) child modules.
    pub(crate) children: Vec<String>,
}

/// A module path for reports: `crate` for the root, else `server::api`.
pub(crate) fn display(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        path.join("::")
    }
}

/// The folders of the workspace's packages: `crates/*` and `xtask`, sorted.
///
/// # Errors
/// `crates/` cannot be read.
pub(crate) fn package_folders(root: &Path) -> Result<Vec<PathBuf>> {
    let crates = root.join("crates");
    let mut folders: Vec<PathBuf> = fs::read_dir(&crates)
        .with_context(|| crates.display().to_string())?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.join("Cargo.toml").is_file())
        .collect();
    folders.sort();
    if root.join("xtask/Cargo.toml").is_file() {
        folders.push(root.join("xtask"));
    }
    Ok(folders)
}

/// Every target (library, binaries) of the package in `folder`, with its modules.
///
/// # Errors
/// A module file cannot be read or does not tokenise.
pub(crate) fn crate_trees(folder: &Path) -> Result<Vec<CrateTree>> {
    let package = folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let src = folder.join("src");
    let mut roots = Vec::new();
    if src.join("lib.rs").is_file() {
        roots.push((package.clone(), src.join("lib.rs")));
    }
    if src.join("main.rs").is_file() {
        roots.push((format!("{package} (bin)"), src.join("main.rs")));
    }
    if let Ok(entries) = fs::read_dir(src.join("bin")) {
        let mut bins: Vec<PathBuf> = entries
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .collect();
        bins.sort();
        for bin in bins {
            let stem = bin.file_stem().unwrap_or_default().to_string_lossy();
            roots.push((format!("{package} (bin {stem})"), bin));
        }
    }
    roots
        .into_iter()
        .map(|(name, file)| {
            let mut modules = Vec::new();
            let folder = file.parent().unwrap_or(&src).to_path_buf();
            read_file_module(Vec::new(), &file, &folder, &mut modules)?;
            Ok(CrateTree { name, modules })
        })
        .collect()
}

/// Reads the module in `file`, whose children live in `folder`, and every module below it;
/// `false` when the whole file is test-only.
fn read_file_module(
    path: Vec<String>,
    file: &Path,
    folder: &Path,
    modules: &mut Vec<Module>,
) -> Result<bool> {
    let source = fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let tokens = tokenize(&source).with_context(|| file.display().to_string())?;
    let Some(tokens) = tokens else {
        return Ok(false);
    };
    add_module(path, file, folder, tokens, modules)?;
    Ok(true)
}

/// Adds a module from its tokens, taking its inline child modules out into modules of their own
/// and reading its file child modules.
fn add_module(
    path: Vec<String>,
    file: &Path,
    folder: &Path,
    tokens: Vec<Token>,
    modules: &mut Vec<Module>,
) -> Result<()> {
    let mut own = Vec::with_capacity(tokens.len());
    let mut inline = Vec::new();
    let mut declared = Vec::new();
    let mut rest = tokens.into_iter().peekable();
    while let Some(token) = rest.next() {
        if !token.is_ident("mod") {
            own.push(token);
            continue;
        }
        let Some(Token::Ident(name, _)) = rest.next_if(|next| matches!(next, Token::Ident(..)))
        else {
            own.push(token);
            continue;
        };
        match rest.next() {
            Some(Token::Group(Delimiter::Brace, body, _)) => inline.push((name, body)),
            _ => declared.push(name),
        }
    }
    let index = modules.len();
    modules.push(Module {
        path: path.clone(),
        file: file.to_path_buf(),
        tokens: own,
        children: Vec::new(),
    });
    let mut children = Vec::new();
    for (name, body) in inline {
        let mut child = path.clone();
        child.push(name.clone());
        add_module(child, file, &folder.join(&name), body, modules)?;
        children.push(name);
    }
    for name in declared {
        if name == "tests" {
            continue;
        }
        let (child_file, child_folder) = if folder.join(format!("{name}.rs")).is_file() {
            (folder.join(format!("{name}.rs")), folder.join(&name))
        } else {
            (folder.join(&name).join("mod.rs"), folder.join(&name))
        };
        if child_file.file_name().is_some_and(|f| f == "tests.rs") {
            continue;
        }
        let mut child = path.clone();
        child.push(name.clone());
        if read_file_module(child, &child_file, &child_folder, modules)? {
            children.push(name);
        }
    }
    children.sort();
    modules[index].children = children;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::crate_trees;

    #[test]
    fn modules_from_files_folders_and_inline_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir_all(src.join("a")).unwrap();
        fs::write(
            src.join("lib.rs"),
            "mod a;\npub(crate) mod b { pub mod c {} }\n#[cfg(test)]\nmod gone;\nmod tests;",
        )
        .unwrap();
        fs::write(src.join("a.rs"), "mod d;").unwrap();
        fs::write(src.join("a/d.rs"), "fn d() {}").unwrap();
        fs::write(src.join("tests.rs"), "fn t() {}").unwrap();
        let trees = crate_trees(dir.path()).unwrap();
        let paths: Vec<String> = trees[0]
            .modules
            .iter()
            .map(|module| super::display(&module.path))
            .collect();
        assert_eq!(paths, ["crate", "b", "b::c", "a", "a::d"]);
        assert_eq!(trees[0].modules[0].children, ["a", "b"]);
    }
}
