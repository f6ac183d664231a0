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
        "bytes",
        "the unit of HTTP ranges (`Accept-Ranges: bytes`), not an export status's size",
    ),
    (
        "code",
        "a Rust field name in `Debug` output (an API error's code)",
    ),
    (
        "message",
        "a Rust field name in `Debug` output (an API error's message)",
    ),
    (
        "recording",
        "a kind of stored file and a retry label: the word, not the standard view's key",
    ),
    (
        "token",
        "the stored name of a credential kind, not the request body key",
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
