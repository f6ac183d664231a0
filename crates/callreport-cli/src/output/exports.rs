//! The export requests kept on the server, as a table or JSON.

use std::io::{self, Write};

use callreport_model::ExportStatus;

use crate::exit::Failure;

/// One status: a line of text, or its JSON object.
pub(crate) fn export_status(status: &ExportStatus, json: bool) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", status.to_json())?;
    } else {
        writeln!(out, "{}", line(status))?;
    }
    Ok(())
}

/// Every status: a table, or JSON lines.
pub(crate) fn export_list(statuses: &[ExportStatus], json: bool) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    if json {
        for status in statuses {
            writeln!(out, "{}", status.to_json())?;
        }
        return Ok(());
    }
    writeln!(out, "{HEADER}")?;
    for status in statuses {
        writeln!(out, "{}", line(status))?;
    }
    Ok(())
}

/// The table's header, aligned with [`line()`].
const HEADER: &str =
    "id                       format state         rows       bytes  title / reason";

fn line(status: &ExportStatus) -> String {
    let bytes = status.bytes.map_or_else(String::new, |b| b.to_string());
    let note = status
        .reason
        .as_deref()
        .or(status.title.as_deref())
        .unwrap_or("");
    format!(
        "{:<24} {:<6} {:<8} {:>9} {:>11}  {note}",
        status.id.as_str(),
        status.format.as_str(),
        status.state.as_str(),
        status.rows,
        bytes
    )
}
