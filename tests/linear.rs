//! `tactful check` takes time in proportion to its input, on every output
//! path. Timing a test would make it flaky on a busy machine, so this
//! compares work that does not depend on the machine: the memory each
//! path allocates (bytes and allocations) for a draft of 1 MB and one of
//! 4 MB. A linear path allocates about four times as much for the larger
//! draft; a path that copies the draft, or a line, once per finding (as
//! human output and suggestions once did) allocates about sixteen times as
//! much, and fails here as a ratio.

#[path = "../benches/common/mod.rs"]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tactful_engine::{Context, Engine};

/// The system allocator, counting what it hands out.
struct Counting;

static BYTES: AtomicU64 = AtomicU64::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: memory this allocator handed out, with its layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        BYTES.fetch_add(
            new_size.saturating_sub(layout.size()) as u64,
            Ordering::Relaxed,
        );
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc`, on memory this allocator handed out.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One measurement at a time: the counters are global.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| tactful::prompts::builtin_engine().expect("built-in packs"))
}

/// Bytes and allocations of analysing `draft` and writing its report.
fn cost(draft: &str, json: bool) -> (u64, u64, usize) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (b, a) = (
        BYTES.load(Ordering::SeqCst),
        ALLOCATIONS.load(Ordering::SeqCst),
    );
    let analysis = engine().analyze(draft, &Context::default());
    let mut out = std::io::sink();
    let head = tactful::cli::check::Head::new("draft.txt", 50);
    if json {
        tactful::cli::check::write_json(&mut out, &head, draft, &analysis).unwrap();
    } else {
        tactful::cli::check::write_human(&mut out, &head, draft, &analysis, false).unwrap();
    }
    let findings = analysis.findings.len();
    drop(analysis);
    (
        BYTES.load(Ordering::SeqCst) - b,
        ALLOCATIONS.load(Ordering::SeqCst) - a,
        findings,
    )
}

#[track_caller]
fn assert_linear(json: bool) {
    engine();
    let small = common::prose(1 << 20);
    let large = common::prose(4 << 20);
    let (b1, a1, f1) = cost(&small, json);
    let (b4, a4, f4) = cost(&large, json);
    assert!(f1 > 1000 && f4 > 4 * f1 * 9 / 10, "findings: {f1} and {f4}");
    let bytes = b4 as f64 / b1 as f64;
    let allocations = a4 as f64 / a1 as f64;
    let path = if json { "JSON" } else { "human" };
    assert!(
        bytes < 6.0 && allocations < 6.0,
        "the {path} path is not linear: 4 MB costs {bytes:.1}x the bytes and {allocations:.1}x \
         the allocations of 1 MB ({b1} and {b4} bytes, {a1} and {a4} allocations)"
    );
}

#[test]
fn human_output_grows_linearly() {
    assert_linear(false);
}

#[test]
fn json_output_grows_linearly() {
    assert_linear(true);
}
