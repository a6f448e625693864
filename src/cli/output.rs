//! Writing to standard output: buffered, and a closed pipe (`tactful check
//! … | head`) ends the command quietly instead of failing.

use std::io::{self, Write};

/// Buffered stdout.
pub struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
}

impl Out {
    pub fn new() -> Self {
        Out {
            inner: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        }
    }
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    // Serializers write a few bytes at a time: straight into the buffer,
    // not through the default loop over `write`.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether an error is a closed pipe on the other end.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Whether to colour human output on stdout: a terminal, and no `NO_COLOR`.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}
