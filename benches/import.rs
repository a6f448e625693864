//! Import speed: a generated ~10 MB GitHub comments export (paginated
//! arrays back to back, as `gh api --paginate` prints them) and a ~10 MB
//! mbox whose replies quote what they answer. Both must import well under a
//! second.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tactful::thread::{self, Format};

const TARGET: usize = 10 * 1024 * 1024;

const SENTENCES: &[&str] = &[
    "You removed the option without telling anyone.",
    "It was deprecated for two releases, with a warning on every run.",
    "A warning in a log file is not an announcement.",
    "Can we talk about a 4.0.1 that restores it behind a flag?",
    "I hear you, and I am sorry this cost you a morning.",
    "This is the third time this year the upgrade broke production!!",
];

fn body(i: usize, sentences: usize) -> String {
    (0..sentences)
        .map(|k| SENTENCES[(i + k) % SENTENCES.len()])
        .collect::<Vec<_>>()
        .join(if i.is_multiple_of(2) { "\r\n\r\n" } else { " " })
}

fn github_export() -> Vec<u8> {
    let mut out = String::with_capacity(TARGET + 4096);
    let mut i = 0;
    while out.len() < TARGET {
        out.push('[');
        for n in 0..100 {
            if n > 0 {
                out.push(',');
            }
            let comment = serde_json::json!({
                "id": 1_000_000 + i,
                "node_id": format!("IC_{i:012}"),
                "url": format!("https://api.github.com/repos/example/syncer/issues/comments/{i}"),
                "html_url": format!("https://github.com/example/syncer/issues/412#issuecomment-{i}"),
                "user": {"login": format!("user{}", i % 37), "id": i % 37, "type": "User", "site_admin": false},
                "created_at": format!("2024-03-{:02}T{:02}:{:02}:00Z", 1 + i % 28, i % 24, i % 60),
                "updated_at": "2024-03-05T09:00:00Z",
                "author_association": "NONE",
                "body": body(i, 6),
                "reactions": {"total_count": 0, "+1": 0, "-1": 0},
                "performed_via_github_app": null,
            });
            out.push_str(&comment.to_string());
            i += 1;
        }
        out.push_str("]\n");
    }
    out.into_bytes()
}

fn mbox_export() -> Vec<u8> {
    let mut out = String::with_capacity(TARGET + 4096);
    let mut i = 0;
    let mut previous = String::new();
    while out.len() < TARGET {
        let text = body(i, 4);
        out.push_str(&format!(
            "From user{n}@example.org Mon Mar  4 10:00:00 2024\nFrom: User {n} <user{n}@example.org>\nSubject: Re: legacy_sync\nDate: Mon, 04 Mar 2024 10:{m:02}:00 +0000\nMessage-ID: <m{i}@example.org>\nIn-Reply-To: <m{p}@example.org>\n\n{text}\n",
            n = i % 37,
            m = i % 60,
            p = i.saturating_sub(1),
        ));
        if !previous.is_empty() {
            out.push_str(&format!(
                "\nOn Mon, 4 Mar 2024, User {} wrote:\n",
                (i + 36) % 37
            ));
            for line in previous.lines() {
                out.push_str("> ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
        previous = text;
        i += 1;
    }
    out.into_bytes()
}

fn import(c: &mut Criterion) {
    let github = github_export();
    let mbox = mbox_export();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));

    group.throughput(Throughput::Bytes(github.len() as u64));
    group.bench_function("github_comments_10MB", |b| {
        b.iter(|| {
            let thread = thread::parse(black_box(&github), "comments.json", None).unwrap();
            assert_eq!(thread.format, Format::Github);
            thread.messages.len()
        })
    });

    group.throughput(Throughput::Bytes(mbox.len() as u64));
    group.bench_function("mbox_10MB", |b| {
        b.iter(|| {
            let thread = thread::parse(black_box(&mbox), "list.mbox", None).unwrap();
            assert_eq!(thread.format, Format::Mbox);
            thread.messages.len()
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
