//! The database setting (`--db`, `CALLREPORT_DB`): a SQLite file, or a PostgreSQL URL.

/// Whether a database setting names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than a SQLite file. Known in every build, so a build without the
/// `postgres` feature can say why it refuses one.
#[must_use]
pub fn is_postgres_url(setting: &str) -> bool {
    ["postgres://", "postgresql://"].iter().any(|scheme| {
        setting
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// A database setting as it may be shown (logs, messages): a file path as given, a URL with
/// its password replaced by `***`.
#[must_use]
pub fn shown_database(setting: &str) -> String {
    if !is_postgres_url(setting) {
        return setting.to_owned();
    }
    let Some(scheme_end) = setting.find("://").map(|at| at + 3) else {
        return setting.to_owned();
    };
    let rest = &setting[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &setting[..scheme_end],
            &authority[..colon],
            &rest[at..]
        ),
        _ => setting.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_postgres_url, shown_database};

    #[test]
    fn urls_are_told_from_files_and_shown_without_their_password() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url("PostgreSQL://h/db"));
        assert!(!is_postgres_url("calls.sqlite"));
        assert!(!is_postgres_url("postgres"));
        assert_eq!(
            shown_database("postgres://user:s3cret@db.local:5432/calls?sslmode=disable"),
            "postgres://user:***@db.local:5432/calls?sslmode=disable"
        );
        assert_eq!(
            shown_database("postgres://user@h/db"),
            "postgres://user@h/db"
        );
        assert_eq!(
            shown_database("postgres://h:5432/db"),
            "postgres://h:5432/db"
        );
        assert_eq!(shown_database("a/b.sqlite"), "a/b.sqlite");
    }
}
