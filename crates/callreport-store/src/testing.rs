//! Throwaway databases for tests, on either backend, so that one test body can run on both.
//!
//! SQLite needs nothing: a file in a temporary folder. PostgreSQL needs a server: its URL comes
//! from [`POSTGRES_URL_VARIABLE`], and each [`TestDatabase`] gets a schema of its own there,
//! dropped when the database is. Without the variable a PostgreSQL test database is not
//! created: [`TestDatabase::create`] answers `None` and says on standard error that the test
//! was skipped, except under CI (`CI` set), where it panics: CI must run every backend.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tempfile::TempDir;

use crate::{SqliteStore, Store};

#[cfg(feature = "s3")]
mod bucket;

#[cfg(feature = "s3")]
pub use self::bucket::{S3_URL_VARIABLE, TestBucket};

/// The environment variable holding the URL of the PostgreSQL server tests may use (a
/// database in which they may create schemas).
pub const POSTGRES_URL_VARIABLE: &str = "CALLREPORT_TEST_POSTGRES";

/// A backend a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A schema in the PostgreSQL database of [`POSTGRES_URL_VARIABLE`].
    Postgres,
}

impl Backend {
    /// Whether test databases can be made on this backend here; when not, says on standard
    /// error that the test is skipped (under CI, panics instead: see the module's
    /// documentation).
    #[must_use]
    pub fn available(self) -> bool {
        match self {
            Self::Sqlite => true,
            #[cfg(feature = "postgres")]
            Self::Postgres => postgres_url().is_some(),
            #[cfg(not(feature = "postgres"))]
            Self::Postgres => {
                postgres_skipped("this build has no `postgres` feature");
                false
            }
        }
    }
}

/// A store on a fresh, empty database, and the folder its files go in; both removed on drop.
pub struct TestDatabase {
    store: Arc<dyn Store>,
    backend: Backend,
    /// The SQLite file, or the PostgreSQL store's file folder.
    folder: TempDir,
    #[cfg(feature = "postgres")]
    schema: Option<postgres::Schema>,
}

impl fmt::Debug for TestDatabase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestDatabase")
            .field("backend", &self.backend)
            .field("folder", &self.folder.path())
            .finish_non_exhaustive()
    }
}

impl TestDatabase {
    /// A fresh database on `backend`; `None` when the backend is not available here (see the
    /// module's documentation).
    ///
    /// # Panics
    /// When the database cannot be created, or when PostgreSQL is not configured under CI.
    pub async fn create(backend: Backend) -> Option<Self> {
        Self::make(backend, true).await
    }

    /// A database on `backend` that nothing has opened yet: no schema, and for SQLite no file.
    /// Its store opens it on first use. For tests of what opening or migrating does.
    ///
    /// # Panics
    /// As [`create`](Self::create).
    pub async fn create_unopened(backend: Backend) -> Option<Self> {
        Self::make(backend, false).await
    }

    async fn make(backend: Backend, opened: bool) -> Option<Self> {
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        let folder = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => {
                let path = folder.path().join("test.sqlite");
                let store = if opened {
                    #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
                    SqliteStore::open(path).await.unwrap()
                } else {
                    SqliteStore::new(path)
                };
                Some(Self {
                    store: Arc::new(store),
                    backend,
                    folder,
                    #[cfg(feature = "postgres")]
                    schema: None,
                })
            }
            Backend::Postgres => Self::postgres(folder, opened).await,
        }
    }

    #[cfg(feature = "postgres")]
    async fn postgres(folder: TempDir, opened: bool) -> Option<Self> {
        let url = postgres_url()?;
        let schema = postgres::Schema::create(&url).await;
        let files = folder.path().join("files");
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        let store = if opened {
            crate::PostgresStore::open(&schema.url(), files)
                .await
                .unwrap()
        } else {
            crate::PostgresStore::new(&schema.url(), files).unwrap()
        };
        Some(Self {
            store: Arc::new(store),
            backend: Backend::Postgres,
            folder,
            schema: Some(schema),
        })
    }

    #[cfg(not(feature = "postgres"))]
    async fn postgres(_folder: TempDir, _opened: bool) -> Option<Self> {
        postgres_skipped("this build has no `postgres` feature");
        None
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }

    /// Which backend it is on.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database as `--db` (`CALLREPORT_DB`) names it: the SQLite file, or the PostgreSQL
    /// URL with the database's schema on its search path.
    ///
    /// # Panics
    /// Never: a PostgreSQL test database always has its schema.
    #[must_use]
    pub fn setting(&self) -> String {
        match self.backend {
            Backend::Sqlite => self.folder.path().join("test.sqlite").display().to_string(),
            #[cfg(feature = "postgres")]
            #[allow(clippy::unwrap_used, reason = "made with its schema")]
            Backend::Postgres => self.schema.as_ref().unwrap().url(),
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => unreachable!("no PostgreSQL test database without the feature"),
        }
    }

    /// The temporary folder the database's files are in.
    #[must_use]
    pub fn folder(&self) -> &std::path::Path {
        self.folder.path()
    }

    /// Makes every later write of the call `call_id` fail, as a database fault would: a
    /// trigger refusing its row. For tests of what a failed write leaves behind.
    ///
    /// # Panics
    /// When the trigger cannot be made.
    pub async fn refuse_call(&self, call_id: &str) {
        // Call ids are checked when decoded; quotes are doubled all the same.
        let id = call_id.replace('\'', "''");
        match self.backend {
            #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
            Backend::Sqlite => {
                let side =
                    rusqlite::Connection::open(self.folder.path().join("test.sqlite")).unwrap();
                side.execute_batch(&format!(
                    "CREATE TRIGGER refuse BEFORE INSERT ON calls WHEN NEW.call_id = '{id}' \
                     BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
                ))
                .unwrap();
            }
            #[cfg(feature = "postgres")]
            #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
            Backend::Postgres => {
                let schema = self.schema.as_ref().unwrap();
                postgres::run(
                    &schema.url(),
                    &format!(
                        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ \
                         BEGIN IF NEW.call_id = '{id}' THEN \
                         RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; \
                         CREATE TRIGGER refuse BEFORE INSERT ON calls \
                         FOR EACH ROW EXECUTE FUNCTION refuse();"
                    ),
                )
                .await;
            }
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => unreachable!("no PostgreSQL test database without the feature"),
        }
    }

    /// Records schema version `version` in the opened database, as a build with that many
    /// migrations would: for tests of a database that a newer build migrated.
    ///
    /// # Panics
    /// When the database cannot be written.
    pub async fn record_schema_version(&self, version: u32) {
        match self.backend {
            Backend::Sqlite => {
                let path = self.folder.path().join("test.sqlite");
                #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
                tokio::task::spawn_blocking(move || {
                    let conn = rusqlite::Connection::open(path).unwrap();
                    conn.pragma_update(None, "user_version", version).unwrap();
                })
                .await
                .unwrap();
            }
            #[cfg(feature = "postgres")]
            #[allow(clippy::unwrap_used, reason = "made with its schema")]
            Backend::Postgres => {
                let schema = self.schema.as_ref().unwrap();
                postgres::run(
                    &schema.url(),
                    &format!(
                        "INSERT INTO schema_migrations (version, applied_ms) VALUES ({version}, 0)"
                    ),
                )
                .await;
            }
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => unreachable!("no PostgreSQL test database without the feature"),
        }
    }

    /// Another store over the same database, as a second process would open it.
    ///
    /// # Panics
    /// When it cannot be opened.
    pub async fn reopen(&self) -> Arc<dyn Store> {
        match self.backend {
            #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
            Backend::Sqlite => Arc::new(
                SqliteStore::open(self.folder.path().join("test.sqlite"))
                    .await
                    .unwrap(),
            ),
            #[cfg(feature = "postgres")]
            #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
            Backend::Postgres => {
                let schema = self.schema.as_ref().unwrap();
                Arc::new(
                    crate::PostgresStore::open(&schema.url(), self.folder.path().join("files"))
                        .await
                        .unwrap(),
                )
            }
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => unreachable!("no PostgreSQL test database without the feature"),
        }
    }
}

