//! `callreport migrate`: a database brought to this build's schema once, `--check` changing
//! nothing, a database from a newer build refused; on both backends.

use std::process::{Command, Output};

use callreport_store::testing::{Backend, TestDatabase};

use crate::BIN;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn migrate(db: &TestDatabase, extra: &[&str]) -> (i32, String, String) {
    let output: Output = Command::new(BIN)
        .arg("migrate")
        .args(extra)
        .arg("--db")
        .arg(db.setting())
        .env("CALLREPORT_FILES", db.folder().join("files"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn migrates_once_and_checks_without_changing(backend: Backend) {
    let runtime = runtime();
    let Some(db) = runtime.block_on(TestDatabase::create_unopened(backend)) else {
        return;
    };

    let (code, out, _) = migrate(&db, &["--check"]);
    assert_eq!(code, 1, "{out}");
    let pending = out
        .trim_end()
        .strip_suffix(": run `callreport migrate`")
        .and_then(|line| line.split("this build would apply migrations 1 to ").nth(1))
        .unwrap_or_else(|| panic!("{out}"));
    let latest: u32 = pending.parse().unwrap();
    assert!(out.contains("schema version 0;"), "{out}");
    if backend == Backend::Sqlite {
        assert!(
            !db.folder().join("test.sqlite").exists(),
            "--check created the file"
        );
    }

    let (code, out, err) = migrate(&db, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with(&format!(
            ": schema version {latest}, applied migrations 1 to {latest}\n"
        )),
        "{out}"
    );
    // The store opens the migrated database as a server would.
    runtime.block_on(db.store().check()).unwrap();

    for extra in [&["--check"][..], &[]] {
        let (code, out, err) = migrate(&db, extra);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.ends_with(&format!(": schema version {latest}, current\n")),
            "{out}"
        );
    }

    runtime.block_on(db.record_schema_version(latest + 2));
    for extra in [&["--check"][..], &[]] {
        let (code, out, err) = migrate(&db, extra);
        assert_eq!(code, 1, "{out}");
        assert!(
            err.contains(&format!(
                "has schema version {}, from a newer build of callreport (this one knows up to {latest})",
                latest + 2
            )),
            "{err}"
        );
    }
}

#[test]
fn migrate_on_sqlite() {
    migrates_once_and_checks_without_changing(Backend::Sqlite);
}

#[cfg(feature = "postgres")]
#[test]
fn migrate_on_postgres() {
    migrates_once_and_checks_without_changing(Backend::Postgres);
}
