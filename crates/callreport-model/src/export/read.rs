//! The wire object of an export status, read and written key by key.

use chrono::{DateTime, FixedOffset, TimeZone};
use serde_json::{Map, Value};

use super::ExportStatus;
use crate::clock::IST;
use crate::error::DecodeError;
use crate::ids::ExportId;
use crate::open_enum::{ExportFormat, ExportState};

fn text(object: &mut Map<String, Value>, key: &str) -> Result<Option<String>, DecodeError> {
    match object.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(DecodeError::new(key, "expected text")),
    }
}

fn required(object: &mut Map<String, Value>, key: &str) -> Result<String, DecodeError> {
    text(object, key)?.ok_or_else(|| DecodeError::new(key, "expected text, got nothing"))
}

fn whole(object: &mut Map<String, Value>, key: &str) -> Result<Option<u64>, DecodeError> {
    match object.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| DecodeError::new(key, "expected a whole number")),
    }
}

fn instant(
    object: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<DateTime<FixedOffset>>, DecodeError> {
    let Some(ms) = whole(object, key)? else {
        return Ok(None);
    };
    let ms = i64::try_from(ms).map_err(|_| DecodeError::new(key, "a time out of range"))?;
    IST.timestamp_millis_opt(ms)
        .single()
        .map(Some)
        .ok_or_else(|| DecodeError::new(key, "a time out of range"))
}

/// Reads a status object; unknown keys go to `extra`.
pub(super) fn read_status(mut object: Map<String, Value>) -> Result<ExportStatus, DecodeError> {
    let id = required(&mut object, "expId")?;
    let id = ExportId::new(id).map_err(|error| DecodeError::new("expId", error.to_string()))?;
    let title = text(&mut object, "title")?;
    let format = ExportFormat::from_wire(&required(&mut object, "frmt")?);
    let state = ExportState::from_wire(&required(&mut object, "st")?);
    let rows = whole(&mut object, "rows")?.unwrap_or(0);
    let bytes = whole(&mut object, "bytes")?;
    let location = text(&mut object, "loc")?;
    let reason = text(&mut object, "rsn")?;
    let created_at = instant(&mut object, "crtd")?
        .ok_or_else(|| DecodeError::new("crtd", "expected a whole number, got nothing"))?;
    let finished_at = instant(&mut object, "fnshd")?;
    Ok(ExportStatus {
        id,
        title,
        format,
        state,
        rows,
        bytes,
        location,
        reason,
        created_at,
        finished_at,
        extra: object.into_iter().collect(),
    })
}

/// Writes a status object: absent values are left out.
pub(super) fn write_status(status: &ExportStatus) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("expId".into(), Value::from(status.id.as_str()));
    if let Some(title) = &status.title {
        object.insert("title".into(), Value::from(title.as_str()));
    }
    object.insert("frmt".into(), Value::from(status.format.as_str()));
    object.insert("st".into(), Value::from(status.state.as_str()));
    object.insert("rows".into(), Value::from(status.rows));
    if let Some(bytes) = status.bytes {
        object.insert("bytes".into(), Value::from(bytes));
    }
    if let Some(location) = &status.location {
        object.insert("loc".into(), Value::from(location.as_str()));
    }
    if let Some(reason) = &status.reason {
        object.insert("rsn".into(), Value::from(reason.as_str()));
    }
    object.insert(
        "crtd".into(),
        Value::from(status.created_at.timestamp_millis()),
    );
    if let Some(at) = status.finished_at {
        object.insert("fnshd".into(), Value::from(at.timestamp_millis()));
    }
    for (key, value) in status.extra.iter() {
        object.insert(key.clone(), value.clone());
    }
    object
}
