//! The mbox importer, forced with `--from mbox`, on any bytes.

#[path = "common.rs"]
mod common;

use tactful::thread::Format;

fn main() {
    afl::fuzz!(|data: &[u8]| common::thread(data, "<stdin>", Some(Format::Mbox)));
}
