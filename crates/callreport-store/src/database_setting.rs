//! The database setting (`--db`, `CALLREPORT_DB`): a SQLite file, or a PostgreSQL URL.

/// Whether a database setting names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than a SQLite file. Known in every build, so a build without the
/// `postgres` feature can say why it refuses one.
#[must_use]
pub fn is_postgres_url(setting: &str) -> bool {
    ["postgres://", "postgresql://"]
        .iter()
        .any(|scheme| setting.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))
}
