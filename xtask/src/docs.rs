//! `cargo xtask docs`: one static site with the API docs of every crate and the guides.
//!
//! The site is written to `<target>/doc-site/`: `index.html` links the guides (each Markdown
//! file of `docs/`, rendered to HTML) and the API docs (`api/`, copied from rustdoc's output).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

use crate::command::{cargo, root, run};

/// Builds the API docs of the workspace as docs.rs builds them, with warnings denied: all
/// features, `--cfg docsrs` (feature badges through `doc_cfg`, which needs `RUSTC_BOOTSTRAP` on
/// a stable toolchain).
///
/// In a target directory of its own: `RUSTC_BOOTSTRAP` is part of every crate's fingerprint,
/// so sharing the main one would rebuild the dependencies of every other step after this one.
pub(crate) fn rustdoc() -> Result<()> {
    let mut command = cargo(&["doc", "--workspace", "--no-deps", "--all-features"]);
    command
        .env("CARGO_TARGET_DIR", docs_target())
        .env("RUSTDOCFLAGS", "--cfg docsrs -D warnings")
        .env("RUSTC_BOOTSTRAP", "1");
    run(
        command,
        "cargo doc as docs.rs builds it (--cfg docsrs, -D warnings)",
    )
}

/// The main target directory.
fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// Where [`rustdoc`] builds.
fn docs_target() -> PathBuf {
    target().join("docsrs")
}

/// Builds the whole site.
pub(crate) fn build() -> Result<()> {
    rustdoc()?;
    let root = root();
    let site = target().join("doc-site");
    if site.exists() {
        fs::remove_dir_all(&site)?;
    }
    copy_dir(&docs_target().join("doc"), &site.join("api"))?;
    let mut guides = Vec::new();
    for source in markdown_files(&root.join("docs"))? {
        let relative = source
            .strip_prefix(root.join("docs"))?
            .with_extension("html");
        let markdown = fs::read_to_string(&source)?;
        let title = markdown
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or("Guide")
            .to_owned();
        let output = site.join(&relative);
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent)?;
        }
        let depth = relative.components().count() - 1;
        fs::write(&output, page(&title, &render(&markdown), depth))?;
        guides.push((relative, title));
    }
    fs::write(
        site.join("index.html"),
        landing(&guides, &crate_names(&root)?),
    )?;
    eprintln!(
        "docs: site written to {}",
        site.join("index.html").display()
    );
    Ok(())
}

fn render(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = match dest_url.strip_suffix(".md") {
                Some(stem) if !dest_url.contains("://") => CowStr::from(format!("{stem}.html")),
                _ => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn page(title: &str, body: &str, depth: usize) -> String {
    let home = "../".repeat(depth);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} — callreport</title>\n<style>body{{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}code{{background:#f4f4f4}}</style></head>\n<body><p><a href=\"{home}index.html\">callreport documentation</a></p>\n{body}</body></html>\n"
    )
}

fn landing(guides: &[(PathBuf, String)], crates: &[String]) -> String {
    let mut body = String::from(
        "<h1>callreport</h1>\n<p>A Rust toolkit for the DeepCall Call Report API v2.</p>\n<h2>Guides</h2>\n<ul>\n",
    );
    for (path, title) in guides {
        let _ = writeln!(body, "<li><a href=\"{}\">{title}</a></li>", path.display());
    }
    body.push_str("</ul>\n<h2>API</h2>\n<ul>\n");
    for name in crates {
        let module = name.replace('-', "_");
        let _ = writeln!(
            body,
            "<li><a href=\"api/{module}/index.html\"><code>{name}</code></a></li>"
        );
    }
    body.push_str("</ul>\n");
    page("callreport", &body, 0)
}

fn crate_names(root: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(root.join("crates"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

pub(crate) fn markdown_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder).with_context(|| folder.display().to_string())? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(markdown_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| from.display().to_string())? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn links_between_guides_point_at_html() {
        let html =
            render("See [the format](wire-format.md) and [rust](https://www.rust-lang.org/x.md).");
        assert!(html.contains("href=\"wire-format.html\""), "{html}");
        assert!(
            html.contains("href=\"https://www.rust-lang.org/x.md\""),
            "{html}"
        );
    }
}
