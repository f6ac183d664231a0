//! The call of the provider's own example response (its Call Detail page), in the main demo
//! account: the page's code samples then answer as the page shows, with only the host and the
//! credentials changed.

use callreport_model::{Call, RecordingLocator, UserId};

use super::DemoAccount;
use crate::error::{Cause, StoreError};

/// The example call's id, as the provider's page has it.
pub const PROVIDER_EXAMPLE_CALL_ID: &str = "kyrnwv1c8ps5zq6jcwaxtzicv";

/// The example document, as the provider's page shows it (`{{mobile}}` and `{{ssid}}` are the
/// page's own placeholders).
const DOCUMENT: &str = include_str!("provider_example.json");

/// The example call as `account` holds it: its account id, and its recording under the
/// account's recording token.
pub(crate) fn provider_example(account: &DemoAccount) -> Result<Call, StoreError> {
    let invalid = |error: &dyn std::fmt::Display| {
        StoreError::Invalid(format!("the provider's example call: {error}"))
    };
    let mut call = Call::from_json(DOCUMENT).map_err(|error| invalid(&error))?;
    call.user_id = Some(UserId::new(account.user_id).map_err(|error| invalid(&error))?);
    let timings = call
        .agent_legs
        .iter_mut()
        .map(|leg| &mut leg.timing)
        .chain(call.customer_legs.iter_mut().map(|leg| &mut leg.timing));
    for timing in timings {
        if let Some(locator) = &timing.recording {
            let moved: RecordingLocator = locator
                .for_account(account.recording_token, account.user_id)
                .map_err(|error| StoreError::Failed(Cause::new(error)))?;
            timing.recording = Some(moved);
        }
    }
    Ok(call)
}
