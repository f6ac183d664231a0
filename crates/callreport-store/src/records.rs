//! What goes into and comes out of a store.

use std::collections::BTreeMap;

use callreport_model::{
    Call, ListCalls, RecordingLocator, ReportFilter, SortKey, SortOrder, UserId,
};

use crate::StoreError;

/// A call as stored: the raw document exactly as it was imported, and what the standard view
/// needs from elsewhere in the store.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StoredCall {
    /// The terse call document, byte for byte as imported (unknown keys included).
    pub document: String,
    /// The name of the agent who attended first, when the account named its agents.
    pub first_agent_name: Option<String>,
}

impl StoredCall {
    /// A stored document without an agent name.
    #[must_use]
    pub fn new(document: String) -> Self {
        Self {
            document,
            first_agent_name: None,
        }
    }
}

/// Which page of which calls, in which order.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallQuery {
    /// Which calls.
    pub filter: ReportFilter,
    /// The page, from 1.
    pub page: u32,
    /// The page size.
    pub limit: u32,
    /// The sort key.
    pub sort: SortKey,
    /// The sort direction; ties are broken by call id in the same direction.
    pub order: SortOrder,
    /// Continue after this row instead of skipping to `page`.
    pub after: Option<Cursor>,
}

/// Where a page ends: the last row's sort value and call id. Its text form (`nxt`, `aftr`) is
/// `<value>~<call id>`; the next page starts after it, at the same cost at any depth.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Cursor {
    /// The last row's sort value: milliseconds, seconds, or the amount.
    pub value: f64,
    /// The last row's call id.
    pub call_id: String,
}

impl Cursor {
    /// Reads a cursor's text form; `None` when it is not one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (value, call_id) = text.split_once('~')?;
        let value: f64 = value.parse().ok().filter(|v: &f64| v.is_finite())?;
        callreport_model::CallId::new(call_id).ok()?;
        Some(Self {
            value,
            call_id: call_id.to_owned(),
        })
    }

    /// The text form.
    #[must_use]
    pub fn to_text(&self) -> String {
        format!("{}~{}", self.value, self.call_id)
    }
}

impl CallQuery {
    /// The query a `list` request asks for, with the documented defaults filled in (page 1 of
    /// [`ListCalls::DEFAULT_LIMIT`], newest first).
    #[must_use]
    pub fn from_request(request: &ListCalls) -> Self {
        Self {
            filter: request.filter.clone(),
            page: request.page.unwrap_or(1),
            limit: request.limit.unwrap_or(ListCalls::DEFAULT_LIMIT),
            sort: request.sort.unwrap_or_default(),
            order: request.order.unwrap_or_default(),
            after: request.after.as_deref().and_then(Cursor::parse),
        }
    }

    /// How many rows come before the page.
    #[must_use]
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.limit)
    }
}

/// One page of stored documents.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CallPage {
    /// The documents, in order, each exactly as stored.
    pub documents: Vec<String>,
    /// How many calls match the filter in all; not counted for a page asked by cursor (the
    /// count would cost more than the page).
    pub total: Option<u64>,
    /// Where the next page starts, when this one is full.
    pub next: Option<Cursor>,
}

impl CallPage {
    /// A page of `documents` out of `total`.
    #[must_use]
    pub fn new(documents: Vec<String>, total: u64) -> Self {
        Self {
            documents,
            total: Some(total),
            next: None,
        }
    }

    /// A page asked by cursor, which does not count the matching calls.
    #[must_use]
    pub fn continued(documents: Vec<String>) -> Self {
        Self {
            documents,
            total: None,
            next: None,
        }
    }

    /// Sets where the next page starts.
    #[must_use]
    pub fn with_next(mut self, next: Option<Cursor>) -> Self {
        self.next = next;
        self
    }
}

/// A stored recording file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredRecording {
    /// Its name in the store's [`recording_files`](crate::Store::recording_files).
    pub name: String,
    /// Its size in bytes, as recorded when it was stored.
    pub size: u64,
    /// Its media type, such as `audio/mpeg`.
    pub content_type: String,
}

impl StoredRecording {
    /// A recording file.
    #[must_use]
    pub fn new(name: impl Into<String>, size: u64, content_type: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            size,
            content_type: content_type.into(),
        }
    }
}

/// A recording file to register for the account, date folder and file name of its locator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewRecording {
    /// The locator whose links play the file.
    pub locator: RecordingLocator,
    /// Its name in the store's [`recording_files`](crate::Store::recording_files), such as
    /// [`NewRecording::name_for`] gives.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type, such as `audio/mpeg`.
    pub content_type: String,
}

impl NewRecording {
    /// The file `name` in the store's recording files plays `locator`'s links.
    #[must_use]
    pub fn new(
        locator: RecordingLocator,
        name: impl Into<String>,
        size: u64,
        content_type: impl Into<String>,
    ) -> Self {
        Self {
            locator,
            name: name.into(),
            size,
            content_type: content_type.into(),
        }
    }

    /// Where a copy of the provider's recording goes in the recording files:
    /// `<user id>/<date>/<file name>`. A locator's parts hold no `/`, `\\` or `..` (the model
    /// refuses them), so each is one part of the name.
    #[must_use]
    pub fn name_for(locator: &RecordingLocator) -> String {
        format!(
            "{}/{}/{}",
            locator.user_id(),
            locator.date(),
            locator.file_name()
        )
    }

    /// `recordings` by the account of their locators, in order within each account.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a locator whose user id is not one.
    pub(crate) fn by_account(
        recordings: &[Self],
    ) -> Result<BTreeMap<UserId, Vec<&Self>>, StoreError> {
        let mut accounts: BTreeMap<UserId, Vec<&Self>> = BTreeMap::new();
        for recording in recordings {
            let user_id = UserId::new(recording.locator.user_id())
                .map_err(|error| StoreError::Invalid(error.to_string()))?;
            accounts.entry(user_id).or_default().push(recording);
        }
        Ok(accounts)
    }
}

/// What a recording locator leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordingLookup {
    /// The recording.
    Found(StoredRecording),
    /// The token is valid for the account, which has no such recording.
    NotFound,
    /// The token is not valid for the account the locator names.
    Forbidden,
}

/// A call to import: its raw document and what it decoded to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ImportCall {
    /// The raw document, stored as is.
    pub raw: String,
    /// The decoded call, for the indexed columns.
    pub call: Call,
    /// Recording files to register with the call, for the importing account.
    pub recordings: Vec<NewRecording>,
}

impl ImportCall {
    /// A call to import from a document that decoded to `call`.
    #[must_use]
    pub fn new(raw: String, call: Call) -> Self {
        Self {
            raw,
            call,
            recordings: Vec::new(),
        }
    }

    /// Registers these recording files with the call.
    #[must_use]
    pub fn with_recordings(mut self, recordings: Vec<NewRecording>) -> Self {
        self.recordings = recordings;
        self
    }
}

/// How an import batch went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOutcome {
    /// Calls whose id was new to the account.
    pub imported: u64,
    /// Calls that replaced one with the same id.
    pub updated: u64,
    /// Whether the run created the account (only an import run that committed does).
    pub account_created: bool,
}

impl ImportOutcome {
    /// `imported` new calls and `updated` replaced ones.
    #[must_use]
    pub fn new(imported: u64, updated: u64) -> Self {
        Self {
            imported,
            updated,
            account_created: false,
        }
    }
}
