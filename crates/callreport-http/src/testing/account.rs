//! The test server's account: fixed credentials of both styles, and its generated calls.

use std::fmt;

use callreport_model::generate::Generator;
use callreport_model::{Auth, UserId};
use callreport_store::{CredentialKind, Permissions, Store, StoreError};

/// The account every test server holds, with `LIST_CALL_LOG`.
///
/// The credentials are fixed and public: they open nothing but test servers.
#[derive(Clone, PartialEq, Eq)]
pub struct TestAccount {
    user_id: UserId,
    seed: u64,
}

const USER_ID: &str = "30000001";
const SESSION: &str = "test-session-30000001";
const TOKEN: &str = "test-token-30000001";
const RECORDING_TOKEN: &str = "test-recording-30000001";
const PUSH_KEY: &str = "test-push-30000001";

impl TestAccount {
    pub(crate) fn new(seed: u64) -> Self {
        let user_id = UserId::new(USER_ID).unwrap_or_else(|_| unreachable!("a valid id"));
        Self { user_id, seed }
    }

    /// The account's user id (`userId`).
    #[must_use]
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// The session id (`ssid`) the server accepts.
    #[must_use]
    pub fn session(&self) -> &str {
        SESSION
    }

    /// The API token (`token`, sent with the user id) the server accepts.
    #[must_use]
    pub fn token(&self) -> &str {
        TOKEN
    }

    /// The token inside the account's recording links.
    #[must_use]
    pub fn recording_token(&self) -> &str {
        RECORDING_TOKEN
    }

    /// The key of the account's push-report URL (`/push/{key}`).
    #[must_use]
    pub fn push_key(&self) -> &str {
        PUSH_KEY
    }

    /// Credentials of the session style (`ssid`).
    #[must_use]
    pub fn session_auth(&self) -> Auth {
        Auth::session(SESSION)
    }

    /// Credentials of the token style (`userId` and `token`).
    #[must_use]
    pub fn token_auth(&self) -> Auth {
        Auth::token(self.user_id.clone(), TOKEN)
    }

    /// The generator of the account's calls: the test server holds its first `calls` calls,
    /// so a test can work out what to expect.
    #[must_use]
    pub fn generator(&self) -> Generator {
        Generator::new(self.seed)
            .user_id(self.user_id.clone())
            .recording_token(RECORDING_TOKEN)
    }

    /// The account and its credentials in `store`.
    pub(crate) async fn create(&self, store: &dyn Store) -> Result<(), StoreError> {
        store
            .ensure_account(&self.user_id, Permissions::list_call_log())
            .await?;
        for (kind, secret) in [
            (CredentialKind::Session, SESSION),
            (CredentialKind::Token, TOKEN),
            (CredentialKind::Recording, RECORDING_TOKEN),
            (CredentialKind::Push, PUSH_KEY),
        ] {
            store
                .add_credential(&self.user_id, kind, secret, None)
                .await?;
        }
        store
            .name_agents(&self.user_id, callreport_store::demo::agent_names())
            .await
    }
}

impl fmt::Debug for TestAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestAccount")
            .field("user_id", &self.user_id)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}
