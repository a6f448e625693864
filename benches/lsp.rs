//! The language server on a 5,000-word buffer: what one change costs from
//! the client's `didChange` to the `publishDiagnostics` it brings back, with
//! the debounce at 0 so nothing waits. That is the incremental edit, the
//! thread lookup, the analysis, the conversion of every finding to UTF-16
//! positions and the JSON both ways. `analyze` alone is given beside it.
//!
//! - `lsp/change_to_diagnostics_5000_words`
//! - `lsp/analyze_5000_words`
//! - `lsp/code_action_5000_words` (on a flag, the reading already made)
//!
//! Then a single-change distribution (median, p99) is printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use tactful::lsp::{Base, Options};
use tactful_engine::Context;

const SENTENCES: &[&str] = &[
    "I hear that the release broke your builds, and I’m sorry it cost you a day. ",
    "You always ignore the changelog, obviously nobody reads it!! ",
    "Could you tell me which runner fails — the ARM one or the x86 one? ",
    "Café’s build 🙂 passed once, but I might be wrong about the cache. ",
    "Next, I'll pin the old version and get back to you by Friday. ",
];

fn draft(words: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.split_whitespace().count() < words {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        if i % 6 == 5 {
            s.push_str("\n\n");
        }
        i += 1;
    }
    s
}

struct Client {
    conn: Connection,
    next: i32,
}

impl Client {
    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            if let Message::Response(r) = self.conn.receiver.recv().unwrap()
                && r.id == id
            {
                return r.response_result.unwrap();
            }
        }
    }

    fn published(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.conn.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["version"] == version
            {
                return n.params["diagnostics"].as_array().unwrap().len();
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let text = draft(5000);
    let words = text.split_whitespace().count();
    let (server, conn) = Connection::memory();
    let handle = std::thread::spawn(move || {
        tactful::lsp::serve(
            server,
            Options {
                base: Base {
                    min_score: 50,
                    ..Base::default()
                },
                store: None,
            },
        )
    });
    let mut client = Client { conn, next: 0 };
    client.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
    );
    client.notify("initialized", json!({}));
    let uri = "untitled:long.md";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diagnostics = client.published(1);

    // One change in the middle of the buffer: a word typed over, back and forth.
    let line = text[..text.len() / 2].matches('\n').count() as u32;
    let mut version = 1;
    let mut change = |client: &Client| {
        version += 1;
        let word = if version % 2 == 0 { "often " } else { "always" };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": 4},
                    "end": {"line": line, "character": 10}}, "text": word}]}),
        );
        client.published(version)
    };

    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(5));
    c.bench_function("lsp/change_to_diagnostics_5000_words", |b| {
        b.iter(|| black_box(change(&client)))
    });
    let engine = tactful::prompts::builtin_engine().unwrap();
    c.bench_function("lsp/analyze_5000_words", |b| {
        b.iter(|| black_box(engine.analyze(black_box(&text), &Context::default())))
    });
    let at = json!({"start": {"line": 0, "character": 80}, "end": {"line": 0, "character": 80}});
    c.bench_function("lsp/code_action_5000_words", |b| {
        b.iter(|| {
            black_box(client.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}),
            ))
        })
    });

    let mut times = Vec::with_capacity(1000);
    for _ in 0..1000 {
        let t = Instant::now();
        black_box(change(&client));
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "didChange to publishDiagnostics ({words} words, {} bytes, {} diagnostics): median {:?}, p99 {:?}, max {:?}",
        text.len(),
        diagnostics,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    handle.join().unwrap().unwrap();
}
