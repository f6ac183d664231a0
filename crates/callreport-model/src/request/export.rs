//! `exportCsv` / `exportCsvBulk`, `changeTitle` and `downloadPdf`.

use serde_json::{Map, Value};

use crate::body_keys::{COLUMNS, EXPORT_ID, FORMAT, TITLE};
use crate::error::RequestError;
use crate::extra::Extra;
use crate::ids::ExportId;
use crate::open_enum::ExportFormat;
use crate::request::limits::MAX_COLUMNS;
use crate::request::params::check_length;
use crate::request::{Params, ReportFilter, Request};

/// `POST /api/v2/CallReport/exportCsv`: asks the server to build a report file in the
/// background.
///
/// Keys: `frmt` (`csv`, `xlsx`, `pdf`), `title`, `cols` (column names, in order; all default
/// columns when absent) and the filter's keys.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CreateExport {
    /// The file format (`frmt`).
    pub format: ExportFormat,
    /// The report's title (`title`).
    pub title: Option<String>,
    /// Which calls.
    pub filter: ReportFilter,
    /// Which columns, in order (`cols`).
    pub columns: Option<Vec<String>>,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl CreateExport {
    /// An export of the calls `filter` matches, as `format`.
    #[must_use]
    pub fn new(format: ExportFormat, filter: ReportFilter) -> Self {
        Self {
            format,
            title: None,
            filter,
            columns: None,
            extra: Extra::new(),
        }
    }

    /// Sets the title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the columns, in order.
    #[must_use]
    pub fn columns(mut self, columns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.columns = Some(columns.into_iter().map(Into::into).collect());
        self
    }
}

