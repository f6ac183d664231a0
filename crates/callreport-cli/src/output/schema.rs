//! What `callreport migrate` says about a database's schema.

use callreport_store::{Migrations, SchemaVersion};

/// The database is at this build's version.
pub(crate) fn schema_current(db: &str, version: SchemaVersion) {
    say!("{db}: schema version {}, current", version.found);
}

/// `--check` found migrations to apply.
pub(crate) fn schema_pending(db: &str, version: SchemaVersion) {
    say!(
        "{db}: schema version {}; this build would apply {}: run `callreport migrate`",
        version.found,
        version.pending(),
    );
}

/// The migrations just applied.
pub(crate) fn schema_migrated(db: &str, before: SchemaVersion, after: SchemaVersion) {
    say!(
        "{db}: schema version {}, applied {}",
        after.found,
        Migrations::after(before.found, after.found),
    );
}
