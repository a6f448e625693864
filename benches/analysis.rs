//! Speed of the analysis engine and of `tactful check` as a process.
//!
//! - `analyze/1MB`, `analyze/10MB`: throughput of one analysis with every
//!   built-in pack over generated English prose (long texts are read on
//!   every core). The whole process, paired with a bare DFA pass, is
//!   measured by the `speed` bench.
//! - `engine/image`: reading the engine compiled at build time (what
//!   start-up does with the built-in packs); `engine/build`: compiling the
//!   packs at run time (what `--prompts DIR` costs).
//! - `process/check-1KB`: `tactful check` on a 1 KB draft, the whole
//!   process (target: under 10 ms median).
//! - `process/jsonl-100k`: `tactful check --jsonl` over 100,000 short
//!   texts with one and with two worker threads.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tactful_engine::Context;

mod common;
use common::prose;

fn analysis(c: &mut Criterion) {
    let engine = tactful::prompts::builtin_engine().expect("built-in packs");
    let mut group = c.benchmark_group("analyze");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for (name, size) in [("1MB", 1 << 20), ("10MB", 10 << 20)] {
        let text = prose(size);
        // Warm the allocator and the caches before measuring.
        black_box(engine.analyze(&text[..text.len().min(1 << 17)], &Context::default()));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(engine.analyze(black_box(&text), &Context::default())))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    group.bench_function("image", |b| {
        b.iter(|| black_box(tactful::prompts::builtin_engine().unwrap()))
    });
    group.bench_function("build", |b| {
        b.iter(|| {
            black_box(
                tactful_engine::Engine::new(tactful_engine::packs::builtin().unwrap()).unwrap(),
            )
        })
    });
    group.finish();
}

fn process(c: &mut Criterion) {
    let bin = env!("CARGO_BIN_EXE_tactful");
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, prose(1024)).unwrap();
    let mut group = c.benchmark_group("process");
    group.sample_size(30);
    group.bench_function("check-1KB", |b| {
        b.iter(|| {
            let status = Command::new(bin)
                .arg("check")
                .arg(&draft)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            black_box(status)
        })
    });
    let mut lines = String::new();
    let mut texts = prose(100_000 * 60)
        .split(". ")
        .map(str::to_string)
        .collect::<Vec<_>>();
    texts.truncate(100_000);
    for (i, t) in texts.iter().enumerate() {
        lines.push_str(&serde_json::json!({"id": i, "text": t}).to_string());
        lines.push('\n');
    }
    let jsonl = dir.path().join("texts.jsonl");
    std::fs::write(&jsonl, lines).unwrap();
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for threads in [1, 2] {
        group.bench_function(format!("jsonl-100k/{threads}-threads"), |b| {
            b.iter(|| {
                let mut child = Command::new(bin)
                    .args(["check", "--jsonl"])
                    .arg(&jsonl)
                    .env("RAYON_NUM_THREADS", threads.to_string())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut out = child.stdout.take().unwrap();
                let mut sink = std::io::sink();
                std::io::copy(&mut out, &mut sink).unwrap();
                sink.flush().unwrap();
                black_box(child.wait().unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analysis, process);
criterion_main!(benches);
