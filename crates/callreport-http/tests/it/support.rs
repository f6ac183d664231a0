//! A server over a small demo database on 127.0.0.1:0, and a raw HTTP client for it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use callreport_http::{Server, ServerConfig};
use callreport_model::generate::Generator;
use callreport_model::{Auth, CallId, RecordingLocator, ReportFilter, UserId};
use callreport_store::demo::{self, DemoSummary};
use callreport_store::testing::{Backend, TestDatabase};
use callreport_store::{
    Account, CallPage, CallQuery, CredentialKind, ImportCall, ImportOutcome, Permissions,
    RecordingLookup, Store, StoreError, StoreFuture, StoredCall,
};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Calls of the main demo account in test databases.
pub(crate) const CALLS: u64 = 300;

/// A second account with `LIST_CALL_LOG`, for cross-account checks.
pub(crate) const OTHER_USER: &str = "20000001";
pub(crate) const OTHER_TOKEN: &str = "other-token-20000001";
pub(crate) const OTHER_RECORDING_TOKEN: &str = "other-recording-20000001";
pub(crate) const OTHER_CALLS: u64 = 40;

/// The `Host` the client sends, and the host of the test servers' public base URL, so
/// recording links in snapshots do not depend on the port.
pub(crate) const HOST: &str = "callreport.test";

/// A test server's configuration: a free port, links under `http://` [`HOST`], and room for
/// the many bad credentials the error tests send (`limits` tests the failure limit).
pub(crate) fn config() -> ServerConfig {
    ServerConfig::new(local())
        .public_base_url(&format!("http://{HOST}"))
        .unwrap()
        .auth_failure_limit(10_000, 60)
}

tokio::task_local! {
    /// The backend the running test's demo databases are made on (SQLite when unset).
    static BACKEND: Backend;
}

/// A test body run on each backend: `async fn name() { … }` becomes the tests `name::sqlite`
/// and `name::postgres`, every demo database of the body made on that backend (the
/// PostgreSQL one is skipped, saying so, where no server is configured; under CI it fails).
macro_rules! on_each_backend {
    ($(#[$attribute:meta])* async fn $name:ident() $body:block) => {
        $(#[$attribute])*
        mod $name {
            #[allow(clippy::wildcard_imports, reason = "the body sees its file's imports")]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                crate::support::on(callreport_store::testing::Backend::Sqlite, async $body).await;
            }

            #[tokio::test]
            async fn postgres() {
                crate::support::on(callreport_store::testing::Backend::Postgres, async $body)
                    .await;
            }
        }
    };
}
pub(crate) use on_each_backend;

/// Runs `body` with its demo databases on `backend`, if the backend is available here.
pub(crate) async fn on(backend: Backend, body: impl Future<Output = ()>) {
    if backend.available() {
        BACKEND.scope(backend, body).await;
    }
}

/// A demo database in a temporary folder (SQLite) or schema (PostgreSQL).
pub(crate) struct Demo {
    _db: TestDatabase,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) summary: DemoSummary,
}

impl Demo {
    pub(crate) async fn new() -> Self {
        Self::with_calls(CALLS).await
    }

    /// A demo database whose main account holds `calls` calls.
    pub(crate) async fn with_calls(calls: u64) -> Self {
        let backend = BACKEND
            .try_with(|backend| *backend)
            .unwrap_or(Backend::Sqlite);
        let db = TestDatabase::create(backend)
            .await
            .expect("the backend was checked before the test started");
        let store = db.store();
        let summary = demo::prepare(store.as_ref(), calls).await.unwrap();
        let other = UserId::new(OTHER_USER).unwrap();
        store
            .ensure_account(&other, Permissions::list_call_log())
            .await
            .unwrap();
        store
            .add_credential(&other, CredentialKind::Token, OTHER_TOKEN, None)
            .await
            .unwrap();
        store
            .add_credential(
                &other,
                CredentialKind::Recording,
                OTHER_RECORDING_TOKEN,
                None,
            )
            .await
            .unwrap();
        let generator = Generator::new(77)
            .user_id(other.clone())
            .recording_token(OTHER_RECORDING_TOKEN);
        demo::add_generated_calls(store.as_ref(), &other, generator, OTHER_CALLS)
            .await
            .unwrap();
        Self {
            _db: db,
            store,
            summary,
        }
    }
}

