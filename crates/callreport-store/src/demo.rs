//! Deterministic demo data: two accounts with fixed credentials, generated calls and playable
//! recordings.
//!
//! The same call count gives the same database on every machine: the calls come from the
//! model's seeded [`Generator`]. A database that already holds the requested demo data is
//! reused as it is.

mod audio;
mod provider_example;

use bytes::Bytes;
use callreport_model::generate::Generator;
use callreport_model::{Call, ReportFilter, UserId};

pub use self::audio::{CONTENT_TYPE, silent_mp3};
pub use self::provider_example::PROVIDER_EXAMPLE_CALL_ID;
use crate::error::StoreError;
use crate::{CredentialKind, ImportCall, NewRecording, Permissions, Store};

/// The number of calls of the main demo account when none is asked for.
pub const DEFAULT_CALLS: u64 = 10_000;

/// Calls are written in transactions of this many.
const BATCH: usize = 50_000;

/// The key of the fact that says which demo data the store holds.
const META_KEY: &str = "demo";

/// A demo account and its fixed credentials (fixed, so documented commands work as pasted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoAccount {
    /// The user id (`userId`).
    pub user_id: &'static str,
    /// A session id (`ssid`).
    pub session: &'static str,
    /// An API token (`token`, with `userId`).
    pub token: &'static str,
    /// The token inside the account's recording links.
    pub recording_token: &'static str,
    /// The key in the account's push-report URL (`/push/{key}`).
    pub push_key: &'static str,
    /// Whether the account has `LIST_CALL_LOG`.
    pub can_list_calls: bool,
    /// The seed of the account's generated calls.
    pub seed: u64,
}

impl DemoAccount {
    /// The generator of the account's calls: its first `n` calls are the account's demo data.
    ///
    /// # Panics
    /// Never: the demo user ids are valid.
    #[must_use]
    pub fn generator(&self) -> Generator {
        let user_id = UserId::new(self.user_id).unwrap_or_else(|_| unreachable!("a valid id"));
        Generator::new(self.seed)
            .user_id(user_id)
            .recording_token(self.recording_token)
    }
}

/// The demo account with `LIST_CALL_LOG`, holding the requested number of calls.
pub const MAIN: DemoAccount = DemoAccount {
    user_id: "10000001",
    session: "demo-session-10000001",
    token: "demo-token-10000001",
    recording_token: "demo-recording-10000001",
    push_key: "demo-push-10000001",
    can_list_calls: true,
    seed: 2025,
};

/// The demo account without `LIST_CALL_LOG` (every Call Report request answers 1015), holding a
/// tenth as many calls.
pub const RESTRICTED: DemoAccount = DemoAccount {
    user_id: "10000002",
    session: "demo-session-10000002",
    token: "demo-token-10000002",
    recording_token: "demo-recording-10000002",
    push_key: "demo-push-10000002",
    can_list_calls: false,
    seed: 2026,
};

/// Names for the generator's agents (ids 20 to 49).
const AGENT_NAMES: [&str; 10] = [
    "Kavita Joshi",
    "राजेश गुप्ता",
    "Arjun Menon",
    "नेहा सिंह",
    "Sanjay Patel",
    "दीपिका राव",
    "Imran Qureshi",
    "पूजा मिश्रा",
    "Vikram Desai",
    "अंजलि चौधरी",
];
const FIRST_AGENT: u64 = 20;
const AGENTS: u64 = 30;

/// The names of the generator's agents, as the demo accounts (and the test server's) have them:
/// Latin and Devanagari names, each agent id once.
#[must_use]
pub fn agent_names() -> Vec<(u64, String)> {
    (FIRST_AGENT..FIRST_AGENT + AGENTS)
        .zip(AGENT_NAMES.iter().cycle())
        .map(|(agent, name)| (agent, (*name).to_owned()))
        .collect()
}

/// Lengths of the silent clips the demo recordings point at, in seconds.
const CLIP_SECONDS: [u64; 4] = [1, 2, 3, 5];

/// What [`prepare`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoSummary {
    /// Whether the database already held this demo data.
    pub reused: bool,
    /// Calls of [`MAIN`].
    pub calls: u64,
    /// Calls of [`RESTRICTED`].
    pub restricted_calls: u64,
    /// Recordings registered, over both accounts.
    pub recordings: u64,
}

/// Creates the demo data in the store (or reuses it): [`MAIN`] with `calls` calls and
/// [`RESTRICTED`] with a tenth as many, recordings as silent MP3 clips in the store's
/// [`recording_files`](Store::recording_files).
///
/// # Errors
/// [`StoreError`] when the store or its recording files cannot be written, or the store keeps no
/// files.
pub async fn prepare(store: &dyn Store, calls: u64) -> Result<DemoSummary, StoreError> {
    write_clips(store).await?;
    let marker = format!("version=1 seed={} calls={calls}", MAIN.seed);
    if store.meta(META_KEY).await?.as_deref() == Some(marker.as_str()) {
        return summarize(store, true).await;
    }
    // Until the last step succeeds, no later start takes a half-written database for this one.
    store.set_meta(META_KEY, "incomplete").await?;
    seed_account(store, &MAIN, calls).await?;
    seed_account(store, &RESTRICTED, calls / 10).await?;
    store.refresh_statistics().await?;
    store.set_meta(META_KEY, &marker).await?;
    summarize(store, false).await
}

