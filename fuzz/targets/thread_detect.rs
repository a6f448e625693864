//! Format detection: the first byte picks the file name (its extension is
//! a hint), the rest is the file.

#[path = "common.rs"]
mod common;

const NAMES: [&str; 7] = [
    "<stdin>", "t.json", "t.eml", "t.mbox", "t.md", "t.txt", "thread",
];

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&pick, rest)) = data.split_first() else {
            return;
        };
        common::thread(rest, NAMES[pick as usize % NAMES.len()], None);
    });
}
