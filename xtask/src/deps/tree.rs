//! Reading `cargo tree -e normal,features --prefix none --format '{p}|{f}'`: one package or
//! feature per line, no drawing.
//!
//! A package line ends in `|` and the features the build resolves for it (`hyper v1.12.0|client,http1`),
//! so a feature shows even when the tree has no edge line for it (one a root feature turns
//! on); a feature line reads `hyper feature "server"`. A repeated line ends in ` (*)`.

use std::collections::BTreeSet;

/// The `--format` the parser reads.
pub(crate) const FORMAT: &str = "{p}|{f}";

/// A package, or one feature of a package, that a build enables.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Node {
    /// The package name.
    pub(crate) package: String,
    /// The feature, for a feature line (`hyper feature "server"`).
    pub(crate) feature: Option<String>,
}

/// Every package and feature the output lists, once each.
pub(crate) fn nodes(output: &str) -> BTreeSet<Node> {
    let mut found = BTreeSet::new();
    for line in output.lines() {
        let line = line.trim_end().trim_end_matches("(*)").trim_end();
        let Some(package) = line.split_whitespace().next() else {
            continue;
        };
        let node = |feature: Option<&str>| Node {
            package: package.to_owned(),
            feature: feature.map(str::to_owned),
        };
        if let Some((_, features)) = line.split_once('|') {
            found.insert(node(None));
            for feature in features.split(',').filter(|f| !f.is_empty()) {
                found.insert(node(Some(feature)));
            }
        } else if let Some((_, quoted)) = line.split_once(" feature ") {
            found.insert(node(Some(quoted.trim_matches('"'))));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{Node, nodes};

    #[test]
    fn packages_and_features_without_the_drawing() {
        let output = "callreport-http v0.1.0 (/w/crates/callreport-http)|client\n\
            hyper feature \"server\"\nhyper v1.12.0|http1\nhyper v1.12.0|http1 (*)\n\n\
            serde_derive v1.0.229 (proc-macro)|\n";
        let found: Vec<Node> = nodes(output).into_iter().collect();
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|n| (n.package.as_str(), n.feature.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("callreport-http", None),
                ("callreport-http", Some("client")),
                ("hyper", None),
                ("hyper", Some("http1")),
                ("hyper", Some("server")),
                ("serde_derive", None),
            ]
        );
    }
}