impl Request for CreateExport {
    fn write_params(&self, body: &mut Map<String, Value>) {
        body.insert(FORMAT.into(), Value::from(self.format.as_str()));
        if let Some(title) = &self.title {
            body.insert(TITLE.into(), Value::from(title.as_str()));
        }
        if let Some(columns) = &self.columns {
            body.insert(
                COLUMNS.into(),
                columns.iter().map(|c| Value::from(c.as_str())).collect(),
            );
        }
        self.filter.write(body);
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let format = params
            .text(FORMAT, true)?
            .filter(|f| !f.is_empty())
            .map(|f| ExportFormat::from_wire(&f))
            .ok_or(RequestError::Missing { name: FORMAT })?;
        let title = params.text(TITLE, true)?;
        let columns =
            match params.take(COLUMNS) {
                None | Some(Value::Null) => None,
                Some(value) => {
                    if let Value::Array(items) = &value {
                        check_length(COLUMNS, MAX_COLUMNS, items.len())?;
                    }
                    let names = value.as_array().and_then(|items| {
                        items
                            .iter()
                            .map(|v| v.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    });
                    Some(names.ok_or_else(|| {
                        RequestError::invalid(COLUMNS, "column names", &value, true)
                    })?)
                }
            };
        let filter = ReportFilter::take(&mut params)?;
        Ok(Self {
            format,
            title,
            filter,
            columns,
            extra: params.into_extra(),
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

/// Reads the export id every export request carries.
pub(super) fn take_export_id(params: &mut Params) -> Result<ExportId, RequestError> {
    let text = params.text(EXPORT_ID, true)?.filter(|id| !id.is_empty());
    let text = text.ok_or(RequestError::Missing { name: EXPORT_ID })?;
    ExportId::new(text).map_err(|_| RequestError::Invalid {
        name: EXPORT_ID.into(),
        expected: "an export id (letters, digits, '-' or '_')",
        got: "an id with other characters".into(),
    })
}

/// `POST /api/v2/CallReport/changeTitle`: renames an export (`expId`, `title`).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChangeTitle {
    /// The export (`expId`).
    pub export_id: ExportId,
    /// The new title (`title`).
    pub title: String,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl ChangeTitle {
    /// Renames `export_id` to `title`.
    pub fn new(export_id: ExportId, title: impl Into<String>) -> Self {
        Self {
            export_id,
            title: title.into(),
            extra: Extra::new(),
        }
    }
}

impl Request for ChangeTitle {
    fn write_params(&self, body: &mut Map<String, Value>) {
        body.insert(EXPORT_ID.into(), Value::from(self.export_id.as_str()));
        body.insert(TITLE.into(), Value::from(self.title.as_str()));
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let export_id = take_export_id(&mut params)?;
        let title = params
            .text(TITLE, true)?
            .ok_or(RequestError::Missing { name: TITLE })?;
        Ok(Self {
            export_id,
            title,
            extra: params.into_extra(),
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

/// Declares a request whose only parameter is the export id (`expId`).
macro_rules! export_id_request {
    ($(#[$meta:meta])* $name:ident, $new_doc:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            /// The export (`expId`).
            pub export_id: ExportId,
            /// Extra raw parameters.
            pub extra: Extra,
        }

        impl $name {
            #[doc = $new_doc]
            #[must_use]
            pub fn new(export_id: ExportId) -> Self {
                Self { export_id, extra: Extra::new() }
            }
        }

        impl Request for $name {
            fn write_params(&self, body: &mut Map<String, Value>) {
                body.insert(EXPORT_ID.into(), Value::from(self.export_id.as_str()));
                self.extra.write_into(body);
            }

            fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
                let mut params = Params::new(body);
                let export_id = take_export_id(&mut params)?;
                Ok(Self { export_id, extra: params.into_extra() })
            }

            fn extra(&self) -> &Extra {
                &self.extra
            }
        }
    };
}

pub(super) use export_id_request;

export_id_request!(
    /// `POST /api/v2/CallReport/downloadPdf`: the bytes of a finished PDF export (`expId`).
    DownloadPdf,
    "Downloads `export_id`."
);

#[cfg(test)]
mod tests {
    use super::{ChangeTitle, CreateExport, DownloadPdf};
    use crate::auth::Auth;
    use crate::ids::ExportId;
    use crate::open_enum::ExportFormat;
    use crate::request::{ReportFilter, Request};

    #[test]
    fn export_requests_round_trip() {
        let auth = Auth::session("s");
        let create =
            CreateExport::new(ExportFormat::Xlsx, ReportFilter::new().customer_number("9"))
                .title("November")
                .columns(["call_id", "amount"]);
        assert_eq!(
            CreateExport::from_json(&create.to_json(&auth)).unwrap().1,
            create
        );
        let rename = ChangeTitle::new(ExportId::new("e1").unwrap(), "Renamed");
        assert_eq!(
            ChangeTitle::from_json(&rename.to_json(&auth)).unwrap().1,
            rename
        );
        let download = DownloadPdf::new(ExportId::new("e1").unwrap());
        assert_eq!(
            DownloadPdf::from_json(&download.to_json(&auth)).unwrap().1,
            download
        );
    }

    #[test]
    fn export_errors_name_the_parameter() {
        for (body, message) in [
            (r#"{"ssid":"s"}"#, "frmt is required"),
            (
                r#"{"ssid":"s","frmt":"csv","cols":[1]}"#,
                "cols: expected column names, got an array of 1 items",
            ),
        ] {
            assert_eq!(
                CreateExport::from_json(body.as_bytes())
                    .unwrap_err()
                    .to_string(),
                message
            );
        }
        assert_eq!(
            ChangeTitle::from_json(br#"{"ssid":"s","expId":"e"}"#)
                .unwrap_err()
                .to_string(),
            "title is required"
        );
        assert_eq!(
            DownloadPdf::from_json(br#"{"ssid":"s","expId":"a/b"}"#)
                .unwrap_err()
                .to_string(),
            "expId: expected an export id (letters, digits, '-' or '_'), got an id with other characters"
        );
    }
}
