//! The row-by-row interface every writer offers.

use callreport_model::{Call, CallPage, RejectedRow};

use crate::error::Error;
use crate::summary::Summary;

/// A report being written, one row at a time.
///
/// Every writer of this crate implements it, and so does [`ReportWriter`](crate::ReportWriter),
/// which picks the format at run time. Rows can come from anywhere: a page at a time from an
/// async client (call [`write_page`](ReportSink::write_page) as each page arrives), from a
/// store query on a blocking thread, or from an iterator. Nothing is kept per row, so memory
/// does not grow with the number of rows.
///
/// After an error the output is incomplete; drop the writer.
pub trait ReportSink {
    /// Writes one call as a row.
    ///
    /// # Errors
    /// [`Error::Io`] when the output fails; [`Error::Encode`] when the format library refuses
    /// the content.
    fn write_call(&mut self, call: &Call) -> Result<(), Error>;

    /// Counts a row the model rejected, and keeps it for listing when the options ask for it.
    ///
    /// # Errors
    /// [`Error::Io`] when keeping it fails.
    fn write_rejected(&mut self, row: &RejectedRow) -> Result<(), Error>;

    /// Writes a page of the call list: its calls, then its rejected rows.
    ///
    /// # Errors
    /// As [`write_call`](ReportSink::write_call) and [`write_rejected`](ReportSink::write_rejected).
    fn write_page(&mut self, page: &CallPage) -> Result<(), Error> {
        for call in &page.calls {
            self.write_call(call)?;
        }
        for row in &page.rejected {
            self.write_rejected(row)?;
        }
        Ok(())
    }

    /// Writes what comes after the rows (totals, listed rejected rows, the file's trailer)
    /// and flushes the output.
    ///
    /// # Errors
    /// [`Error::Io`] when the output fails; [`Error::Encode`] when the format library refuses
    /// the content.
    fn finish(self) -> Result<Summary, Error>
    where
        Self: Sized;
}
