//! Helpers the thread tests share. Each test crate uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tactful::thread::{self, Thread};

/// A thread export written for the tests.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/threads")
        .join(name)
}

/// A fixture imported, its format found from its name and contents.
#[track_caller]
pub fn import(name: &str) -> Thread {
    thread::load(&fixture(name), None).unwrap_or_else(|e| panic!("{e}"))
}
