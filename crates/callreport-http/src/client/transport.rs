//! Sending a request: the retry loop, same-host redirects, and reading the answer.

use std::future::Future;
use std::time::SystemTime;

use bytes::Bytes;
use callreport_model::{Endpoint, Reply, Response, ResponseData};
use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::client::body::{read_capped, read_error_body};
use crate::client::error::{Error, ErrorKind};
use crate::client::retry::{RetryEvent, parse_retry_after};
use crate::client::telemetry;
use callreport_model::NEXT_CURSOR_HEADER;

/// How many same-origin redirects one request may follow.
pub(crate) const MAX_REDIRECTS: usize = 3;

/// What a request sends, which decides the redirects it may follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sends {
    /// A body (a POST with the credentials): only 307 and 308 keep the method and the body.
    Body,
    /// Nothing but its URL (a GET): any redirect.
    Nothing,
}

/// A successful HTTP exchange's body.
pub(crate) struct Answer {
    pub(crate) body: Bytes,
    /// A list page's `nxt`, when the server repeats it in [`NEXT_CURSOR_HEADER`].
    pub(crate) next_cursor: Option<String>,
    /// The attempts it took, from 1.
    pub(crate) attempts: u32,
}

impl Client {
    /// The URL of an endpoint under the base URL.
    pub(crate) fn endpoint_url(&self, endpoint: Endpoint) -> Result<reqwest::Url, Error> {
        self.inner.base_url.join(&endpoint.path()).map_err(|_| {
            Error::new(ErrorKind::Config(
                "the base URL cannot take an API path".to_owned(),
            ))
        })
    }

    /// Whether `url` is on the configured host (scheme, host and port).
    pub(crate) fn same_origin(&self, url: &reqwest::Url) -> bool {
        let base = &self.inner.base_url;
        url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default()
    }

    /// The body of a request: credentials and parameters.
    pub(crate) fn body(&self, params: Map<String, Value>) -> Vec<u8> {
        let mut body = Map::new();
        self.inner.auth.write(&mut body);
        body.extend(params);
        Value::Object(body).to_string().into_bytes()
    }

    /// Runs `attempt` until it succeeds, fails for good, or the retry policy is used up.
    pub(crate) async fn with_retries<T, F, Fut>(
        &self,
        label: &str,
        idempotent: bool,
        attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.retrying(label, idempotent, None, attempt).await
    }

    /// Goes on with the retries of a request whose attempt number `failed.1` failed with
    /// `failed.0` (an API error found once the answer was decoded), within the same budget.
    pub(crate) async fn retry_after<T, F, Fut>(
        &self,
        label: &str,
        idempotent: bool,
        failed: (Error, u32),
        attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.retrying(label, idempotent, Some(failed), attempt)
            .await
    }

