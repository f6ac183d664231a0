//! `callreport decode [FILE|-]`: read a raw provider response, offline, and show what it means.

use std::io::Read;
use std::path::PathBuf;

use callreport_http::client::DEFAULT_BASE_URL;
use callreport_model::{
    CallCount, CallDetail, CallId, CallPage, RecordingLocator, Reply, Response, ResponseShape,
};
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::{Value, json};

use crate::exit::Failure;
use crate::output;

/// What a response is the answer to.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Kind {
    /// Tell from the body itself.
    Auto,
    /// `detail`, any view (or an error).
    Detail,
    /// `list` or `masklist`.
    List,
    /// `reportCount`.
    Count,
}

/// Arguments of `callreport decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The response body; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// The endpoint the body answers.
    #[arg(long = "as", value_enum, default_value = "auto")]
    kind: Kind,
}

/// What each recording a response holds says: when, whose, which file, and where (token
/// hidden).
fn recordings_of<'a>(
    found: impl Iterator<Item = (Option<&'a CallId>, RecordingLocator)>,
) -> Vec<Value> {
    found
        .map(|(call_id, locator)| {
            let file = locator.file();
            let recorded_at = file
                .parts()
                .map(|parts| parts.recorded_at.to_string())
                .unwrap_or_else(|| locator.date().to_string());
            json!({
                "call_id": call_id.map(CallId::as_str),
                "recorded_at": recorded_at,
                "account": locator.user_id(),
                "file_name": file.to_string(),
                "url": locator.redacted_url(DEFAULT_BASE_URL),
            })
        })
        .collect()
}

/// The decoded response, and the recordings it holds beside it.
fn shown<T: Serialize>(
    response: &Response<T>,
    recordings: Vec<Value>,
) -> serde_json::Result<Value> {
    let mut value = serde_json::to_value(response)?;
    if let Value::Object(object) = &mut value
        && !recordings.is_empty()
    {
        object.insert("recordings".into(), Value::Array(recordings));
    }
    Ok(value)
}

pub(crate) fn run(args: &DecodeArgs) -> Result<(), Failure> {
    let body = match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => std::fs::read(path)
            .map_err(|error| Failure::other(format!("cannot read {}: {error}", path.display())))?,
        _ => {
            let mut body = Vec::new();
            std::io::stdin().read_to_end(&mut body)?;
            body
        }
    };
    let shape = match args.kind {
        Kind::Auto => ResponseShape::of(&body),
        Kind::Detail => ResponseShape::Detail,
        Kind::List => ResponseShape::List,
        Kind::Count => ResponseShape::Count,
    };
    let decoded = match shape {
        ResponseShape::List => Response::<CallPage>::decode(&body).map(|response| {
            let found = match &response.reply {
                Reply::Data(page) => recordings_of(page.calls.iter().flat_map(|call| {
                    call.recordings()
                        .map(move |found| (Some(&call.id), found.locator.clone()))
                })),
                _ => Vec::new(),
            };
            shown(&response, found)
        }),
        ResponseShape::Count => {
            Response::<CallCount>::decode(&body).map(|response| shown(&response, Vec::new()))
        }
        _ => Response::<CallDetail>::decode(&body).map(|response| {
            let found = match &response.reply {
                Reply::Data(detail) => recordings_of(
                    detail
                        .recordings()
                        .into_iter()
                        .map(|locator| (None, locator)),
                ),
                _ => Vec::new(),
            };
            shown(&response, found)
        }),
    };
    match decoded {
        Ok(Ok(value)) => {
            output::decoded(&value);
            Ok(())
        }
        Ok(Err(error)) => Err(Failure::other(format!(
            "could not show the decoded value: {error}"
        ))),
        Err(error) => {
            output::decode_failed(&error);
            Err(Failure::other(format!("the body does not decode: {error}")))
        }
    }
}
