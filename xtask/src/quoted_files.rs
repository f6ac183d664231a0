//! `cargo xtask quoted-files`: a guide that quotes a file of the workspace quotes it as it is.
//!
//! A quotation is marked by the line `<!-- quoted from PATH -->` (PATH from the workspace root)
//! right before a fenced code block; the block must equal the file. The file itself is built
//! and tested with the rest, so the guide's code is compiled and run by CI.

use std::fs;
use std::path::Path;

use anyhow::{Result, bail};

use crate::command::root;
use crate::docs::markdown_files;

const MARKER_START: &str = "<!-- quoted from ";
const MARKER_END: &str = " -->";

/// Checks every quotation in `docs/`.
pub(crate) fn run() -> Result<()> {
    let root = root();
    let mut problems = Vec::new();
    let mut quotations = 0;
    for guide in markdown_files(&root.join("docs"))? {
        let text = fs::read_to_string(&guide)?;
        let name = guide.strip_prefix(&root)?.display().to_string();
        for (path, block) in quotations_in(&text) {
            quotations += 1;
            problems.extend(check(&root, &name, path, block));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    eprintln!("quoted-files: {quotations} quotations, each equal to its file");
    Ok(())
}

fn check(root: &Path, guide: &str, path: &str, block: Option<String>) -> Option<String> {
    let Some(block) = block else {
        return Some(format!(
            "{guide}: the quotation of {path} has no fenced code block after its marker"
        ));
    };
    match fs::read_to_string(root.join(path)) {
        Err(error) => Some(format!("{guide}: cannot read the quoted {path}: {error}")),
        Ok(file) if file != block => Some(format!(
            "{guide}: the quotation of {path} differs from the file: copy the file into the guide again"
        )),
        Ok(_) => None,
    }
}

/// Each marker's path, and the fenced block that follows it (`None` when none does).
fn quotations_in(text: &str) -> Vec<(&str, Option<String>)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .trim()
            .strip_prefix(MARKER_START)
            .and_then(|rest| rest.strip_suffix(MARKER_END))
        else {
            continue;
        };
        let opens = lines.next().is_some_and(|next| next.starts_with("```"));
        let mut block = String::new();
        let mut closed = false;
        if opens {
            for line in lines.by_ref() {
                if line.starts_with("```") {
                    closed = true;
                    break;
                }
                block.push_str(line);
                block.push('\n');
            }
        }
        found.push((path.trim(), closed.then_some(block)));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::quotations_in;

    #[test]
    fn a_marked_block_is_read_and_an_unmarked_one_ignored() {
        let text = "```rust\nfree\n```\n<!-- quoted from a/b.rs -->\n```rust\nfn a() {}\n\nfn b() {}\n```\n";
        assert_eq!(
            quotations_in(text),
            [("a/b.rs", Some("fn a() {}\n\nfn b() {}\n".to_owned()))]
        );
    }

    #[test]
    fn a_marker_without_a_block_is_reported_as_such() {
        assert_eq!(
            quotations_in("<!-- quoted from x.rs -->\ntext\n"),
            [("x.rs", None)]
        );
    }
}
