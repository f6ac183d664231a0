//! An in-process Call Report server for tests: generated calls, calls of your own, both
//! credential styles, scripted faults, and a record of every request.
//!
//! [`TestServer::start`] serves the same API as `callreport serve` on a free loopback port,
//! from a temporary SQLite store holding one [`TestAccount`] with generated calls. It runs on
//! a thread of its own, so it works with any client (async or blocking, this crate's or any
//! other) and from any test, `#[test]` or `#[tokio::test]`. Dropping it stops it.
//!
//! ```
//! use std::time::Duration;
//! use callreport_http::client::{Client, RetryPolicy};
//! use callreport_http::testing::{Fault, On, TestServer};
//! use callreport_model::{ApiCode, CountCalls, Endpoint, ReportFilter};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = TestServer::builder().calls(25).start()?;
//! // The provider's database is down for the next two counts.
//! server.fail_next_on(On::Endpoint(Endpoint::ReportCount), 2, Fault::api_error(ApiCode::DatabaseUnavailable));
//!
//! let client = Client::builder()
//!     .base_url(server.base_url())
//!     .auth(server.account().session_auth())
//!     .retry_policy(RetryPolicy::new(3, Duration::from_millis(10)))
//!     .build()?;
//! let count = client.count(&CountCalls::new(ReportFilter::new())).await?;
//!
//! assert_eq!(count, 25);
//! assert_eq!(server.requests().len(), 3, "two faults, then the answer");
//! # Ok(())
//! # }
//! ```
//!
//! The server speaks HTTP/1.1 and answers one request per connection (`Connection: close`), so
//! every request passes the fault script.

mod account;
mod fault;
mod front;
mod received;
mod script;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use callreport_model::Call;
use callreport_store::demo::add_calls_with_recordings;
use callreport_store::{ImportCall, SqliteStore, Store, StoreError};
use tempfile::TempDir;

pub use self::account::TestAccount;
pub use self::fault::Fault;
use self::front::FrontState;
pub use self::received::ReceivedRequest;
pub use self::script::On;
use crate::error::ServeError;
use crate::server::{Server, ServerConfig};

/// Calls generated when the builder is not told a count.
pub const DEFAULT_CALLS: u64 = 100;
/// The generator's seed when the builder is not told one.
pub const DEFAULT_SEED: u64 = 1;

/// Why a test server could not start, or could not take calls.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestServerError {
    /// The server's thread, runtime, folder or socket could not be set up.
    #[error("the test server cannot start: {0}")]
    Start(#[source] std::io::Error),
    /// The server could not bind.
    #[error("the test server cannot start")]
    Serve(#[source] ServeError),
    /// The store refused.
    #[error("the test server's store failed")]
    Store(#[source] StoreError),
    /// A raw document given to [`TestServer::add_documents`] is not a call.
    #[error("document {index} is not a call")]
    Document {
        /// Its place among the documents given, from 0.
        index: usize,
        /// Why it is not a call (with the path of the field).
        #[source]
        source: callreport_model::DecodeError,
    },
}

/// Sets up a [`TestServer`].
#[must_use]
pub struct TestServerBuilder {
    calls: u64,
    seed: u64,
    configure: Box<dyn FnOnce(ServerConfig) -> ServerConfig + Send>,
}

impl TestServerBuilder {
    /// How many generated calls the account holds (default [`DEFAULT_CALLS`]).
    pub fn calls(mut self, calls: u64) -> Self {
        self.calls = calls;
        self
    }

    /// The seed of the generated calls (default [`DEFAULT_SEED`]): the same seed and count
    /// give the same calls.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Changes the server's configuration (export limits, timeouts, …). The address and the
    /// public base URL are the test server's own and are set after this.
    pub fn configure(
        mut self,
        configure: impl FnOnce(ServerConfig) -> ServerConfig + Send + 'static,
    ) -> Self {
        self.configure = Box::new(configure);
        self
    }

    /// Starts the server: a temporary store with the account and its calls, the server on a
    /// free loopback port, and the front that scripts faults.
    ///
    /// # Errors
    /// [`TestServerError`] when the runtime, the folder, the store or a socket cannot be set up.
    pub fn start(self) -> Result<TestServer, TestServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("callreport-test-server")
            .enable_all()
            .build()
            .map_err(TestServerError::Start)?;
        let folder = tempfile::tempdir().map_err(TestServerError::Start)?;
        let account = TestAccount::new(self.seed);
        let started = run_on(
            &runtime,
            start(folder.path().to_owned(), account.clone(), self),
        )?;
        Ok(TestServer {
            base_url: started.base_url,
            account,
            state: started.state,
            store: started.store,
            runtime: Some(runtime),
            _folder: folder,
        })
    }
}

impl fmt::Debug for TestServerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestServerBuilder")
            .field("calls", &self.calls)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}

