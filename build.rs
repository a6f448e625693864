//! Compiles the built-in packs when tactful is built, so that start-up
//! reads a finished engine instead of parsing, expanding and indexing
//! every pack (see `src/engine/image.rs`).
//!
//! The engine and the pack loader are compiled into this script from their
//! own sources, so the image is made by the very code that reads it. If the
//! packs do not load, the build stops with their errors, reported with file,
//! line and column as at run time.

// The library's modules, compiled again for this script: most of what they
// offer is not used here.
#![allow(dead_code, unused_imports)]

#[path = "src/engine/mod.rs"]
mod engine;

/// The loader's own files (`src/prompts/mod.rs` itself embeds the image
/// this script writes, so it cannot be part of it).
mod prompts {
    #[path = "../src/prompts/embedded.rs"]
    pub mod embedded;
    #[path = "../src/prompts/error.rs"]
    mod error;
    #[path = "../src/prompts/load.rs"]
    pub mod load;
    #[path = "../src/prompts/schema.rs"]
    pub mod schema;

    pub use error::{PackError, PackErrors};
}

fn main() {
    println!("cargo:rerun-if-changed=prompts");
    println!("cargo:rerun-if-changed=src/engine");
    println!("cargo:rerun-if-changed=src/prompts");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("engine.bin");
    let image = prompts::load::load(prompts::embedded::files(), Vec::new())
        .map_err(|e| e.to_string())
        .and_then(|library| engine::Engine::new(library).map_err(|e| e.to_string()))
        .and_then(|engine| engine.to_image());
    match image {
        Ok(bytes) => std::fs::write(&out, bytes).expect("write the engine image"),
        Err(e) => {
            // A broken built-in pack stops the build, with the same
            // file:line:col report `tactful rules --validate` gives.
            eprintln!("the built-in packs do not compile:\n{e}");
            std::process::exit(1);
        }
    }
}
