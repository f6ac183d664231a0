//! The wire keys that other crates may write as whole string literals, each with its reason.
//!
//! Only keys that are also plain words of another vocabulary belong here; keep the list short.

/// `(key, why a literal equal to it outside the model is not a wire key)`.
pub(crate) const ALLOWED: &[(&str, &str)] = &[
    (
        "agent",
        "the CLI's `--agent` filter flag, a word of the command line",
    ),
    (
        "recording",
        "a kind of stored file and a retry label: the word, not the standard view's key",
    ),
    (
        "status",
        "the CLI's `--status` flag, a report column and a Debug field name",
    ),
];

/// Whether a literal equal to `key` is allowed outside the model.
pub(crate) fn is_allowed(key: &str) -> bool {
    ALLOWED.iter().any(|(allowed, _)| *allowed == key)
}
