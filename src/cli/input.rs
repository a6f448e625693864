//! Reading a user's file or standard input with the checks every command
//! needs: a clear one-line error for a missing file, a directory, a binary
//! file, invalid UTF-8 or a file too large to be a reply.

use std::io::Read;
use std::path::Path;

/// The largest input read, in bytes.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// The name an input is reported under: its path, or `<stdin>`.
pub fn display_name(path: Option<&Path>) -> String {
    match path {
        None => "<stdin>".to_string(),
        Some(p) if p == Path::new("-") => "<stdin>".to_string(),
        Some(p) => p.display().to_string(),
    }
}

/// Reads a text file (`-` or `None` for stdin) as UTF-8.
pub fn read_text(path: Option<&Path>) -> anyhow::Result<String> {
    let name = display_name(path);
    let bytes = read_bytes(path)?;
    to_text(&name, bytes)
}

/// Reads raw bytes (`-` or `None` for stdin), within [`MAX_INPUT`].
pub fn read_bytes(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let name = display_name(path);
    let mut bytes = Vec::new();
    match path.filter(|p| *p != Path::new("-")) {
        None => {
            std::io::stdin()
                .lock()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        }
        Some(p) => {
            let meta =
                std::fs::metadata(p).map_err(|e| anyhow::anyhow!("{name}: {}", io_reason(&e)))?;
            if meta.is_dir() {
                anyhow::bail!("{name}: is a directory, not a file");
            }
            if meta.len() > MAX_INPUT {
                anyhow::bail!(
                    "{name}: the file is {}; tactful reads at most {}",
                    size(meta.len()),
                    size(MAX_INPUT)
                );
            }
            let file =
                std::fs::File::open(p).map_err(|e| anyhow::anyhow!("{name}: {}", io_reason(&e)))?;
            // Read in place: one allocation of the file's size, no copies
            // as the buffer grows.
            bytes.reserve_exact(meta.len() as usize + 1);
            file.take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow::anyhow!("{name}: cannot read: {}", io_reason(&e)))?;
        }
    }
    if bytes.len() as u64 > MAX_INPUT {
        anyhow::bail!(
            "{name}: the input is larger than {}; tactful reads at most that",
            size(MAX_INPUT)
        );
    }
    Ok(bytes)
}

/// Checks bytes are text and converts them. A byte-order mark at the start
/// is not part of the text and is dropped: lines, columns and byte offsets
/// count from the first character after it, as editors count them. Byte
/// numbers in errors count in the input as given.
pub fn to_text(name: &str, mut bytes: Vec<u8>) -> anyhow::Result<String> {
    let skipped = bytes.len() - crate::thread::without_bom(&bytes).len();
    bytes.drain(..skipped);
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let (line, col) = crate::thread::line_col(&bytes, pos);
        anyhow::bail!(
            "{name}:{line}:{col}: this looks like a binary file (a NUL byte at byte {}), not text",
            pos + skipped
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let pos = e.utf8_error().valid_up_to();
        let (line, col) = crate::thread::line_col(e.as_bytes(), pos);
        anyhow::anyhow!(
            "{name}:{line}:{col}: the text is not valid UTF-8 (byte {}); save it as UTF-8 and try again",
            pos + skipped
        )
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A byte count for people.
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.0} MB", bytes as f64 / (1u64 << 20) as f64)
    } else if bytes >= 1 << 10 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_bad_utf8_are_located() {
        let e = to_text("x.txt", b"ab\ncd\0".to_vec())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "x.txt:2:3: this looks like a binary file (a NUL byte at byte 5), not text"
        );
        let e = to_text("x.txt", b"ok\n\xffno".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.txt:2:1: the text is not valid UTF-8"),
            "{e}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let text = to_text("x.txt", b"\xEF\xBB\xBFYou always\n".to_vec()).unwrap();
        assert_eq!(text, "You always\n");
        // Only at the start: anywhere else it is a character of the text.
        let text = to_text("x.txt", "a\u{feff}b".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "a\u{feff}b");
        // Errors count columns after it and bytes in the input as given.
        let e = to_text("x.txt", b"\xEF\xBB\xBFab\0".to_vec())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "x.txt:1:3: this looks like a binary file (a NUL byte at byte 5), not text"
        );
    }
}
