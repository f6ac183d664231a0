//! An output that fails like a full disk after a number of bytes.

use std::io::{self, Write};

/// Accepts `budget` bytes, then fails every write with `StorageFull`.
#[derive(Debug)]
pub(crate) struct FailingWriter {
    budget: usize,
    pub(crate) written: usize,
}

impl FailingWriter {
    pub(crate) fn after(budget: usize) -> Self {
        Self { budget, written: 0 }
    }
}

impl Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.budget - self.written;
        if room == 0 {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        let taken = room.min(buf.len());
        self.written += taken;
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
