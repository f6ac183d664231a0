//! `cargo xtask imports`: no two modules of a crate import each other, directly or round a
//! longer circle.
//!
//! Each target of each package (`crates/*`, `xtask`) is read from its sources (see
//! [`crate::rust_source`]); an edge goes from a module to the module whose item its code names
//! (see [`graph`] for how paths are followed and why edges to an ancestor do not count); every
//! strongly connected component of more than one module is reported with the lines that make
//! its edges.

mod circles;
mod graph;
mod references;

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};

use crate::command::root;
use crate::rust_source::{crate_trees, display, package_folders};

/// Reports every import circle in the workspace; fails when there is one.
pub(crate) fn run() -> Result<()> {
    let root = root();
    let found = find(&root)?;
    if found.is_empty() {
        eprintln!("imports: no module import circles");
        return Ok(());
    }
    for circle in &found {
        eprintln!("{circle}");
    }
    bail!(
        "{} module import circle(s): make data flow one way (move what both sides need into a module below them both)",
        found.len()
    )
}

/// One report per circle: the crate target, its modules, and each edge inside it with where it
/// is written (relative to `root`).
///
/// # Errors
/// A source file cannot be read or tokenised.
pub(crate) fn find(root: &Path) -> Result<Vec<String>> {
    let mut reports = Vec::new();
    for folder in package_folders(root)? {
        for tree in crate_trees(&folder)? {
            let graph = graph::graph(&tree);
            for members in circles::circles(graph.paths.len(), &graph.edges) {
                let names: Vec<String> =
                    members.iter().map(|&m| display(&graph.paths[m])).collect();
                let mut report = format!(
                    "imports: {}: a circle between {}",
                    tree.name,
                    names.join(", ")
                );
                for ((from, to), sites) in &graph.edges {
                    if !members.contains(from) || !members.contains(to) {
                        continue;
                    }
                    for site in sites {
                        let file = site.file.strip_prefix(root).unwrap_or(&site.file);
                        let _ = write!(
                            report,
                            "\n  {} -> {}  ({}:{})",
                            display(&graph.paths[*from]),
                            display(&graph.paths[*to]),
                            file.display(),
                            site.line
                        );
                    }
                }
                reports.push(report);
            }
        }
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::find;

    /// A workspace with one package, `crates/demo`, holding `files` under `src/`.
    fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let package = dir.path().join("crates/demo");
        fs::create_dir_all(&package).unwrap();
        fs::write(package.join("Cargo.toml"), "[package]\nname = \"demo\"\n").unwrap();
        for (path, text) in files {
            let file = package.join("src").join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        dir
    }

    fn circles_in(dir: &Path) -> Vec<String> {
        find(dir).unwrap()
    }

    #[test]
    fn two_siblings_importing_each_other_are_a_circle() {
        let dir = workspace(&[
            ("lib.rs", "mod a;\nmod b;\n"),
            ("a.rs", "use crate::b::B;\npub(crate) struct A;\n"),
            (
                "b.rs",
                "pub(crate) struct B;\nfn f() { let _ = super::a::A; }\n",
            ),
        ]);
        let found = circles_in(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("a circle between a, b"), "{}", found[0]);
        assert!(
            found[0].contains("a -> b  (crates/demo/src/a.rs:1)"),
            "{}",
            found[0]
        );
        assert!(
            found[0].contains("b -> a  (crates/demo/src/b.rs:2)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn one_way_imports_pass() {
        let dir = workspace(&[
            ("lib.rs", "mod a;\nmod b;\n"),
            ("a.rs", "use crate::b::B;\npub(crate) struct A;\n"),
            ("b.rs", "pub(crate) struct B;\n"),
        ]);
        assert!(circles_in(dir.path()).is_empty());
    }

    #[test]
    fn a_parent_re_exporting_its_child_is_not_a_circle() {
        let dir = workspace(&[
            ("lib.rs", "mod p;\npub use p::Q;\n"),
            (
                "p.rs",
                "mod c;\npub use self::c::Q;\npub(crate) struct Shared;\nfn f() { c::go(); }\n",
            ),
            (
                "p/c.rs",
                "use super::Shared;\nuse crate::Q as _;\npub struct Q;\npub(crate) fn go() {}\n",
            ),
        ]);
        assert!(circles_in(dir.path()).is_empty());
    }

    #[test]
    fn a_child_and_its_parents_sibling_importing_each_other_are_a_circle() {
        let dir = workspace(&[
            ("lib.rs", "mod p;\nmod u;\n"),
            ("p.rs", "pub(crate) mod c;\n"),
            ("p/c.rs", "use crate::u::U;\npub(crate) struct C;\n"),
            (
                "u.rs",
                "pub(crate) struct U;\nfn f() -> crate::p::c::C { todo!() }\n",
            ),
        ]);
        let found = circles_in(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("a circle between p::c, u"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn a_sibling_reached_through_a_parents_re_export_is_followed() {
        let dir = workspace(&[
            ("lib.rs", "mod a;\nmod b;\npub use a::A;\n"),
            ("a.rs", "use crate::b::B;\npub struct A;\n"),
            ("b.rs", "pub struct B;\nuse crate::A;\n"),
        ]);
        assert_eq!(circles_in(dir.path()).len(), 1);
    }

    #[test]
    fn test_code_does_not_count() {
        let dir = workspace(&[
            ("lib.rs", "mod a;\nmod b;\n"),
            ("a.rs", "use crate::b::B;\npub(crate) struct A;\n"),
            (
                "b.rs",
                "pub(crate) struct B;\n#[cfg(test)]\nmod tests { use crate::a::A; }\n#[test]\nfn t() { crate::a::A; }\n#[cfg(test)]\nmod more;\n",
            ),
            ("b/more.rs", "use crate::a::A;\n"),
        ]);
        assert!(circles_in(dir.path()).is_empty());
    }

    #[test]
    fn a_re_exported_path_in_a_macro_call_is_followed_to_its_module() {
        let dir = workspace(&[
            ("lib.rs", "mod r;\nmod v;\n"),
            ("v.rs", "mod s;\npub use self::s::S;\n"),
            ("v/s.rs", "use crate::r::R;\npub struct S;\n"),
            ("r.rs", "pub struct R;\nm! {\n    crate::v::S => S,\n}\n"),
        ]);
        let found = circles_in(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("a circle between r, v::s"),
            "{}",
            found[0]
        );
    }
}
