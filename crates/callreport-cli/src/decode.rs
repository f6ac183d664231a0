//! `callreport decode [FILE|-]`: read a raw provider response, offline, and show what it means.

use std::io::Read;
use std::path::PathBuf;

use callreport_model::{CallCount, Detail, ListPage, Response};
use clap::{Args, ValueEnum};
use serde_json::Value;

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

/// The endpoint a body most likely answers: a `data` array is a list, a `data` object with only
/// `cnt` a count, anything else detail (errors decode under any).
fn guess(body: &[u8]) -> Kind {
    let Ok(Value::Object(top)) = serde_json::from_slice::<Value>(body) else {
        return Kind::Detail;
    };
    match top.get("data") {
        Some(Value::Array(rows)) if !rows.is_empty() || top.contains_key("ttl") => Kind::List,
        Some(Value::Object(data)) if data.contains_key("cnt") => Kind::Count,
        _ => Kind::Detail,
    }
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
    let kind = match args.kind {
        Kind::Auto => guess(&body),
        other => other,
    };
    let decoded = match kind {
        Kind::List => Response::<ListPage>::decode(&body).map(serde_json::to_value),
        Kind::Count => Response::<CallCount>::decode(&body).map(serde_json::to_value),
        Kind::Detail | Kind::Auto => Response::<Detail>::decode(&body).map(serde_json::to_value),
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
