//! Graceful shutdown: requests in flight finish, new connections are refused.

use std::sync::Arc;
use std::time::Duration;

use callreport_http::ServerConfig;
use callreport_model::{Auth, CallId, RecordingLocator, ReportFilter, UserId};
use callreport_store::{
    Account, CallPage, CallQuery, ImportCall, ImportOutcome, RecordingLookup, Store, StoreFuture,
    StoredCall,
};
use http::Method;
use serde_json::json;

use crate::support::{Demo, TestServer, local, send, with_session};

/// A store whose counts take a while.
#[derive(Debug)]
struct SlowStore(Arc<dyn Store>);

impl Store for SlowStore {
    fn authenticate(&self, auth: &Auth) -> StoreFuture<Option<Account>> {
        self.0.authenticate(auth)
    }

    fn call(&self, account: &Account, call_id: &CallId) -> StoreFuture<Option<StoredCall>> {
        self.0.call(account, call_id)
    }

    fn list(&self, account: &Account, query: &CallQuery) -> StoreFuture<CallPage> {
        self.0.list(account, query)
    }

    fn count(&self, account: &Account, filter: &ReportFilter) -> StoreFuture<u64> {
        let count = self.0.count(account, filter);
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(400)).await;
            count.await
        })
    }

    fn recording(&self, locator: &RecordingLocator) -> StoreFuture<RecordingLookup> {
        self.0.recording(locator)
    }

    fn import(&self, user_id: &UserId, calls: Vec<ImportCall>) -> StoreFuture<ImportOutcome> {
        self.0.import(user_id, calls)
    }
}

#[tokio::test]
async fn requests_in_flight_finish_when_the_server_stops() {
    let demo = Demo::new().await;
    let store = Arc::new(SlowStore(demo.store.clone()));
    let mut server = TestServer::over(store, ServerConfig::new(local())).await;
    let addr = server.addr;
    let body = with_session(json!({})).to_string();
    let in_flight = tokio::spawn(async move {
        send(
            addr,
            Method::POST,
            "/api/v2/CallReport/reportCount",
            &[],
            body.into(),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stopped = server.stop();
    let reply = in_flight.await.unwrap();
    assert_eq!(reply.json(), json!({"data": {"cnt": 300}}));
    tokio::time::timeout(Duration::from_secs(5), stopped)
        .await
        .unwrap()
        .unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
