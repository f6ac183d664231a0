//! Credentials, as they travel in the request body.

use std::fmt;

use serde_json::{Map, Value};

use crate::body_keys::{SESSION, TOKEN, USER_ID};
use crate::error::RequestError;
use crate::ids::UserId;
use crate::secret::Secret;

/// How a request authenticates: a session, or a user id with a token.
///
/// Written into the request body exactly as the provider documents: `ssid` (with the optional
/// `userId` the provider's own examples send beside it), or `userId` + `token` with no `ssid`
/// key at all. `Debug` and `Display` never show the session id or the token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// A session id (`ssid`).
    Session {
        /// The session id.
        ssid: Secret,
        /// The account, when sent beside the session (the provider's examples do).
        user_id: Option<UserId>,
    },
    /// A user id and an API token (`userId` + `token`).
    Token {
        /// The account.
        user_id: UserId,
        /// The token.
        token: Secret,
    },
}

impl Auth {
    /// Authenticates with a session id.
    pub fn session(ssid: impl Into<String>) -> Self {
        Self::Session {
            ssid: Secret::new(ssid),
            user_id: None,
        }
    }

    /// Authenticates with a user id and a token.
    pub fn token(user_id: UserId, token: impl Into<String>) -> Self {
        Self::Token {
            user_id,
            token: Secret::new(token),
        }
    }

    /// The account, when the credentials name it.
    #[must_use]
    pub fn user_id(&self) -> Option<&UserId> {
        match self {
            Self::Session { user_id, .. } => user_id.as_ref(),
            Self::Token { user_id, .. } => Some(user_id),
        }
    }

    /// Writes the credentials into a request body.
    pub fn write(&self, body: &mut Map<String, Value>) {
        match self {
            Self::Session { ssid, user_id } => {
                body.insert(SESSION.into(), Value::from(ssid.expose()));
                if let Some(user_id) = user_id {
                    body.insert(USER_ID.into(), Value::from(user_id.as_str()));
                }
            }
            Self::Token { user_id, token } => {
                body.insert(USER_ID.into(), Value::from(user_id.as_str()));
                body.insert(TOKEN.into(), Value::from(token.expose()));
            }
        }
    }

    /// Takes the credentials out of a request body.
    ///
    /// # Errors
    /// [`RequestError::ConflictingAuth`] for `ssid` together with `token`,
    /// [`RequestError::MissingAuth`] for neither, [`RequestError::Invalid`] for credentials
    /// that are not non-empty strings, [`RequestError::Missing`] for a token without `userId`.
    pub fn take(body: &mut Map<String, Value>) -> Result<Self, RequestError> {
        let ssid = take_secret(body, SESSION)?;
        let token = take_secret(body, TOKEN)?;
        let user_id = match body.remove(USER_ID) {
            None => None,
            Some(Value::String(text)) => Some(UserId::new(text).map_err(|_| invalid_user_id())?),
            Some(Value::Number(n)) if n.is_u64() => {
                Some(UserId::new(n.to_string()).map_err(|_| invalid_user_id())?)
            }
            Some(_) => return Err(invalid_user_id()),
        };
        match (ssid, token, user_id) {
            (Some(_), Some(_), _) => Err(RequestError::ConflictingAuth),
            (Some(ssid), None, user_id) => Ok(Self::Session { ssid, user_id }),
            (None, Some(token), Some(user_id)) => Ok(Self::Token { user_id, token }),
            (None, Some(_), None) => Err(RequestError::Missing { name: USER_ID }),
            (None, None, _) => Err(RequestError::MissingAuth),
        }
    }
}

fn invalid_user_id() -> RequestError {
    RequestError::Invalid {
        name: USER_ID.into(),
        expected: "a user id (no spaces, '/', '\\' or '*')",
        got: "something else".into(),
    }
}

fn take_secret(
    body: &mut Map<String, Value>,
    key: &'static str,
) -> Result<Option<Secret>, RequestError> {
    match body.remove(key) {
        None => Ok(None),
        Some(Value::String(text)) if !text.is_empty() => Ok(Some(Secret::new(text))),
        Some(other) => Err(RequestError::invalid(
            key,
            "a non-empty string",
            &other,
            false,
        )),
    }
}

impl fmt::Display for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Session {
                user_id: Some(user_id),
                ..
            } => write!(f, "session of user {user_id}"),
            Self::Session { user_id: None, .. } => f.write_str("session"),
            Self::Token { user_id, .. } => write!(f, "token of user {user_id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::Auth;
    use crate::error::RequestError;
    use crate::ids::UserId;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn token_auth_writes_no_ssid_key() {
        let auth = Auth::token(UserId::new("29791451").unwrap(), "t0k3n");
        let mut body = Map::new();
        auth.write(&mut body);
        assert_eq!(
            Value::Object(body),
            json!({"userId": "29791451", "token": "t0k3n"})
        );
        assert_eq!(format!("{auth:?} {auth}").matches("t0k3n").count(), 0);
    }

    #[test]
    fn reads_every_shape() {
        let session = Auth::take(&mut object(json!({"ssid": "s", "userId": "29791451"}))).unwrap();
        assert_eq!(session.user_id().unwrap().as_str(), "29791451");
        assert!(matches!(
            Auth::take(&mut object(json!({"ssid": "s"}))),
            Ok(Auth::Session { .. })
        ));
        let cases = [
            (
                json!({"ssid": "s", "token": "t", "userId": "1"}),
                RequestError::ConflictingAuth,
            ),
            (json!({}), RequestError::MissingAuth),
            (
                json!({"token": "t"}),
                RequestError::Missing { name: "userId" },
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(Auth::take(&mut object(body)).unwrap_err(), expected);
        }
        let error = Auth::take(&mut object(json!({"ssid": 5}))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "ssid: expected a non-empty string, got a number"
        );
    }
}
