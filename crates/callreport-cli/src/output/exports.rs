//! The export requests kept on the server, as a table or JSON.

use callreport_model::ExportStatus;

/// One status: a line of text, or its JSON object.
pub(crate) fn export_status(status: &ExportStatus, json: bool) {
    if json {
        println!("{}", status.to_json());
    } else {
        println!("{}", line(status));
    }
}

/// Every status: a table, or JSON lines.
pub(crate) fn export_list(statuses: &[ExportStatus], json: bool) {
    if json {
        for status in statuses {
            println!("{}", status.to_json());
        }
        return;
    }
    println!("{HEADER}");
    for status in statuses {
        println!("{}", line(status));
    }
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
