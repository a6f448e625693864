//! The discourse importer, forced with `--from discourse`, on any bytes.

#[path = "common.rs"]
mod common;

use tactful::thread::Format;

fn main() {
    afl::fuzz!(|data: &[u8]| common::thread(data, "<stdin>", Some(Format::Discourse)));
}
