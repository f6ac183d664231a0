//! Server-side exports, blocking.

use std::path::Path;

use callreport_model::{ChangeTitle, CreateExport, ExportId, ExportStatus};

use crate::blocking::Client;
use crate::client::Error;

impl Client {
    /// `POST /api/v2/CallReport/exportCsv`: asks the server to build a report file. See
    /// [`Client::create_export`](crate::client::Client::create_export).
    ///
    /// # Errors
    /// [`Error`] for an API error, a network failure or an answer that does not decode.
    pub fn create_export(&self, request: &CreateExport) -> Result<ExportStatus, Error> {
        self.runtime.run(self.inner.create_export(request))
    }

    /// `POST /api/v2/CallReport/exportStatus`: where one export request stands.
    ///
    /// # Errors
    /// As [`Client::create_export`]; an unknown id is API error 1000.
    pub fn export_status(&self, id: &ExportId) -> Result<ExportStatus, Error> {
        self.runtime.run(self.inner.export_status(id))
    }

    /// `POST /api/v2/CallReport/exportList`: the account's export requests, newest first.
    ///
    /// # Errors
    /// As [`Client::create_export`].
    pub fn list_exports(&self) -> Result<Vec<ExportStatus>, Error> {
        self.runtime.run(self.inner.list_exports())
    }

    /// `POST /api/v2/CallReport/changeTitle`: renames an export; answers its status.
    ///
    /// # Errors
    /// As [`Client::export_status`].
    pub fn change_title(&self, request: &ChangeTitle) -> Result<ExportStatus, Error> {
        self.runtime.run(self.inner.change_title(request))
    }

    /// Waits for the export to finish, then downloads its file to `destination`. See
    /// [`Client::wait_for_export`](crate::client::Client::wait_for_export).
    ///
    /// # Errors
    /// As [`Client::wait_for_export`](crate::client::Client::wait_for_export).
    pub fn wait_for_export(
        &self,
        id: &ExportId,
        destination: &Path,
        progress: impl FnMut(&ExportStatus) + Send,
    ) -> Result<ExportStatus, Error> {
        self.runtime
            .run(self.inner.wait_for_export(id, destination, progress))
    }

    /// Downloads a finished export's file to `destination`; answers the bytes written. See
    /// [`Client::download_export`](crate::client::Client::download_export).
    ///
    /// # Errors
    /// As [`Client::download_export`](crate::client::Client::download_export).
    pub fn download_export(&self, status: &ExportStatus, destination: &Path) -> Result<u64, Error> {
        self.runtime
            .run(self.inner.download_export(status, destination))
    }
}
