//! The deductions view (`rType` `ddLog`).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::call::{decode_list, encode_list};
use crate::codecs::{AbsentText, AmountField, Count, OptAmount, OptCallIdField, OptEpochMillis};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::CallId;
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

/// What a call cost: `{"clId", "amt", "ddLog": [{"tm", "ddTy", "amt", "pls", "nd", "bal"}]}`.
///
/// The provider does not publish this view's shape; this crate defines it in the raw
/// document's terse style and keeps anything else in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DeductionsView {
    /// The call id (`clId`).
    pub call_id: Option<CallId>,
    /// The total charged (`amt`).
    pub amount: Option<f64>,
    /// One entry per deduction (`ddLog`).
    pub deductions: Vec<Deduction>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

/// One deduction (`ddLog[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Deduction {
    /// When it was made (`tm`, milliseconds since the Unix epoch), in +05:30.
    pub at: Option<DateTime<FixedOffset>>,
    /// What it was for (`ddTy`), such as `call` or `recording`.
    pub kind: Option<String>,
    /// The amount (`amt`), in the account's currency.
    pub amount: f64,
    /// Billing pulses counted (`pls`).
    pub pulses: u32,
    /// The node that caused it (`nd`).
    pub node: Option<String>,
    /// The balance after it (`bal`).
    pub balance: Option<f64>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl Deduction {
    /// A deduction of `amount` for `kind`.
    #[must_use]
    pub fn new(kind: impl Into<String>, amount: f64) -> Self {
        Self {
            kind: Some(kind.into()),
            amount,
            ..Self::default()
        }
    }

    fn decode(entry: wire::DeductionEntry<'_>, path: Path<'_>) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        Ok(Self {
            at: r.read::<OptEpochMillis>("tm", entry.at)?,
            kind: r.read::<AbsentText>("ddTy", entry.kind)?,
            amount: r.read::<AmountField>("amt", entry.amount)?,
            pulses: r.read::<Count>("pls", entry.pulses)?,
            node: r.read::<AbsentText>("nd", entry.node)?,
            balance: r.read::<OptAmount>("bal", entry.balance)?,
            extra: entry.extra,
            spellings: r.spellings,
        })
    }
}

impl From<Deduction> for wire::DeductionEntry<'static> {
    fn from(entry: Deduction) -> Self {
        let s = &entry.spellings;
        let mut out = wire::DeductionEntry::new();
        out.at = s.write::<OptEpochMillis>("tm", &entry.at);
        out.kind = s.write::<AbsentText>("ddTy", &entry.kind);
        out.amount = s.write::<AmountField>("amt", &entry.amount);
        out.pulses = s.write::<Count>("pls", &entry.pulses);
        out.node = s.write::<AbsentText>("nd", &entry.node);
        out.balance = s.write::<OptAmount>("bal", &entry.balance);
        out.extra = entry.extra;
        out
    }
}

impl DeductionsView {
    /// A view of the given deductions.
    #[must_use]
    pub fn new(call_id: Option<CallId>, deductions: Vec<Deduction>) -> Self {
        Self {
            call_id,
            deductions,
            ..Self::default()
        }
    }

    pub(crate) fn decode(
        view: wire::DeductionsView<'_>,
        path: Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let deductions = decode_list(&mut r, "ddLog", view.deductions, Deduction::decode)?;
        Ok(Self {
            call_id: r.read::<OptCallIdField>("clId", view.call_id)?,
            amount: r.read::<OptAmount>("amt", view.amount)?,
            deductions,
            extra: view.extra,
            spellings: r.spellings,
        })
    }
}

impl TryFrom<wire::DeductionsView<'_>> for DeductionsView {
    type Error = DecodeError;

    fn try_from(view: wire::DeductionsView<'_>) -> Result<Self, DecodeError> {
        Self::decode(view, Path::Root)
    }
}

impl From<DeductionsView> for wire::DeductionsView<'static> {
    fn from(view: DeductionsView) -> Self {
        let s = &view.spellings;
        let mut out = wire::DeductionsView::new();
        out.call_id = s.write::<OptCallIdField>("clId", &view.call_id);
        out.amount = s.write::<OptAmount>("amt", &view.amount);
        out.deductions = encode_list(s, "ddLog", view.deductions, wire::DeductionEntry::from);
        out.extra = view.extra;
        out
    }
}
