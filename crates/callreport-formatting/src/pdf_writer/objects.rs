//! A PDF file written front to back: numbered objects as they are ready, the cross-reference
//! table and trailer at the end. Only the byte offset of each object is kept.

use std::io::{self, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;

/// An object number.
pub(super) type Id = u32;

/// Writes objects and remembers where each one starts.
pub(super) struct Objects<W: Write> {
    out: W,
    written: u64,
    /// Offset of object `n` at index `n - 1`; `None` while reserved but not yet written.
    offsets: Vec<Option<u64>>,
}

impl<W: Write> Objects<W> {
    /// Writes the PDF header. The second line's high bytes mark the file as binary.
    pub(super) fn new(out: W) -> io::Result<Self> {
        let mut objects = Self {
            out,
            written: 0,
            offsets: Vec::new(),
        };
        objects.raw(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(objects)
    }

    /// A number for an object to be written later.
    pub(super) fn reserve(&mut self) -> Id {
        self.offsets.push(None);
        Id::try_from(self.offsets.len()).unwrap_or(Id::MAX)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn begin(&mut self, id: Id) -> io::Result<()> {
        if let Some(slot) = self.offsets.get_mut(id as usize - 1) {
            *slot = Some(self.written);
        }
        self.raw(format!("{id} 0 obj\n").as_bytes())
    }

    /// Writes object `id` with `body` (a dictionary, an array, …); strings in it may hold
    /// WinAnsi bytes, which are not UTF-8.
    pub(super) fn object(&mut self, id: Id, body: impl AsRef<[u8]>) -> io::Result<()> {
        self.begin(id)?;
        self.raw(body.as_ref())?;
        self.raw(b"\nendobj\n")
    }

    /// Writes object `id` as a stream: `dictionary` entries (without `<<`/`>>`), and `data`
    /// compressed with Flate.
    pub(super) fn stream(&mut self, id: Id, dictionary: &str, data: &[u8]) -> io::Result<()> {
        let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 4), Compression::fast());
        encoder.write_all(data)?;
        let compressed = encoder.finish()?;
        self.begin(id)?;
        self.raw(
            format!(
                "<< {dictionary} /Filter /FlateDecode /Length {} >>\nstream\n",
                compressed.len()
            )
            .as_bytes(),
        )?;
        self.raw(&compressed)?;
        self.raw(b"\nendstream\nendobj\n")
    }

    /// Writes the cross-reference table and the trailer, flushes, and gives `out` back.
    pub(super) fn finish(mut self, root: Id, info: Id) -> io::Result<W> {
        let start = self.written;
        let size = self.offsets.len() + 1;
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for offset in std::mem::take(&mut self.offsets) {
            match offset {
                Some(offset) => table.push_str(&format!("{offset:010} 00000 n \n")),
                None => table.push_str("0000000000 65535 f \n"),
            }
            if table.len() > 64 * 1024 {
                self.raw(table.as_bytes())?;
                table.clear();
            }
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{start}\n%%EOF\n"
        ));
        self.raw(table.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}
