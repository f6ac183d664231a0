//! The typed client against the workspace's own server, and against a server that misbehaves.

#[cfg(feature = "blocking")]
mod blocking;
mod download;
mod endpoints;
mod faults;
mod limits;
mod paging;
mod recording_redirects;
mod send;
mod spans;

use std::time::Duration;

use callreport_http::client::{Client, RetryPolicy};
use callreport_model::{Auth, UserId};
use callreport_store::demo;

use callreport_http::testing::{self, Fault, ReceivedRequest};

use crate::support::TestServer;

/// A client of `server` with the main demo account's session and quick retries.
pub(crate) fn session_client(server: &TestServer) -> Client {
    client_with(
        &format!("http://{}", server.addr),
        Auth::session(demo::MAIN.session),
    )
}

/// A client of `server` with the main demo account's user id and token.
pub(crate) fn token_client(server: &TestServer) -> Client {
    let auth = Auth::token(UserId::new(demo::MAIN.user_id).unwrap(), demo::MAIN.token);
    client_with(&format!("http://{}", server.addr), auth)
}

pub(crate) fn client_with(base_url: &str, auth: Auth) -> Client {
    Client::builder()
        .base_url(base_url)
        .auth(auth)
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(10)))
        .build()
        .unwrap()
}

/// A test server that answers every request from `script`: request number `n` (from 0) and the
/// request, to the answer.
pub(crate) async fn scripted(
    script: impl Fn(usize, &ReceivedRequest) -> Fault + Send + Sync + 'static,
) -> testing::TestServer {
    let server = testing::TestServer::builder().calls(0).start().unwrap();
    server.script(move |n, request| Some(script(n, request)));
    server
}
