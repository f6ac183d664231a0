//! Where the API is and who is asking: flags and environment, never secrets on the command line.

use std::time::Duration;

use callreport_http::client::{Client, RetryPolicy};
use callreport_model::{Auth, UserId};
use clap::Args;

use crate::exit::Failure;

/// Connection options shared by the client commands.
#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    /// The API's base URL: the provider's, or a local `callreport serve`.
    #[arg(long, env = "CALLREPORT_BASE_URL", default_value = callreport_http::client::DEFAULT_BASE_URL)]
    base_url: String,
    /// The account's user id, with the token in CALLREPORT_TOKEN.
    #[arg(long, env = "CALLREPORT_USER_ID")]
    user_id: Option<String>,
    /// Seconds one request may take; also the deadline of a whole download and of a wait for
    /// an export built on the server.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Seconds a download may go without receiving a byte.
    #[arg(long, default_value_t = 30)]
    stall_timeout: u64,
    /// Attempts per request, the first included (1: no retries).
    #[arg(long, default_value_t = 4)]
    attempts: u32,
}

impl ConnectArgs {
    /// The client, with credentials from CALLREPORT_SSID, or CALLREPORT_USER_ID (or
    /// `--user-id`) and CALLREPORT_TOKEN.
    pub(crate) fn client(&self) -> Result<Client, Failure> {
        Client::builder()
            .base_url(&self.base_url)
            .auth(self.auth()?)
            .timeout(Duration::from_secs(self.timeout.max(1)))
            .stall_timeout(Duration::from_secs(self.stall_timeout.max(1)))
            .retry_policy(RetryPolicy::new(self.attempts, Duration::from_millis(250)))
            .on_retry(|event| tracing::warn!(endpoint = event.endpoint, attempt = event.attempt, delay = ?event.delay, "{}; retrying", event.error))
            .build()
            .map_err(Failure::from)
    }

    fn auth(&self) -> Result<Auth, Failure> {
        let ssid = std::env::var("CALLREPORT_SSID")
            .ok()
            .filter(|s| !s.is_empty());
        let token = std::env::var("CALLREPORT_TOKEN")
            .ok()
            .filter(|s| !s.is_empty());
        match (ssid, token, &self.user_id) {
            (Some(_), Some(_), _) => Err(Failure::usage(
                "both CALLREPORT_SSID and CALLREPORT_TOKEN are set; the API takes one or the other: unset one",
            )),
            (Some(ssid), None, user_id) => {
                let mut auth = Auth::session(ssid);
                if let (Auth::Session { user_id: slot, .. }, Some(id)) = (&mut auth, user_id) {
                    *slot = Some(parse_user_id(id)?);
                }
                Ok(auth)
            }
            (None, Some(token), Some(user_id)) => Ok(Auth::token(parse_user_id(user_id)?, token)),
            (None, Some(_), None) => Err(Failure::usage(
                "CALLREPORT_TOKEN needs a user id: set CALLREPORT_USER_ID or pass --user-id",
            )),
            (None, None, _) => Err(Failure::usage(
                "no credentials: set CALLREPORT_SSID, or CALLREPORT_USER_ID and CALLREPORT_TOKEN (`callreport serve --demo` prints demo ones)",
            )),
        }
    }
}

fn parse_user_id(text: &str) -> Result<UserId, Failure> {
    UserId::new(text).map_err(|error| Failure::usage(error.to_string()))
}
