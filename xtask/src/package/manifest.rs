//! What a publishable crate's manifest must say, read from `cargo metadata`.

use serde_json::Value;

use super::categories::CATEGORIES;

/// A package of the workspace that a registry accepts (`publish` is not `false`).
#[derive(Debug)]
pub(crate) struct Publishable {
    /// The package name.
    pub(crate) name: String,
    /// Whether it has a library target (which docs.rs documents).
    pub(crate) library: bool,
    /// Its folder.
    pub(crate) folder: std::path::PathBuf,
    /// Its manifest, as `cargo metadata` gives it.
    manifest: Value,
}

/// The publishable packages of `cargo metadata --no-deps` output, in its order.
pub(crate) fn publishable(metadata: &Value) -> Vec<Publishable> {
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| !package["publish"].as_array().is_some_and(Vec::is_empty))
        .filter_map(|package| {
            let manifest = std::path::Path::new(package["manifest_path"].as_str()?);
            Some(Publishable {
                name: package["name"].as_str()?.to_owned(),
                library: package["targets"]
                    .as_array()?
                    .iter()
                    .any(|target| has_kind(target, "lib")),
                folder: manifest.parent()?.to_path_buf(),
                manifest: package.clone(),
            })
        })
        .collect()
}

fn has_kind(target: &Value, kind: &str) -> bool {
    target["kind"]
        .as_array()
        .is_some_and(|kinds| kinds.iter().any(|k| k == kind))
}

/// What `package`'s manifest lacks or gets wrong, one line each, given the toolchain CI builds
/// with (`rust-toolchain.toml`'s channel).
pub(crate) fn problems(package: &Publishable, toolchain: &str) -> Vec<String> {
    let manifest = &package.manifest;
    let mut problems = Vec::new();
    let mut missing = |field: &str| problems.push(format!("{}: no {field}", package.name));
    for field in ["description", "license", "readme"] {
        if manifest[field].as_str().is_none_or(str::is_empty) {
            missing(field);
        }
    }
    for field in ["keywords", "categories"] {
        if manifest[field].as_array().is_none_or(Vec::is_empty) {
            missing(field);
        }
    }
    if package.library && !has_docs_rs_settings(manifest) {
        missing(
            "[package.metadata.docs.rs] with all-features = true and rustdoc-args = [\"--cfg\", \"docsrs\"]",
        );
    }
    let name = &package.name;
    match manifest["rust_version"].as_str() {
        Some(version) if version == toolchain => {}
        Some(version) => problems.push(format!(
            "{name}: rust-version {version} is not the toolchain CI builds with ({toolchain})"
        )),
        None => problems.push(format!("{name}: no rust-version")),
    }
    let keywords = strings(&manifest["keywords"]);
    if keywords.len() > 5 {
        problems.push(format!("{name}: {} keywords, at most 5", keywords.len()));
    }
    for keyword in keywords.iter().filter(|k| !is_valid_keyword(k)) {
        problems.push(format!(
            "{name}: keyword {keyword:?}: at most 20 letters, digits, `-`, `_` or `+`, starting with a letter"
        ));
    }
    for category in strings(&manifest["categories"]) {
        if !CATEGORIES.contains(&category) {
            problems.push(format!(
                "{name}: category {category:?} is not a crates.io category slug"
            ));
        }
    }
    problems
}

fn has_docs_rs_settings(manifest: &Value) -> bool {
    let settings = &manifest["metadata"]["docs"]["rs"];
    settings["all-features"] == true
        && strings(&settings["rustdoc-args"])
            .windows(2)
            .any(|pair| pair == ["--cfg", "docsrs"])
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn is_valid_keyword(keyword: &str) -> bool {
    keyword.len() <= 20
        && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
        && keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{problems, publishable};

    fn metadata(package: Value) -> Value {
        json!({ "packages": [package] })
    }

    fn complete() -> Value {
        json!({
            "name": "lib-crate",
            "manifest_path": "/w/crates/lib-crate/Cargo.toml",
            "publish": ["internal"],
            "description": "A library.",
            "license": "MIT OR Apache-2.0",
            "readme": "README.md",
            "keywords": ["deepcall"],
            "categories": ["api-bindings", "web-programming::http-client"],
            "rust_version": "1.95.0",
            "metadata": { "docs": { "rs": { "all-features": true, "rustdoc-args": ["--cfg", "docsrs"] } } },
            "targets": [{ "kind": ["lib"] }]
        })
    }

    #[test]
    fn a_complete_library_passes() {
        let found = publishable(&metadata(complete()));
        assert_eq!(found.len(), 1);
        assert!(found[0].library);
        assert!(problems(&found[0], "1.95.0").is_empty());
    }

    #[test]
    fn an_unpublished_package_is_left_out() {
        let mut package = complete();
        package["publish"] = json!([]);
        assert!(publishable(&metadata(package)).is_empty());
    }

    #[test]
    fn names_what_is_missing_or_wrong() {
        let mut package = complete();
        for field in ["description", "readme", "categories"] {
            package.as_object_mut().unwrap().remove(field);
        }
        package["rust_version"] = json!("1.95");
        package["keywords"] = json!(["a", "b", "c", "d", "e", "-f"]);
        package["metadata"] = Value::Null;
        let found = publishable(&metadata(package));
        assert_eq!(
            problems(&found[0], "1.95.0"),
            [
                "lib-crate: no description",
                "lib-crate: no readme",
                "lib-crate: no categories",
                "lib-crate: no [package.metadata.docs.rs] with all-features = true and rustdoc-args = [\"--cfg\", \"docsrs\"]",
                "lib-crate: rust-version 1.95 is not the toolchain CI builds with (1.95.0)",
                "lib-crate: 6 keywords, at most 5",
                "lib-crate: keyword \"-f\": at most 20 letters, digits, `-`, `_` or `+`, starting with a letter",
            ]
        );
    }

    #[test]
    fn a_binary_needs_no_docs_rs_settings_and_a_made_up_category_fails() {
        let mut package = complete();
        package["targets"] = json!([{ "kind": ["bin"] }]);
        package["metadata"] = Value::Null;
        package["categories"] = json!(["http-client"]);
        let found = publishable(&metadata(package));
        assert!(!found[0].library);
        assert_eq!(
            problems(&found[0], "1.95.0"),
            ["lib-crate: category \"http-client\" is not a crates.io category slug"]
        );
    }
}