/// A running server and the way to stop it.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) demo: Option<Demo>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestServer {
    /// A server over a fresh demo database.
    pub(crate) async fn start() -> Self {
        Self::start_with_calls(CALLS).await
    }

    /// A server over a fresh demo database whose main account holds `calls` calls.
    pub(crate) async fn start_with_calls(calls: u64) -> Self {
        let demo = Demo::with_calls(calls).await;
        let mut server = Self::over(demo.store.clone(), config()).await;
        server.demo = Some(demo);
        server
    }

    /// A server over any store.
    pub(crate) async fn over(store: Arc<dyn Store>, config: ServerConfig) -> Self {
        let server = Server::bind(config, store).await.unwrap();
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            demo: None,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.demo.as_ref().unwrap().store.as_ref()
    }

    /// Asks the server to stop; the returned handle ends when it has.
    pub(crate) fn stop(&mut self) -> JoinHandle<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.take().unwrap()
    }

    pub(crate) async fn post(&self, path: &str, body: impl Into<Bytes>) -> Reply {
        self.request(Method::POST, path, &[], body.into()).await
    }

    /// POSTs a JSON value.
    pub(crate) async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.post(path, body.to_string()).await
    }

    pub(crate) async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request(Method::GET, path, headers, Bytes::new()).await
    }

    pub(crate) async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Reply {
        send(self.addr, method, path, headers, body).await
    }
}

pub(crate) fn local() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// One request on a fresh connection.
pub(crate) async fn send(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> Reply {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(body)).unwrap();
    let response = sender.send_request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {:?}", self.text()))
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts HTTP 200 and the exact error body.
    pub(crate) fn assert_api_error(&self, code: u32, message: &str) {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        assert_eq!(
            self.json(),
            serde_json::json!({"status": "error", "message": message, "code": code})
        );
    }
}

/// The main demo account's session, for request bodies.
pub(crate) fn session() -> Value {
    serde_json::json!({"ssid": demo::MAIN.session})
}

/// A body: the main demo account's session plus `params`.
pub(crate) fn with_session(params: Value) -> Value {
    let mut body = session();
    if let (Value::Object(body), Value::Object(params)) = (&mut body, params) {
        body.extend(params);
    }
    body
}

/// A body: the main demo account's user id and token plus `params`.
pub(crate) fn with_token(params: Value) -> Value {
    let mut body = serde_json::json!({"userId": demo::MAIN.user_id, "token": demo::MAIN.token});
    if let (Value::Object(body), Value::Object(params)) = (&mut body, params) {
        body.extend(params);
    }
    body
}

/// A store that can be switched off (every operation answers "unavailable") and that panics
/// when asked for the call `panic`: the faults the server must survive.
#[derive(Debug)]
pub(crate) struct FaultyStore {
    pub(crate) inner: Arc<dyn Store>,
    pub(crate) down: AtomicBool,
}

impl FaultyStore {
    pub(crate) fn new(inner: Arc<dyn Store>) -> Self {
        Self {
            inner,
            down: AtomicBool::new(false),
        }
    }

    fn unavailable<T: Send + 'static>(&self) -> Option<StoreFuture<T>> {
        self.down.load(Ordering::SeqCst).then(|| {
            let cause = callreport_store::Cause::new("switched off by the test");
            Box::pin(async move { Err(StoreError::Unavailable(cause)) }) as StoreFuture<T>
        })
    }
}

impl Store for FaultyStore {
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.authenticate(auth))
    }

    fn call(&self, account: &Account, call_id: &CallId) -> StoreFuture<Option<StoredCall>> {
        assert_ne!(call_id.as_str(), "panic", "the test asked for a panic");
        self.unavailable()
            .unwrap_or_else(|| self.inner.call(account, call_id))
    }

    fn list(&self, account: &Account, query: &CallQuery) -> StoreFuture<CallPage> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.list(account, query))
    }

    fn count(&self, account: &Account, filter: &ReportFilter) -> StoreFuture<u64> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.count(account, filter))
    }

    fn recording(&self, locator: &RecordingLocator) -> StoreFuture<RecordingLookup> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.recording(locator))
    }

    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.import(user_id, calls))
    }

    fn push_account(&self, key: &str) -> StoreFuture<Option<Account>> {
        self.unavailable()
            .unwrap_or_else(|| self.inner.push_account(key))
    }
}