/// A running test server. Dropping it stops it and removes its files.
pub struct TestServer {
    base_url: String,
    account: TestAccount,
    state: Arc<FrontState>,
    store: Arc<SqliteStore>,
    runtime: Option<tokio::runtime::Runtime>,
    _folder: TempDir,
}

impl TestServer {
    /// A server whose account holds [`DEFAULT_CALLS`] generated calls.
    ///
    /// # Panics
    /// When it cannot start (see [`TestServerBuilder::start`] for the errors): a test cannot go
    /// on without it.
    #[must_use]
    pub fn start() -> Self {
        Self::builder()
            .start()
            .unwrap_or_else(|error| panic!("{}", error_chain(&error)))
    }

    /// A builder: the number of calls, their seed, the server's configuration.
    pub fn builder() -> TestServerBuilder {
        TestServerBuilder {
            calls: DEFAULT_CALLS,
            seed: DEFAULT_SEED,
            configure: Box::new(|config| config),
        }
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The account, its credentials and its calls' generator.
    #[must_use]
    pub fn account(&self) -> &TestAccount {
        &self.account
    }

    /// Adds calls to the account (a call with the same id is replaced); their recordings are
    /// registered as short silent clips, so they can be downloaded. Returns how many were
    /// stored.
    ///
    /// # Errors
    /// [`TestServerError::Store`] when the store refuses.
    pub fn add_calls(&self, calls: impl IntoIterator<Item = Call>) -> Result<u64, TestServerError> {
        let imports: Vec<ImportCall> = calls
            .into_iter()
            .map(|call| ImportCall::new(call.to_json(), call))
            .collect();
        self.import(imports)
    }

    /// Adds calls from raw documents (one call's JSON each, as `detail` answers it in
    /// `data`), stored exactly as given: unknown keys and the provider's spellings are served
    /// back as they are. Returns how many were stored.
    ///
    /// # Errors
    /// [`TestServerError::Document`] when a document is not a call (nothing is stored), and
    /// [`TestServerError::Store`] when the store refuses.
    pub fn add_documents<D: Into<String>>(
        &self,
        documents: impl IntoIterator<Item = D>,
    ) -> Result<u64, TestServerError> {
        let imports = documents
            .into_iter()
            .enumerate()
            .map(|(index, document)| {
                let document = document.into();
                Call::from_json(&document)
                    .map(|call| ImportCall::new(document, call))
                    .map_err(|source| TestServerError::Document { index, source })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.import(imports)
    }

    fn import(&self, imports: Vec<ImportCall>) -> Result<u64, TestServerError> {
        let store = Arc::clone(&self.store);
        let user_id = self.account.user_id().clone();
        let runtime = self.runtime()?;
        run_on(runtime, async move {
            let stored =
                add_calls_with_recordings(store.as_ref(), &user_id, imports.into_iter()).await;
            stored.map_err(TestServerError::Store)
        })
    }

    /// Answers the next `times` requests, whatever they are, with `fault`.
    pub fn fail_next(&self, times: usize, fault: Fault) {
        self.fail_next_on(On::Any, times, fault);
    }

    /// Answers the next `times` requests that `on` selects with `fault`. Planned faults are
    /// used in the order they were planned; requests they do not select get the server's own
    /// answer.
    pub fn fail_next_on(&self, on: On, times: usize, fault: Fault) {
        self.state.script().plan(on, times, fault);
    }

    /// Answers requests with a function of the request's number (from 0, counting every
    /// request received) and the request: `Some(fault)`, or `None` for the server's own answer
    /// (then planned faults apply). Replaces an earlier script.
    pub fn script(
        &self,
        script: impl Fn(usize, &ReceivedRequest) -> Option<Fault> + Send + Sync + 'static,
    ) {
        self.state.script().set_script(Arc::new(script));
    }

    /// Forgets the script and every planned fault not used yet.
    pub fn clear_faults(&self) {
        self.state.script().clear();
    }

    /// Every request received so far, in order.
    #[must_use]
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.state.received().clone()
    }

    /// Forgets the requests received so far (request numbers go on counting from 0 again).
    pub fn clear_requests(&self) {
        self.state.received().clear();
    }

    /// Body bytes that streamed faults ([`Fault::stream`], [`Fault::endless_body`]) got onto
    /// the wire.
    #[must_use]
    pub fn streamed_bytes(&self) -> u64 {
        self.state.streamed.load(Ordering::Relaxed)
    }

    fn runtime(&self) -> Result<&tokio::runtime::Runtime, TestServerError> {
        self.runtime.as_ref().ok_or_else(|| {
            TestServerError::Start(std::io::Error::other("the test server has stopped"))
        })
    }
}

impl fmt::Debug for TestServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestServer")
            .field("base_url", &self.base_url)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Allowed anywhere, even inside another runtime; the tasks are dropped with it.
            runtime.shutdown_background();
        }
    }
}