    async fn retrying<T, F, Fut>(
        &self,
        label: &str,
        idempotent: bool,
        mut failed: Option<(Error, u32)>,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let policy = &self.inner.retry;
        let retries_allowed = idempotent || policy.retry_non_idempotent;
        let mut number = failed.as_ref().map_or(1, |(_, number)| *number);
        loop {
            let outcome = match failed.take() {
                Some((error, _)) => Err(error),
                None => {
                    telemetry::record_attempt(number);
                    attempt().await
                }
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(error)
                    if retries_allowed && error.is_retryable() && number < policy.max_attempts =>
                {
                    let delay = policy.delay(number, error.retry_after(), jitter_seed(number));
                    if let Some(hook) = &self.inner.on_retry {
                        (hook.0)(&RetryEvent {
                            endpoint: label,
                            attempt: number,
                            error: &error,
                            delay,
                        });
                    }
                    telemetry::retrying(label, number, delay, &error);
                    tokio::time::sleep(delay).await;
                    number += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// POSTs a body once, following same-host redirects, and returns a 200 answer.
    pub(crate) async fn post_once(&self, endpoint: Endpoint, body: &[u8]) -> Result<Answer, Error> {
        let mut url = self.endpoint_url(endpoint)?;
        for _ in 0..=MAX_REDIRECTS {
            let response = self
                .inner
                .http
                .post(url.clone())
                .header(CONTENT_TYPE, "application/json")
                .timeout(self.inner.timeout)
                .body(body.to_vec())
                .send()
                .await
                .map_err(Error::from_reqwest)?;
            match self.redirect_target(&response, Sends::Body)? {
                Some(next) => url = next,
                None => return self.answer(response).await,
            }
        }
        Err(Error::new(ErrorKind::Config(
            "too many redirects".to_owned(),
        )))
    }

    /// For a redirect, where to; `None` for any other status. The one redirect policy of the
    /// client: only to the configured origin (scheme, host and port), as a request carries
    /// credentials (in its body, or a recording token in its URL); a request with a body only
    /// on 307 and 308, which keep the method and the body. Records the status on the
    /// operation's span.
    pub(crate) fn redirect_target(
        &self,
        response: &reqwest::Response,
        sends: Sends,
    ) -> Result<Option<reqwest::Url>, Error> {
        let status = response.status();
        telemetry::record_status(status.as_u16());
        if !status.is_redirection() {
            return Ok(None);
        }
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| response.url().join(value).ok());
        let Some(next) = location else {
            return Err(Error::http(status.as_u16(), b"", None));
        };
        if !self.same_origin(&next) {
            return Err(Error::new(ErrorKind::Redirect {
                host: next.host_str().unwrap_or("?").to_owned(),
            }));
        }
        if sends == Sends::Body && !matches!(status.as_u16(), 307 | 308) {
            return Err(Error::http(status.as_u16(), b"", None));
        }
        // A URL fetched with nothing but itself is a recording's: its path is the secret.
        let shown = (sends == Sends::Body).then(|| next.path());
        telemetry::redirected(status.as_u16(), shown);
        Ok(Some(next))
    }

    /// Reads a whole answer; a status other than 200 is an error that keeps the body.
    async fn answer(&self, response: reqwest::Response) -> Result<Answer, Error> {
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let next_cursor = response
            .headers()
            .get(NEXT_CURSOR_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let limits = self.limits();
        if status != 200 {
            let body =
                read_error_body(response, limits.max_error_body_bytes, limits.stall_timeout).await;
            // An API error envelope is the API's answer whatever the status; a 429 or 503 keeps
            // its Retry-After.
            if !matches!(status, 429 | 503)
                && let Some(error) = Response::<Value>::error_in(&body)
            {
                return Err(Error::api(error));
            }
            return Err(Error::http(status, &body, retry_after));
        }
        let body = read_capped(response, limits.max_body_bytes).await?;
        Ok(Answer {
            body,
            next_cursor,
            attempts: 1,
        })
    }

    /// POSTs to `endpoint` and decodes the answer as `T`, with retries when `idempotent`.
    /// "No data" is `Ok(None)`; an API error is an error.
    pub(crate) async fn call<T: ResponseData>(
        &self,
        endpoint: Endpoint,
        params: Map<String, Value>,
    ) -> Result<Option<T>, Error> {
        let body = self.body(params);
        self.with_retries(endpoint.segment(), endpoint.is_idempotent(), || async {
            let answer = self.post_once(endpoint, &body).await?;
            decode::<T>(&answer.body)
        })
        .await
    }
}

/// Decodes an answer; an API error becomes an [`Error`].
pub(crate) fn decode<T: ResponseData>(body: &[u8]) -> Result<Option<T>, Error> {
    let response = Response::<T>::decode(body).map_err(|error| Error::decode(&error, body))?;
    data_of(response)
}

/// The data of a decoded response, `None` for "no data", or the API's error.
pub(crate) fn data_of<T: ResponseData>(response: Response<T>) -> Result<Option<T>, Error> {
    match response.reply {
        Reply::Data(data) => Ok(Some(data)),
        Reply::NoData => Ok(None),
        Reply::Error(error) => Err(Error::api(error)),
        _ => Err(Error::new(ErrorKind::Config(
            "an answer of an unknown kind".to_owned(),
        ))),
    }
}

/// A different jitter for each retry without a random number generator dependency.
fn jitter_seed(attempt: u32) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    u64::from(nanos)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(u64::from(attempt))
        >> 33
}