/// The URL of [`POSTGRES_URL_VARIABLE`], or `None` after saying the test was skipped.
#[cfg(feature = "postgres")]
fn postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            postgres_skipped(&format!("{POSTGRES_URL_VARIABLE} is not set"));
            None
        }
    }
}

/// Says that a PostgreSQL test was skipped; under CI, fails it instead.
fn postgres_skipped(why: &str) {
    skipped("PostgreSQL", why, POSTGRES_URL_VARIABLE);
}

/// Says that a test needing `service` was skipped; under CI, fails it instead.
fn skipped(service: &str, why: &str, variable: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "a {service} test would be skipped under CI: {why}; set {variable} (.ci/run does)"
    );
    #[allow(
        clippy::print_stderr,
        reason = "a skipped test says so where the runner shows it"
    )]
    {
        eprintln!("SKIPPED on {service}: {why}");
    }
}

/// A number unique to this process's test databases.
fn next_number() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::next_number;

    /// A schema of its own for one test database, dropped (with everything in it) on drop.
    pub(super) struct Schema {
        server: String,
        name: String,
    }

    impl Schema {
        pub(super) async fn create(server: &str) -> Self {
            static CLEANED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
            CLEANED.get_or_init(|| remove_abandoned(server)).await;
            let name = format!("callreport_test_{}_{}", std::process::id(), next_number());
            let sql = format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}");
            run(server, &sql).await;
            Self {
                server: server.to_owned(),
                name,
            }
        }

        /// The server's URL with this schema first on the search path.
        pub(super) fn url(&self) -> String {
            let separator = if self.server.contains('?') { '&' } else { '?' };
            format!(
                "{}{separator}options=-c%20search_path%3D{}",
                self.server, self.name
            )
        }
    }

    impl Drop for Schema {
        fn drop(&mut self) {
            let server = self.server.clone();
            let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name);
            // Not waited for: the drop may run on a runtime's thread, and a connection of the
            // test's store, driven by that runtime, may still hold locks the drop waits for
            // (a test that panicked inside a transaction). What a process leaves behind when
            // it exits first, the next one removes (`remove_abandoned`).
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(run(&server, &sql));
                }
            });
        }
    }

    /// Drops the test schemas of processes that are gone (their number is in the name).
    async fn remove_abandoned(server: &str) {
        if !cfg!(target_os = "linux") {
            return;
        }
        let Ok((client, connection)) = tokio_postgres::connect(server, tokio_postgres::NoTls).await
        else {
            return;
        };
        let connection = tokio::spawn(connection);
        let names = client
            .query(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'callreport\\_test\\_%'",
                &[],
            )
            .await
            .unwrap_or_default();
        for row in names {
            let name: String = row.get(0);
            let process = name.split('_').nth(2).unwrap_or_default();
            if !process.is_empty() && !std::path::Path::new("/proc").join(process).exists() {
                let _ = client
                    .batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                    .await;
            }
        }
        drop(client);
        let _ = connection.await;
    }

    #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
    pub(super) async fn run(server: &str, sql: &str) {
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
            .await
            .unwrap();
        let connection = tokio::spawn(connection);
        client.batch_execute(sql).await.unwrap();
        drop(client);
        let _ = connection.await;
    }
}
