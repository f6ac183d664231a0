//! Requests: plain values, written to and read from the JSON body the API takes.
//!
//! A request holds its parameters only; credentials ([`Auth`]) are added when it is encoded,
//! so one client can send many requests. The server reads bodies with the same types.

mod endpoint;
mod export;
mod export_status;
mod filter;
mod get_call;
pub mod limits;
mod list;
mod params;
mod unique_keys;

use serde_json::{Map, Value};

pub use self::endpoint::{BASE_PATH, Endpoint};
pub use self::export::{ChangeTitle, CreateExport, DownloadPdf};
pub use self::export_status::{GetExport, ListExports};
pub use self::filter::{DurationKind, ReportFilter};
pub use self::get_call::GetCall;
pub use self::list::{CountCalls, ListCalls, SortKey, SortOrder};
pub(crate) use self::params::Params;
use crate::auth::Auth;
use crate::error::RequestError;
use crate::extra::Extra;

/// A request's parameters, as they travel in the body beside the credentials.
pub trait Request: Sized {
    /// Writes the parameters (and any extra raw parameters) into a body.
    fn write_params(&self, body: &mut Map<String, Value>);

    /// Reads the parameters from a body whose credentials were already taken out; keys it does
    /// not know end up in the request's extra parameters.
    ///
    /// # Errors
    /// [`RequestError`] naming the parameter that is missing or invalid.
    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError>;

    /// Extra raw parameters: what the provider accepts that this version has no field for.
    fn extra(&self) -> &Extra;

    /// The body for this request with `auth`'s credentials.
    fn to_body(&self, auth: &Auth) -> Map<String, Value> {
        let mut body = Map::new();
        auth.write(&mut body);
        self.write_params(&mut body);
        body
    }

    /// The body as JSON bytes.
    fn to_json(&self, auth: &Auth) -> Vec<u8> {
        Value::Object(self.to_body(auth)).to_string().into_bytes()
    }

    /// Reads a body: credentials and parameters.
    ///
    /// # Errors
    /// [`RequestError`]: 1047 for a body that is empty or not a JSON object, 1000 for missing,
    /// invalid or conflicting credentials and parameters.
    fn from_json(body: &[u8]) -> Result<(Auth, Self), RequestError> {
        let mut object = params::parse_object(body)?;
        let auth = Auth::take(&mut object)?;
        Ok((auth, Self::read_params(object)?))
    }
}

/// Refuses extra parameters: what a strict server answers for keys it does not know.
///
/// # Errors
/// [`RequestError::Unknown`] naming the first unknown key.
pub fn reject_unknown(extra: &Extra) -> Result<(), RequestError> {
    match extra.keys().next() {
        Some(name) => Err(RequestError::Unknown {
            name: name.to_owned(),
        }),
        None => Ok(()),
    }
}