/// What [`start`] hands back.
struct Started {
    base_url: String,
    state: Arc<FrontState>,
    store: Arc<SqliteStore>,
}

async fn start(
    folder: PathBuf,
    account: TestAccount,
    builder: TestServerBuilder,
) -> Result<Started, TestServerError> {
    let store = Arc::new(
        SqliteStore::open(folder.join("calls.sqlite"))
            .await
            .map_err(TestServerError::Store)?,
    );
    account
        .create(store.as_ref())
        .await
        .map_err(TestServerError::Store)?;
    let calls = account
        .generator()
        .take(usize::try_from(builder.calls).unwrap_or(usize::MAX))
        .map(|call| ImportCall::new(call.to_json(), call));
    add_calls_with_recordings(store.as_ref(), account.user_id(), calls)
        .await
        .map_err(TestServerError::Store)?;
    store
        .refresh_statistics()
        .await
        .map_err(TestServerError::Store)?;

    let front = tokio::net::TcpListener::bind(loopback())
        .await
        .map_err(TestServerError::Start)?;
    let front_addr = front.local_addr().map_err(TestServerError::Start)?;
    let base_url = format!("http://{front_addr}");
    let config = (builder.configure)(ServerConfig::new(loopback()));
    let mut config = config
        .public_base_url(&base_url)
        .map_err(|error| TestServerError::Start(std::io::Error::other(error)))?;
    config.addr = loopback();
    let shared: Arc<dyn Store> = Arc::clone(&store) as Arc<dyn Store>;
    let server = Server::bind(config, shared)
        .await
        .map_err(TestServerError::Serve)?;
    let server_addr = server.local_addr();
    tokio::spawn(server.run(std::future::pending()));
    let state = Arc::new(FrontState::default());
    tokio::spawn(front::run(front, server_addr, Arc::clone(&state)));
    Ok(Started {
        base_url,
        state,
        store,
    })
}

fn loopback() -> std::net::SocketAddr {
    std::net::SocketAddr::from(([127, 0, 0, 1], 0))
}

/// Runs `work` on the server's runtime and waits for it, from any thread, in a runtime or not.
fn run_on<T: Send + 'static>(
    runtime: &tokio::runtime::Runtime,
    work: impl Future<Output = Result<T, TestServerError>> + Send + 'static,
) -> Result<T, TestServerError> {
    let (sender, receiver) = mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _ = sender.send(work.await);
    });
    receiver.recv().unwrap_or_else(|_| {
        Err(TestServerError::Start(std::io::Error::other(
            "the test server's runtime stopped",
        )))
    })
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
