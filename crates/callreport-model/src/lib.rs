#![doc = include_str!("../README.md")]

mod api_error;
mod api_request;
mod auth;
mod call;
mod call_status;
mod clock;
mod codecs;
mod error;
mod export;
mod extra;
#[cfg(feature = "generate")]
pub mod generate;
mod ids;
mod list;
mod mask;
mod open_enum;
mod phone;
mod recording;
pub mod request;
mod response;
mod secret;
mod spelling;
mod views;
pub mod wire;

pub use crate::api_error::{ApiCode, ApiError, UnknownCode};
pub use crate::api_request::ApiRequest;
pub use crate::auth::Auth;
pub use crate::call::{AgentLeg, Call, CallDurations, CustomerLeg, LegTiming};
pub use crate::call_status::CallStatus;
pub use crate::clock::IST;
pub use crate::error::{DecodeError, InvalidId, LocatorError, LocatorPart, RequestError};
pub use crate::export::{ExportList, ExportStatus};
pub use crate::extra::Extra;
pub use crate::ids::{AgentId, CallId, ExportId, UserId};
pub use crate::list::{CallCount, ListPage, RejectedRow};
pub use crate::mask::{mask_name, mask_number};
pub use crate::open_enum::{
    CallType, ExportFormat, ExportState, FirstAttendant, ReportType, UnknownValue,
};
pub use crate::phone::{NumberKind, PhoneNumber};
pub use crate::recording::{FileNameParts, RECORDING_PATH, RecordingFile, RecordingLocator};
pub use crate::request::{
    CallDetail, ChangeTitle, CountCalls, CreateExport, DownloadPdf, DurationKind, Endpoint,
    ListCalls, ListExports, ReadExport, ReportFilter, Request, SortKey, SortOrder,
};
pub use crate::response::{Reply, Response, ResponseData};
pub use crate::secret::Secret;
pub use crate::views::{
    AgentsView, Deduction, DeductionsView, Detail, Recording, RecordingsView, StandardDetail,
};
