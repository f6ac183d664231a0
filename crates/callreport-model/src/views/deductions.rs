//! The deductions view (`rType` `ddLog`).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::call::Call;
use crate::codecs::{AbsentText, AmountField, CallIdField, Count, EpochMillis, Opt};
use crate::extra::Extra;
use crate::ids::CallId;
use crate::record::{List, record};
use crate::response::object_data;
use crate::spelling::Spellings;

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
}

/// What `call` cost: one `call` deduction for a charged call, made when the call ended,
/// counting one pulse per started minute of talk time.
impl From<&Call> for DeductionsView {
    fn from(call: &Call) -> Self {
        let mut entries = Vec::new();
        if call.amount > 0.0 {
            let talk = call.durations.customer;
            let length = call
                .customer_legs
                .iter()
                .map(|leg| leg.timing.call_duration)
                .max()
                .unwrap_or(talk)
                .max(talk);
            let mut deduction = Deduction::new("call", call.amount);
            let seconds = i64::try_from(length.as_secs()).unwrap_or(0);
            deduction.at = Some(call.started_at + chrono::Duration::seconds(seconds));
            deduction.pulses =
                u32::try_from(talk.as_secs().div_ceil(60).max(1)).unwrap_or(u32::MAX);
            deduction.node = call
                .agent_legs
                .iter()
                .rev()
                .find(|leg| !leg.timing.talk.is_zero())
                .and_then(|leg| leg.timing.node.clone());
            entries.push(deduction);
        }
        let mut view = Self::new(Some(call.id.clone()), entries);
        view.amount = Some(call.amount);
        view
    }
}

record! {
    /// The deductions view (`rType` `ddLog`).
    wire DeductionsViewRecord => DeductionsView {
        /// Call id.
        "clId" => call_id: Opt<CallIdField>,
        /// Total amount charged.
        "amt" => amount: Opt<AmountField>,
        /// One entry per deduction.
        "ddLog" => deductions: List<Deduction> as [DeductionEntry],
    }
}

record! {
    /// One deduction (`ddLog[]`).
    wire DeductionEntry => Deduction {
        /// When, milliseconds since the Unix epoch.
        "tm" => at: Opt<EpochMillis>,
        /// What was charged for, such as `call` or `recording`.
        "ddTy" => kind: AbsentText,
        /// Amount deducted.
        "amt" => amount: AmountField,
        /// Pulses (billing units) counted.
        "pls" => pulses: Count,
        /// Node that caused it.
        "nd" => node: AbsentText,
        /// Balance after the deduction.
        "bal" => balance: Opt<AmountField>,
    }
}

object_data!(DeductionsView);
