//! Compiles the built-in packs when tactful is built, so that start-up
//! reads a finished engine instead of parsing, expanding and indexing
//! every pack (see `Engine::from_image` in the engine crate).
//!
//! The image is made by the engine crate itself, the very code that reads
//! it. If the packs do not load, the build stops with their errors,
//! reported with file, line and column as at run time.

fn main() {
    println!("cargo:rerun-if-changed=prompts");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("engine.bin");
    let image = tactful_engine::packs::builtin_engine()
        .map_err(|e| e.to_string())
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