/// Puts the call of the provider's own example response ([`PROVIDER_EXAMPLE_CALL_ID`]) in the
/// main demo account, with a playable recording, so that the code samples on the provider's
/// Call Detail page answer as the page shows with only the host and the credentials changed.
/// Run after [`prepare`]; running it again replaces the call with the same.
///
/// # Errors
/// [`StoreError`] when the store or its recording files cannot be written.
pub async fn add_provider_example(store: &dyn Store) -> Result<(), StoreError> {
    let call = provider_example::provider_example(&MAIN)?;
    let user_id = user_id_of(&MAIN)?;
    let import = ImportCall::new(call.to_json(), call);
    add_calls_with_recordings(store, &user_id, std::iter::once(import)).await?;
    Ok(())
}

/// Adds `count` generated calls (with recordings) to `user_id`'s account, which must exist.
///
/// For tests and benchmarks that need more accounts than the demo's two.
///
/// # Errors
/// [`StoreError`] when the store or its recording files cannot be written, or the store keeps no
/// files.
pub async fn add_generated_calls(
    store: &dyn Store,
    user_id: &UserId,
    generator: Generator,
    count: u64,
) -> Result<u64, StoreError> {
    let calls = generator
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .map(|call| ImportCall::new(call.to_json(), call));
    add_calls_with_recordings(store, user_id, calls).await
}

/// Adds these calls to `user_id`'s account, which must exist, each recording of each call
/// registered as one of the demo's silent clips (so that it can be downloaded). A call already
/// there is replaced. Returns the count.
///
/// # Errors
/// [`StoreError`] when the store or its recording files cannot be written, or the store keeps no
/// files.
pub async fn add_calls_with_recordings(
    store: &dyn Store,
    user_id: &UserId,
    calls: impl Iterator<Item = ImportCall> + Send + 'static,
) -> Result<u64, StoreError> {
    write_clips(store).await?;
    add_calls(store, user_id, calls).await
}

fn clip_name(seconds: u64) -> String {
    format!("silence-{seconds}s.mp3")
}

/// Which clip (an index into [`CLIP_SECONDS`]) a call's recordings point at: the same for the
/// same talk time.
fn clip_of(call: &Call) -> usize {
    let talk = call.durations.customer.as_secs();
    usize::try_from(talk).unwrap_or(0) % CLIP_SECONDS.len()
}

/// Writes the clips into the store's recording files, unless they are there already.
async fn write_clips(store: &dyn Store) -> Result<(), StoreError> {
    let files = store
        .recording_files()
        .ok_or_else(|| StoreError::Invalid("the store keeps no recording files".into()))?;
    for seconds in CLIP_SECONDS {
        let name = clip_name(seconds);
        let audio = silent_mp3(seconds);
        if files.size(&name).await? != u64::try_from(audio.len()).ok() {
            files.put(&name, Bytes::from(audio)).await?;
        }
    }
    Ok(())
}

fn user_id_of(account: &DemoAccount) -> Result<UserId, StoreError> {
    UserId::new(account.user_id).map_err(|error| StoreError::Invalid(error.to_string()))
}

/// The account with its credentials and agent names, and exactly `calls` generated calls.
async fn seed_account(
    store: &dyn Store,
    account: &DemoAccount,
    calls: u64,
) -> Result<(), StoreError> {
    let user_id = user_id_of(account)?;
    let permissions = if account.can_list_calls {
        Permissions::list_call_log()
    } else {
        Permissions::none()
    };
    store.ensure_account(&user_id, permissions).await?;
    for (kind, secret) in [
        (CredentialKind::Session, account.session),
        (CredentialKind::Token, account.token),
        (CredentialKind::Recording, account.recording_token),
        (CredentialKind::Push, account.push_key),
    ] {
        store.add_credential(&user_id, kind, secret, None).await?;
    }
    store.name_agents(&user_id, agent_names()).await?;
    store.remove_calls(&user_id).await?;
    let generated = account
        .generator()
        .take(usize::try_from(calls).unwrap_or(usize::MAX))
        .map(|call| ImportCall::new(call.to_json(), call));
    add_calls(store, &user_id, generated).await?;
    Ok(())
}

/// Imports the calls in one bulk load, each call's recordings registered as the clip of its
/// talk time: the store works each call out as it writes it (the calls may come from a
/// generator). Returns the count.
async fn add_calls(
    store: &dyn Store,
    user_id: &UserId,
    calls: impl Iterator<Item = ImportCall> + Send + 'static,
) -> Result<u64, StoreError> {
    let sizes = CLIP_SECONDS.map(|seconds| silent_mp3(seconds).len() as u64);
    let calls = calls.map(move |import| {
        let clip = clip_of(&import.call);
        let recordings = import
            .call
            .recordings()
            .map(|found| {
                NewRecording::new(
                    found.locator.clone(),
                    clip_name(CLIP_SECONDS[clip]),
                    sizes[clip],
                    CONTENT_TYPE,
                )
            })
            .collect();
        import.with_recordings(recordings)
    });
    let outcome = store.import_all(user_id, Box::new(calls), BATCH).await?;
    Ok(outcome.imported + outcome.updated)
}

/// What the two demo accounts hold now.
async fn summarize(store: &dyn Store, reused: bool) -> Result<DemoSummary, StoreError> {
    let mut counts = [(0, 0); 2];
    for (account, (calls, recordings)) in [&MAIN, &RESTRICTED].into_iter().zip(&mut counts) {
        if let Some(account) = store.account(&user_id_of(account)?).await? {
            *calls = store.count(&account, &ReportFilter::new()).await?;
            *recordings = store.recording_count(&account).await?;
        }
    }
    Ok(DemoSummary {
        reused,
        calls: counts[0].0,
        restricted_calls: counts[1].0,
        recordings: counts[0].1 + counts[1].1,
    })
}
