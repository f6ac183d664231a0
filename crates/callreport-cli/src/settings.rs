//! The settings every client command shares: flags (accepted after any subcommand), then the
//! environment, then the profile, then defaults. Secrets come from the environment or from a
//! file only its owner can read, never from the command line.

use std::path::PathBuf;
use std::time::Duration;

use callreport_http::client::{Client, RetryPolicy};
use callreport_model::{Auth, UserId};
use chrono_tz::Tz;
use clap::Args;

use crate::exit::Failure;
use crate::profile::{self, Profile};
use crate::time_zone;

/// Seconds one request may take, by default.
const DEFAULT_TIMEOUT: u64 = 60;
/// Seconds a download may go without a byte, by default.
const DEFAULT_STALL_TIMEOUT: u64 = 30;
/// Attempts per request, by default.
const DEFAULT_ATTEMPTS: u32 = 4;

/// The environment variables the client commands read, for every `--help`.
pub(crate) const ENVIRONMENT_HELP: &str = "Environment: CALLREPORT_SSID (a session id), or CALLREPORT_USER_ID with \
CALLREPORT_TOKEN: the credentials; CALLREPORT_BASE_URL, CALLREPORT_TZ, CALLREPORT_PROFILE, \
CALLREPORT_CONFIG: as the flags of the same name; NO_COLOR: no colour in messages.";

/// Options of every command, accepted before or after the subcommand.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct GlobalArgs {
    /// The profile to use from the config file [default: the profile named "default", if any].
    #[arg(long, global = true, env = "CALLREPORT_PROFILE", value_name = "NAME")]
    profile: Option<String>,
    /// The config file [default: callreport/config.toml in the platform's config folder].
    #[arg(long, global = true, env = "CALLREPORT_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// The time zone of dates and times given without an offset, and of times shown: an IANA
    /// name such as Asia/Kolkata, UTC or Europe/London [default: Asia/Kolkata, the provider's].
    #[arg(long, global = true, env = "CALLREPORT_TZ", value_name = "ZONE")]
    tz: Option<String>,
    /// The API's base URL: the provider's, or a local `callreport serve`
    /// [default: `https://v4-api.deepcall.com`].
    #[arg(long, global = true, env = "CALLREPORT_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// The account's user id, with the token in CALLREPORT_TOKEN.
    #[arg(long, global = true, env = "CALLREPORT_USER_ID", value_name = "ID")]
    user_id: Option<String>,
    /// Seconds one request may take; also the deadline of a whole download and of a wait for
    /// an export built on the server [default: 60].
    #[arg(long, global = true, value_name = "SECONDS")]
    timeout: Option<u64>,
    /// Seconds a download may go without receiving a byte [default: 30].
    #[arg(long, global = true, value_name = "SECONDS")]
    stall_timeout: Option<u64>,
    /// Attempts per request, the first included (1: no retries) [default: 4].
    #[arg(long, global = true, value_name = "N")]
    attempts: Option<u32>,
}

/// The resolved settings of a client command.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) base_url: String,
    pub(crate) zone: Tz,
    pub(crate) timeout: Duration,
    stall_timeout: Duration,
    attempts: u32,
    user_id: Option<String>,
    profile: Profile,
}

impl GlobalArgs {
    /// Flags over environment over profile over defaults.
    pub(crate) fn resolve(&self) -> Result<Settings, Failure> {
        let profile = profile::load(self.config.as_deref(), self.profile.as_deref())?;
        let zone_name = self.tz.as_deref().or(profile.tz.as_deref());
        let zone = zone_name.map_or(Ok(time_zone::PROVIDER), time_zone::parse)?;
        Ok(Settings {
            base_url: self
                .base_url
                .clone()
                .or_else(|| profile.base_url.clone())
                .unwrap_or_else(|| callreport_http::client::DEFAULT_BASE_URL.to_owned()),
            zone,
            timeout: Duration::from_secs(
                self.timeout
                    .or(profile.timeout)
                    .unwrap_or(DEFAULT_TIMEOUT)
                    .max(1),
            ),
            stall_timeout: Duration::from_secs(
                self.stall_timeout
                    .or(profile.stall_timeout)
                    .unwrap_or(DEFAULT_STALL_TIMEOUT)
                    .max(1),
            ),
            attempts: self
                .attempts
                .or(profile.attempts)
                .unwrap_or(DEFAULT_ATTEMPTS),
            user_id: self.user_id.clone().or_else(|| profile.user_id.clone()),
            profile,
        })
    }
}

impl Settings {
    /// The client, with the credentials from the environment or the profile's secret files.
    pub(crate) fn client(&self) -> Result<Client, Failure> {
        Client::builder()
            .base_url(&self.base_url)
            .auth(self.auth()?)
            .timeout(self.timeout)
            .stall_timeout(self.stall_timeout)
            .retry_policy(RetryPolicy::new(self.attempts, Duration::from_millis(250)))
            .on_retry(|event| tracing::warn!(endpoint = event.endpoint, attempt = event.attempt, delay = ?event.delay, "{}; retrying", event.error))
            .build()
            .map_err(Failure::from)
    }

    /// The account's user id, from the flag, the environment or the profile.
    pub(crate) fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// The profile's default report format, if it sets one.
    pub(crate) fn default_format(&self) -> Option<&str> {
        self.profile.format.as_deref()
    }

    fn auth(&self) -> Result<Auth, Failure> {
        let from_env = |name: &str| std::env::var(name).ok().filter(|s| !s.is_empty());
        let ssid = match from_env("CALLREPORT_SSID") {
            Some(ssid) => Some(ssid),
            None => self
                .profile
                .ssid_file
                .as_deref()
                .map(profile::read_secret_file)
                .transpose()?,
        };
        let token = match from_env("CALLREPORT_TOKEN") {
            Some(token) => Some(token),
            None if ssid.is_none() => self
                .profile
                .token_file
                .as_deref()
                .map(profile::read_secret_file)
                .transpose()?,
            None => None,
        };
        match (ssid, token, &self.user_id) {
            (Some(_), Some(_), _) => Err(Failure::usage(
                "both a session id and a token are set (CALLREPORT_SSID and CALLREPORT_TOKEN, or the profile's files); the API takes one or the other: unset one",
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
                "no credentials: set CALLREPORT_SSID, or CALLREPORT_USER_ID and CALLREPORT_TOKEN, or a profile's ssid-file or token-file (`callreport serve --demo` prints demo ones)",
            )),
        }
    }
}

fn parse_user_id(text: &str) -> Result<UserId, Failure> {
    UserId::new(text).map_err(|error| Failure::usage(error.to_string()))
}
