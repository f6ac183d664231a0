#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_error;
mod auth;
mod body_keys;
mod call;
mod call_status;
mod clock;
mod codecs;
mod count;
mod detail_view;
mod duration_fields;
mod envelope;
mod error;
mod export;
mod extra;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
#[cfg(feature = "generate")]
pub mod generate;
mod ids;
mod list;
mod mask;
mod masked_document;
mod open_enum;
mod originating_request;
mod parse;
mod phone;
mod push;
mod raw_document;
mod record;
mod recording;
pub mod request;
mod response;
mod response_shape;
mod scalar;
mod scanner;
mod secret;
mod spelling;
mod views;
pub mod wire;

pub use crate::api_error::{ApiCode, ApiError, UnknownCode};
pub use crate::auth::Auth;
pub use crate::call::{AgentLeg, Call, CallDurations, CustomerLeg, LegRecording, LegTiming};
pub use crate::call_status::CallStatus;
pub use crate::clock::IST;
pub use crate::count::CallCount;
pub use crate::detail_view::DetailView;
pub use crate::duration_fields::{DURATION_FIELDS, DURATIONS_OBJECT, is_duration_field};
pub use crate::error::{DecodeError, InvalidId, LocatorError, LocatorPart, RequestError};
pub use crate::export::{ExportStatus, ExportStatuses};
pub use crate::extra::Extra;
pub use crate::ids::{AgentId, CallId, ExportId, UserId};
pub use crate::list::{
    BackHalf, CallPage, FrontHalf, NEXT_CURSOR_HEADER, PageHalves, RawPage, RejectedRow,
};
pub use crate::mask::{mask_name, mask_number};
pub use crate::masked_document::mask_document;
pub use crate::open_enum::{CallType, ExportFormat, ExportState, FirstAttendant, UnknownValue};
pub use crate::originating_request::OriginatingRequest;
pub use crate::phone::{NumberKind, PhoneNumber};
pub use crate::push::{PUSH_ACKNOWLEDGEMENT, PUSH_FORM_FIELD, PushRecording, PushReport};
pub use crate::raw_document::RawDocument;
pub use crate::recording::{FileNameParts, RECORDING_PATH, RecordingFile, RecordingLocator};
pub use crate::request::{
    ChangeTitle, CountCalls, CreateExport, DownloadPdf, DurationKind, Endpoint, GetCall, GetExport,
    ListCalls, ListExports, ReportFilter, Request, SortKey, SortOrder,
};
pub use crate::response::{Reply, Response, ResponseData};
pub use crate::response_shape::ResponseShape;
pub use crate::secret::Secret;
pub use crate::views::{
    AgentsView, CallDetail, Deduction, DeductionsView, Recording, RecordingsView, StandardContext,
    StandardDetail,
};
