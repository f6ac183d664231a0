//! JSON lines: one call per line, in the model's canonical domain JSON.

use std::fmt;
use std::io::{BufWriter, Write};

use callreport_model::{Call, RejectedRow};

use crate::error::Error;
use crate::sink::ReportSink;
use crate::summary::Summary;
use crate::totals::Totals;

/// Writes each call as one line of JSON, exactly as `serde_json::to_string(&call)` gives it.
///
/// The report's columns, title and totals do not apply: every field of the call is written.
/// Rejected rows are counted in the [`Summary`], not written.
///
/// ```
/// use callreport_formatting::{JsonLinesWriter, ReportSink};
/// use callreport_model::generate::Generator;
///
/// let mut out = Vec::new();
/// let mut writer = JsonLinesWriter::new(&mut out);
/// let call = Generator::new(3).next().expect("endless");
/// writer.write_call(&call)?;
/// writer.finish()?;
/// assert_eq!(String::from_utf8(out)?, serde_json::to_string(&call)? + "\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct JsonLinesWriter<W: Write> {
    out: BufWriter<W>,
    totals: Totals,
    rejected: u64,
}

impl<W: Write> JsonLinesWriter<W> {
    /// Starts writing to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out: BufWriter::with_capacity(64 * 1024, out),
            totals: Totals::new(),
            rejected: 0,
        }
    }
}

impl<W: Write> ReportSink for JsonLinesWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, call).map_err(|error| {
            if error.is_io() {
                Error::Io(error.into())
            } else {
                Error::from_library("jsonl", error)
            }
        })?;
        self.out.write_all(b"\n")?;
        self.totals.add(call);
        Ok(())
    }

    fn write_rejected(&mut self, _row: &RejectedRow) -> Result<(), Error> {
        self.rejected += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, Error> {
        self.out.flush()?;
        Ok(Summary {
            totals: self.totals,
            rejected: self.rejected,
            ..Summary::new()
        })
    }
}

impl<W: Write> fmt::Debug for JsonLinesWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesWriter")
            .field("calls", &self.totals.calls)
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}
