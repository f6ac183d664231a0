//! Rejected rows kept on disk until the end of a report, so memory does not grow with them.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use callreport_model::RejectedRow;

/// A rejected row as listed: its position in its page, the error, and the raw JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spooled {
    pub(crate) index: u64,
    pub(crate) error: String,
    pub(crate) raw: String,
}

/// The titles of a listing of rejected rows.
pub(crate) const REJECTED_TITLES: [&str; 3] = ["Position in page", "Error", "Raw JSON"];

/// Rejected rows in a temporary file, created on the first row.
#[derive(Debug, Default)]
pub(crate) struct Spool {
    file: Option<BufWriter<File>>,
    count: u64,
}

impl Spool {
    pub(crate) fn push(&mut self, row: &RejectedRow) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(BufWriter::new(tempfile::tempfile()?)),
        };
        file.write_all(&(row.index as u64).to_le_bytes())?;
        for text in [row.error.to_string().as_str(), row.raw.as_str()] {
            file.write_all(&(text.len() as u64).to_le_bytes())?;
            file.write_all(text.as_bytes())?;
        }
        self.count += 1;
        Ok(())
    }

    /// Calls `each` with every row, in the order pushed.
    pub(crate) fn replay<E>(self, mut each: impl FnMut(Spooled) -> Result<(), E>) -> Result<(), E>
    where
        E: From<io::Error>,
    {
        let Some(file) = self.file else {
            return Ok(());
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(file);
        for _ in 0..self.count {
            let index = read_u64(&mut reader)?;
            let error = read_text(&mut reader)?;
            let raw = read_text(&mut reader)?;
            each(Spooled { index, error, raw })?;
        }
        Ok(())
    }
}

fn read_u64(reader: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0; 8];
    reader.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn read_text(reader: &mut impl Read) -> io::Result<String> {
    let len = usize::try_from(read_u64(reader)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "spooled row too long"))?;
    let mut bytes = vec![0; len];
    reader.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}
