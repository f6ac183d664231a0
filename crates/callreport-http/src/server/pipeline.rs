//! What every Call Report endpoint does before and after its own work: read the body with the
//! model's request type, authenticate, check `LIST_CALL_LOG`, turn a store failure into the
//! provider's error, and answer.
//!
//! The order of the checks decides which error a bad request gets: 1047 (not JSON), then 1000
//! (a missing, invalid, unknown or conflicting parameter), then 1014 (credentials), then 1015
//! (permission), then 1010 / 1009 from the store.
//!
//! The endpoint families (`calls`, `exports`, `files`) build on this module; it knows none of
//! them.

use callreport_model::request::reject_unknown;
use callreport_model::{ApiCode, ApiError, Auth, Request, RequestError};
use callreport_store::{Account, Store, StoreError};
use http::StatusCode;

use super::respond::{self, Body};

/// What an endpoint answers: a JSON body the model wrote (HTTP 200), or a refusal.
pub(crate) type Answer = Result<Vec<u8>, Refusal>;

/// Why a request was refused.
pub(crate) enum Refusal {
    /// An API error, answered with HTTP 200.
    Api(ApiError),
    /// An HTTP-level refusal.
    Http(StatusCode, String),
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// The response for an endpoint's answer.
pub(crate) fn respond_to(answer: Answer) -> http::Response<Body> {
    match answer {
        Ok(body) => respond::api_ok(body),
        Err(Refusal::Api(error)) => respond::api_error(&error),
        Err(Refusal::Http(status, message)) => respond::http_error(status, message),
    }
}

fn request_error(error: &RequestError) -> ApiError {
    ApiError::with_message(error.api_code(), error.to_string())
}

/// Reads a body strictly: unknown parameters are refused, naming the first.
pub(crate) fn parse<R: Request>(body: &[u8]) -> Result<(Auth, R), ApiError> {
    let (auth, request) = R::from_json(body).map_err(|error| request_error(&error))?;
    reject_unknown(request.extra()).map_err(|error| request_error(&error))?;
    Ok((auth, request))
}

/// Logs a store failure (its message never carries secrets) and turns it into 1010 or 1009.
///
/// The cause is logged shortened, without any SQL text: a driver error may quote the whole
/// statement, which for a long filter was tens of kilobytes.
pub(crate) fn store_failure(error: &StoreError) -> ApiError {
    let cause = std::error::Error::source(error).map(|cause| loggable_cause(&cause.to_string()));
    tracing::warn!(error = %error, cause = cause.as_deref().unwrap_or(""), "store failure");
    ApiError::new(error.api_code())
}

/// The longest cause logged, in characters.
const LOGGED_CAUSE: usize = 200;

/// A cause's first line, cut before any quoted statement (` in SELECT …`), at most
/// [`LOGGED_CAUSE`] characters.
fn loggable_cause(cause: &str) -> String {
    let line = cause.lines().next().unwrap_or("");
    let line = line.find(" in ").map_or(line, |at| &line[..at]);
    line.chars().take(LOGGED_CAUSE).collect()
}

/// The account behind the credentials, if it may read call logs.
pub(crate) async fn authorize(store: &dyn Store, auth: &Auth) -> Result<Account, ApiError> {
    let account = store
        .authenticate(auth)
        .await
        .map_err(|error| store_failure(&error))?
        .ok_or_else(|| ApiError::new(ApiCode::InvalidToken))?;
    if account.can_list_calls() {
        Ok(account)
    } else {
        Err(ApiError::new(ApiCode::PermissionDenied))
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_cause;

    #[test]
    fn causes_are_logged_short_and_without_sql() {
        let long = format!(
            "too many SQL variables in SELECT * FROM calls WHERE agent IN ({})",
            "?,".repeat(40_000)
        );
        assert_eq!(loggable_cause(&long), "too many SQL variables");
        assert_eq!(loggable_cause(&"x".repeat(1_000)).len(), 200);
        assert_eq!(
            loggable_cause("database is locked\nmore"),
            "database is locked"
        );
    }
}
