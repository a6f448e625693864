//! The language server as a client meets it: JSON-RPC messages over an
//! in-memory connection (and, at the end, over the real process's standard
//! input and output). Each test opens a buffer, reads what the server
//! publishes, asks for code actions and hovers, applies edits the way an
//! editor does, and shuts down.
//!
//! No timed assertions: waits are bounded only so that a broken server
//! fails the test instead of hanging it. The debounce is exercised by
//! setting it far longer than any test runs and asking for a reading.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use tactful::lsp::{Base, Options};
use tactful::store::Store;

const WAIT: Duration = Duration::from_secs(30);
const HEATED: &str = "Café’s 🙂 — you always ignore this. Obviously you never read the docs!!\n";

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<anyhow::Result<bool>>>,
    next: i32,
    /// Notifications received while waiting for something else.
    inbox: VecDeque<Notification>,
    /// Client-side copies of the open buffers, edited as an editor would.
    texts: std::collections::HashMap<String, (String, i32)>,
    utf8: bool,
}

fn options(store: Option<Store>) -> Options {
    Options {
        base: Base {
            prompts: None,
            intent: None,
            min_score: 50,
        },
        store,
    }
}

impl Client {
    fn start(init_options: Value, store: Option<Store>) -> (Client, Value) {
        Client::start_with(init_options, json!({}), Value::Null, store)
    }

    fn start_with(
        init_options: Value,
        capabilities: Value,
        root_uri: Value,
        store: Option<Store>,
    ) -> (Client, Value) {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || tactful::lsp::serve(server_side, options(store)));
        let utf8 = capabilities["general"]["positionEncodings"]
            .as_array()
            .is_some_and(|a| a.contains(&json!("utf-8")));
        let mut c = Client {
            conn: client_side,
            server: Some(server),
            next: 0,
            inbox: VecDeque::new(),
            texts: Default::default(),
            utf8,
        };
        let result = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": init_options,
            }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.try_request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    fn try_request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .unwrap();
        loop {
            match self.conn.receiver.recv_timeout(WAIT) {
                Ok(Message::Response(Response {
                    id: rid,
                    response_result,
                })) if rid == id => {
                    return response_result.map_err(|e| e.message);
                }
                Ok(Message::Notification(n)) => self.inbox.push_back(n),
                Ok(other) => panic!("unexpected message while waiting for {method}: {other:?}"),
                Err(e) => panic!("no answer to {method}: {e}"),
            }
        }
    }

    /// The next notification with this method, skipping others (kept).
    fn next_notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.inbox.iter().position(|n| n.method == method) {
            return self.inbox.remove(i).unwrap().params;
        }
        loop {
            match self.conn.receiver.recv_timeout(WAIT) {
                Ok(Message::Notification(n)) if n.method == method => return n.params,
                Ok(Message::Notification(n)) => self.inbox.push_back(n),
                Ok(other) => panic!("unexpected message while waiting for {method}: {other:?}"),
                Err(e) => panic!("no {method} arrived: {e}"),
            }
        }
    }

    /// The diagnostics published for `uri` at `version` (earlier versions
    /// are skipped).
    fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        loop {
            let p = self.next_notification("textDocument/publishDiagnostics");
            if p["uri"] == uri && p["version"] == version {
                return p["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.texts.insert(uri.to_string(), (text.to_string(), 1));
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri, 1)
    }

    /// Applies text edits to the client's copy and sends them as one
    /// incremental change; returns the new version.
    fn edit(&mut self, uri: &str, edits: &[Value]) -> i32 {
        let utf8 = self.utf8;
        let (text, version) = self.texts.get_mut(uri).unwrap();
        let mut sorted: Vec<&Value> = edits.iter().collect();
        // Apply from the end so earlier offsets hold.
        sorted.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        let mut changes = Vec::new();
        for e in sorted {
            let start = offset(text, &e["range"]["start"], utf8);
            let end = offset(text, &e["range"]["end"], utf8);
            let new = e["newText"].as_str().unwrap();
            text.replace_range(start..end, new);
            changes.push(json!({"range": e["range"], "text": new}));
        }
        *version += 1;
        let v = *version;
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": changes}),
        );
        v
    }

    fn text(&self, uri: &str) -> &str {
        &self.texts[uri].0
    }

    fn code_actions(&mut self, uri: &str, range: Value, only: Option<Value>) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(o) = only {
            context["only"] = o;
        }
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
    }

    fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    fn shutdown(mut self) -> bool {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

/// Byte offset of an LSP position in `text`.
fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let mut character = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut at = start;
    for c in text[start..].chars() {
        if character == 0 || c == '\n' {
            break;
        }
        let units = if utf8 { c.len_utf8() } else { c.len_utf16() };
        character -= units;
        at += c.len_utf8();
    }
    at
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[track_caller]
fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn initialize_announces_what_the_server_does() {
    let (client, result) = Client::start(Value::Null, None);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "refactor.rewrite"])
    );
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["tactful.dismiss"])
    );
    assert_eq!(result["serverInfo"]["name"], "tactful");
    assert!(client.shutdown(), "a shutdown before exit is a clean exit");
}

#[test]
fn a_heated_reply_gets_a_diagnostic_per_flag_at_utf16_positions() {
    let (mut client, _) = Client::start(Value::Null, None);
    let d = client.open("untitled:reply.md", "markdown", HEATED);
    assert_eq!(
        codes(&d),
        vec![
            "escalation.absolute",
            "escalation.certainty",
            "escalation.absolute-never",
            "escalation.exclamations",
            "score",
        ]
    );
    let absolute = find(&d, "escalation.absolute");
    // "Café’s 🙂 — ": é and ’ are one UTF-16 unit each, 🙂 two.
    assert_eq!(absolute["range"], range(0, 12, 0, 22));
    assert_eq!(absolute["severity"], 2);
    assert_eq!(absolute["source"], "tactful");
    let message = absolute["message"].as_str().unwrap();
    assert!(message.starts_with("\"Always\" and \"never\" about a person"));
    assert!(message.ends_with("More: tactful rules --explain escalation.absolute"));
    assert_eq!(
        find(&d, "escalation.exclamations")["range"],
        range(0, 69, 0, 71)
    );
    let score = find(&d, "score");
    assert_eq!(score["severity"], 3);
    assert!(
        score["message"].as_str().unwrap().ends_with(
            "/100, below your bar of 50. Hover here for the scores; each flag offers a rewrite."
        ),
        "{score}"
    );
    assert!(client.shutdown());
}

#[test]
fn positions_are_bytes_when_the_client_offers_utf8() {
    let (mut client, result) = Client::start_with(
        Value::Null,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        Value::Null,
        None,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let d = client.open("untitled:reply.md", "markdown", HEATED);
    let at = HEATED.find("you always").unwrap() as u32;
    assert_eq!(at, 19);
    assert_eq!(
        find(&d, "escalation.absolute")["range"],
        range(0, at, 0, at + 10)
    );
    // A quick fix's edit is in bytes too, and applies cleanly.
    let actions = client.code_actions("untitled:reply.md", range(0, at, 0, at), None);
    let edit = &actions[0]["edit"]["changes"]["untitled:reply.md"];
    client.edit("untitled:reply.md", edit.as_array().unwrap());
    assert_eq!(
        client.text("untitled:reply.md"),
        "Café’s 🙂 — you often ignore this. Obviously you never read the docs!!\n"
    );
    assert!(client.shutdown());
}

#[test]
fn a_quick_fix_applies_the_rewrite_and_the_flag_goes() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(Value::Null, None);
    client.open(uri, "markdown", HEATED);
    let actions = client.code_actions(uri, range(0, 14, 0, 14), None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles[..3],
        [
            "Try: Café’s 🙂 — you often ignore this.",
            "Try: Café’s 🙂 — it seems to me you often ignore this.",
            "Dismiss “you always” (escalation.absolute) here and in later drafts",
        ]
    );
    // Then two sentence starters for each dimension with no cue.
    assert_eq!(titles.len(), 3 + 2 * 4, "{titles:#?}");
    assert!(
        titles[3..]
            .iter()
            .all(|t| t.starts_with("Add a sentence for "))
    );
    let first = &actions[0];
    assert_eq!(first["kind"], "quickfix");
    assert_eq!(first["isPreferred"], true);
    assert_eq!(first["diagnostics"][0]["code"], "escalation.absolute");
    let edits = first["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    // The smallest edit: "always" becomes "often".
    assert_eq!(edits[0]["range"], range(0, 16, 0, 22));
    assert_eq!(edits[0]["newText"], "often");
    let version = client.edit(uri, edits);
    // Ask for the hover so the reading is made now rather than after the debounce.
    client.hover(uri, 0, 0);
    let d = client.diagnostics(uri, version);
    assert!(!codes(&d).contains(&"escalation.absolute"), "{d:#?}");
    assert!(codes(&d).contains(&"escalation.certainty"));
    assert_eq!(
        client.text(uri),
        "Café’s 🙂 — you often ignore this. Obviously you never read the docs!!\n"
    );
    assert!(client.shutdown());
}

#[test]
fn a_client_that_takes_document_changes_gets_edits_for_a_version() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start_with(
        Value::Null,
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        Value::Null,
        None,
    );
    client.open(uri, "markdown", HEATED);
    let actions = client.code_actions(uri, range(0, 14, 0, 14), Some(json!(["quickfix"])));
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({"uri": uri, "version": 1}));
    assert_eq!(change["edits"][0]["newText"], "often");
    assert!(actions[0]["edit"]["changes"].is_null());
    assert!(client.shutdown());
}

#[test]
fn a_burst_of_changes_is_read_once_at_its_last_version() {
    let uri = "untitled:burst.md";
    // A debounce longer than the test: only a request makes a reading.
    let (mut client, _) = Client::start(json!({"debounceMs": 10000}), None);
    client.open(uri, "markdown", "Thanks for the report.");
    let mut version = 1;
    for word in [" You", " always", " ignore", " this."] {
        let end = client.text(uri).chars().map(char::len_utf16).sum::<usize>() as u32;
        version = client.edit(
            uri,
            &[json!({"range": range(0, end, 0, end), "newText": word})],
        );
    }
    assert_eq!(
        client.text(uri),
        "Thanks for the report. You always ignore this."
    );
    client.hover(uri, 0, 0);
    // Nothing was published for the versions in between.
    let published: Vec<i64> = client
        .inbox
        .iter()
        .filter(|n| n.method == "textDocument/publishDiagnostics")
        .map(|n| n.params["version"].as_i64().unwrap())
        .collect();
    assert_eq!(published, vec![version as i64]);
    let d = client.diagnostics(uri, version);
    assert_eq!(
        find(&d, "escalation.absolute")["range"],
        range(0, 23, 0, 33)
    );
    assert!(client.shutdown());
}

#[test]
fn a_full_text_change_replaces_the_buffer() {
    let uri = "untitled:full.md";
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), None);
    client.open(uri, "markdown", "You always do this.");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": "Thanks — I’ll fix it 🙂. Obviously it broke."}]}),
    );
    let d = client.diagnostics(uri, 2);
    assert_eq!(codes(&d)[0], "escalation.certainty");
    // "Thanks — I’ll fix it 🙂. ": the emoji is two UTF-16 units.
    assert_eq!(d[0]["range"], range(0, 25, 0, 34));
    assert!(client.shutdown());
}

#[test]
fn changes_are_read_after_the_debounce_without_a_request() {
    let uri = "untitled:later.md";
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), None);
    client.open(uri, "markdown", "Thanks for the report.\n");
    let v = client.edit(
        uri,
        &[json!({"range": range(1, 0, 1, 0), "newText": "Obviously it works."})],
    );
    let d = client.diagnostics(uri, v);
    assert_eq!(find(&d, "escalation.certainty")["range"], range(1, 0, 1, 9));
    assert!(client.shutdown());
}

#[test]
fn the_hover_explains_a_finding_and_elsewhere_shows_the_scores() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(Value::Null, None);
    client.open(uri, "markdown", HEATED);
    let h = client.hover(uri, 0, 15);
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["range"], range(0, 12, 0, 22));
    assert!(
        md.starts_with("**\"Always\" and \"never\" about a person"),
        "{md}"
    );
    assert!(
        md.contains("`escalation.absolute` · Calm · warning"),
        "{md}"
    );
    assert!(md.contains("**Why.** "), "{md}");
    assert!(
        md.contains("- **Try:** Café’s 🙂 — you often ignore this."),
        "{md}"
    );
    assert!(md.contains("More: tactful rules --explain escalation.absolute"));
    assert!(md.contains("/100 (below your bar of 50)"), "{md}");
    let h = client.hover(uri, 0, 2);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(h["range"].is_null());
    assert!(md.starts_with("**Scores**"), "{md}");
    assert!(md.contains("- Calm 8"), "{md}");
    assert!(
        md.contains("Nothing yet for: empathy, humility, listening, next step."),
        "{md}"
    );
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": range(0, 0, 1, 0)}),
    );
    assert_eq!(hints[0]["position"], json!({"line": 0, "character": 71}));
    let label = hints[0]["label"].as_str().unwrap();
    assert!(label.starts_with("Receptiveness "), "{label}");
    assert!(
        label.ends_with(
            "/100 (below your bar of 50) · empathy 50 · humility 50 · listening 50 · next step 50 · calm 8"
        ),
        "{label}"
    );
    assert!(client.shutdown());
}

#[test]
fn dismiss_here_is_remembered_in_the_store_for_later_drafts() {
    let state = tempfile::tempdir().unwrap();
    let store = Store::at(state.path());
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), Some(store.clone()));
    client.open(uri, "markdown", HEATED);
    let actions = client.code_actions(uri, range(0, 14, 0, 14), Some(json!(["quickfix"])));
    let dismiss = actions.last().unwrap();
    assert_eq!(dismiss["command"]["command"], "tactful.dismiss");
    let command = dismiss["command"].clone();
    client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let d = client.diagnostics(uri, 1);
    assert!(!codes(&d).contains(&"escalation.absolute"), "{d:#?}");
    assert!(codes(&d).contains(&"escalation.absolute-never"));
    let saved = store.load_dismissals();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].dismissal.rule_id, "escalation.absolute");
    assert_eq!(saved[0].dismissal.phrase, "you always");
    assert!(client.shutdown());
    // A later server, another draft with the same words: still dismissed.
    let (mut client, _) = Client::start(Value::Null, Some(store));
    let d = client.open("untitled:other.md", "markdown", "You ALWAYS say that.");
    assert!(!codes(&d).contains(&"escalation.absolute"), "{d:#?}");
    assert!(client.shutdown());
}

#[test]
fn dismissing_without_a_store_is_refused_with_a_reason() {
    let (mut client, _) = Client::start(Value::Null, None);
    let err = client
        .try_request(
            "workspace/executeCommand",
            json!({"command": "tactful.dismiss", "arguments": ["escalation.absolute", "you always"]}),
        )
        .unwrap_err();
    assert_eq!(err, "there is no state directory to remember dismissals in");
    let err = client
        .try_request(
            "workspace/executeCommand",
            json!({"command": "tactful.dismiss", "arguments": []}),
        )
        .unwrap_err();
    assert_eq!(err, "tactful.dismiss takes a rule id and the matched words");
    assert!(client.shutdown());
}

#[test]
fn a_sentence_starter_goes_in_after_the_current_sentence() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), None);
    client.open(uri, "markdown", "The fix is in main. It ships on Friday.\n");
    let actions = client.code_actions(uri, range(0, 4, 0, 4), Some(json!(["refactor"])));
    let empathy: Vec<&Value> = actions
        .iter()
        .filter(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Add a sentence for empathy: ")
        })
        .collect();
    assert_eq!(empathy.len(), 2, "{actions:#?}");
    assert!(actions.iter().all(|a| a["kind"] == "refactor.rewrite"));
    let edits = empathy[0]["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits[0]["range"], range(0, 19, 0, 19));
    let starter = edits[0]["newText"].as_str().unwrap();
    assert!(
        starter.starts_with(' ') && starter.contains("___"),
        "{starter:?}"
    );
    let v = client.edit(uri, edits);
    assert_eq!(
        client.text(uri),
        format!("The fix is in main.{starter} It ships on Friday.\n")
    );
    client.diagnostics(uri, v);
    assert!(client.shutdown());
}

#[test]
fn quoted_lines_are_not_held_against_the_writer() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(Value::Null, None);
    let d = client.open(
        uri,
        "mail",
        "> You always break the build. Obviously nobody tests anything!!\n\nThanks, I’ll look at the build today.\n",
    );
    assert!(
        d.iter().all(|x| x["code"] == "score"),
        "quoted words raised {d:#?}"
    );
    assert!(client.shutdown());
}

#[test]
fn git_comment_lines_are_not_read() {
    let (mut client, _) = Client::start(Value::Null, None);
    let d = client.open(
        "file:///tmp/repo/.git/COMMIT_EDITMSG",
        "gitcommit",
        "Fix the cache timeout\n\n# Obviously you always forget this!!\n# ------------------------ >8 ------------------------\n+ never ever\n",
    );
    assert!(d.iter().all(|x| x["code"] == "score"), "{d:#?}");
    assert!(client.shutdown());
}

#[test]
fn a_thread_file_makes_listening_read_the_message_answered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("thread.md"),
        "Ana:\nThe nightly build keeps failing on the ARM runners since the upgrade.\n",
    )
    .unwrap();
    let reply = "So the nightly build fails on the ARM runners. I will look into it today.\n";
    let buffer = dir.path().join("drafts").join("reply.md");
    std::fs::create_dir_all(buffer.parent().unwrap()).unwrap();
    let uri = file_uri(&buffer);
    let (mut client, _) = Client::start(json!({"cueHints": true}), None);
    // No thread named yet: nothing to reflect.
    let d = client.open(&uri, "markdown", reply);
    assert!(!codes(&d).contains(&"listening.reflect"), "{d:#?}");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    std::fs::write(dir.path().join(".tactful-thread"), "thread.md\n").unwrap();
    let d = client.open(&uri, "markdown", reply);
    let reflect = find(&d, "listening.reflect");
    assert_eq!(reflect["severity"], 3, "cues are information");
    let h = client.hover(&uri, 1, 0);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains(&format!(
            "Listening is read against the message you answer, from {}.",
            dir.path().join("thread.md").display()
        )),
        "{md}"
    );
    assert!(client.shutdown());
}

#[test]
fn a_draft_in_a_temporary_directory_reads_the_thread_named_in_the_workspace() {
    // As `GH_EDITOR=nvim gh issue comment 42` has it: the draft in a
    // temporary directory, the `.tactful-thread` where gh was run.
    let work = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("issue.json"),
        r#"{"title": "Build", "body": "The nightly build keeps failing on the ARM runners.", "author": {"login": "ana"}, "comments": []}"#,
    )
    .unwrap();
    std::fs::write(work.path().join(".tactful-thread"), "issue.json\n").unwrap();
    let (mut client, _) = Client::start_with(
        json!({"cueHints": true}),
        json!({}),
        json!(file_uri(work.path())),
        None,
    );
    let uri = file_uri(&tmp.path().join("1234.md"));
    let d = client.open(
        &uri,
        "markdown",
        "So the nightly build fails on the ARM runners. I will look into it today.\n",
    );
    assert!(codes(&d).contains(&"listening.reflect"), "{d:#?}");
    assert!(client.shutdown());
}

#[test]
fn a_thread_comment_that_names_a_missing_file_is_a_warning_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("reply.md"));
    let (mut client, _) = Client::start(Value::Null, None);
    let d = client.open(
        &uri,
        "markdown",
        "Thanks for the report.\n<!-- tactful: thread=gone.json -->\n",
    );
    let t = find(&d, "thread");
    assert_eq!(t["severity"], 2);
    assert_eq!(t["range"], range(1, 0, 1, 34));
    assert_eq!(
        t["message"],
        format!(
            "tactful could not read the thread {}: no such file",
            dir.path().join("gone.json").display()
        )
    );
    assert!(client.shutdown());
}

#[test]
fn settings_from_the_client_change_the_bar_the_cue_hints_and_the_intent() {
    let uri = "untitled:reply.md";
    let (mut client, _) = Client::start(json!({"tactful": {"minScore": 0}}), None);
    let d = client.open(uri, "markdown", HEATED);
    assert!(!codes(&d).contains(&"score"), "a bar of 0 is always met");
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tactful": {"minScore": 90, "cueHints": true, "intent": "no-such"}}}),
    );
    let shown = client.next_notification("window/showMessage");
    assert_eq!(shown["type"], 2);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .starts_with("tactful: unknown intent \"no-such\" (one of: "),
        "{shown}"
    );
    let h = client.hover(uri, 0, 2);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("below your bar of 90")
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"colour": "red"}}),
    );
    let shown = client.next_notification("window/showMessage");
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("unknown setting \"colour\""),
        "{shown}"
    );
    assert!(client.shutdown());
}

#[test]
fn custom_packs_from_the_client_are_used_and_bad_ones_are_reported() {
    let packs = tempfile::tempdir().unwrap();
    std::fs::write(packs.path().join("broken.toml"), "[[rule]]\nid = 3\n").unwrap();
    let (mut client, _) =
        Client::start(json!({"prompts": packs.path().display().to_string()}), None);
    let shown = client.next_notification("window/showMessage");
    assert!(
        shown["message"].as_str().unwrap().contains("broken.toml"),
        "{shown}"
    );
    // The built-in packs still serve.
    let d = client.open("untitled:r.md", "markdown", HEATED);
    assert!(codes(&d).contains(&"escalation.absolute"));
    assert!(client.shutdown());
}

#[test]
fn unknown_requests_get_method_not_found_and_exit_without_shutdown_is_unclean() {
    let (mut client, _) = Client::start(Value::Null, None);
    let err = client
        .try_request("textDocument/definition", json!({}))
        .unwrap_err();
    assert_eq!(err, "tactful does not handle textDocument/definition");
    client.notify("exit", Value::Null);
    assert!(!client.server.take().unwrap().join().unwrap().unwrap());
}

#[test]
fn after_shutdown_only_exit_is_answered() {
    let (mut client, _) = Client::start(Value::Null, None);
    client.request("shutdown", Value::Null);
    // Neovim 0.7 asks twice when it quits after stopping the client.
    let err = client.try_request("shutdown", Value::Null).unwrap_err();
    assert_eq!(err, "the server is shutting down");
    client.notify("exit", Value::Null);
    assert!(client.server.take().unwrap().join().unwrap().unwrap());
}

const SENTENCES: &[&str] = &[
    "I hear that the release broke your builds, and I’m sorry it cost you a day. ",
    "You always ignore the changelog, obviously nobody reads it!! ",
    "Could you tell me which runner fails — the ARM one or the x86 one? ",
    "Café’s build 🙂 passed once, but I might be wrong about the cache. ",
    "Next, I'll pin the old version and get back to you by Friday. ",
];

fn long_draft(words: usize, paragraphs: bool) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.split_whitespace().count() < words {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        if paragraphs && i % 6 == 5 {
            s.push_str("\n\n");
        }
        i += 1;
    }
    s
}

/// Every flag diagnostic covers exactly the bytes of a flag the engine
/// finds in `text`, in order.
#[track_caller]
fn same_as_engine(text: &str, diagnostics: &[Value]) {
    let engine = tactful::prompts::builtin_engine().unwrap();
    let analysis = engine.analyze(text, &tactful_engine::Context::default());
    let flags: Vec<_> = analysis.flags().collect();
    let shown: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] != "score")
        .collect();
    assert_eq!(shown.len(), flags.len());
    assert!(flags.len() > 200, "{} flags", flags.len());
    for (d, f) in shown.iter().zip(flags) {
        assert_eq!(d["code"], f.rule_id.as_str());
        let start = offset(text, &d["range"]["start"], false);
        let end = offset(text, &d["range"]["end"], false);
        assert_eq!((start, end), (f.byte_start, f.byte_end), "{d}");
        assert_eq!(&text[start..end], f.matched);
    }
}

#[test]
fn a_5000_word_buffer_stays_correct_through_an_edit() {
    for paragraphs in [true, false] {
        let uri = "untitled:long.md";
        let text = long_draft(5000, paragraphs);
        let (mut client, _) = Client::start(json!({"debounceMs": 0}), None);
        let d = client.open(uri, "markdown", &text);
        same_as_engine(&text, &d);
        // Type over an "always" in the middle of the buffer.
        let middle = text[text.len() / 2..].find("always").unwrap() + text.len() / 2;
        let line = text[..middle].matches('\n').count() as u32;
        let line_start = text[..middle].rfind('\n').map_or(0, |i| i + 1);
        let character = text[line_start..middle]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>() as u32;
        let v = client.edit(
            uri,
            &[json!({"range": range(line, character, line, character + 6), "newText": "often"})],
        );
        let d = client.diagnostics(uri, v);
        let edited = client.text(uri).to_string();
        assert_eq!(edited.len(), text.len() - 1);
        same_as_engine(&edited, &d);
        assert!(client.shutdown());
    }
}

/// One message in the protocol's framing.
fn frame(v: &Value) -> Vec<u8> {
    let body = serde_json::to_string(v).unwrap();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_frame(r: &mut impl BufRead) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        assert!(
            r.read_line(&mut line).unwrap() > 0,
            "the server closed its output"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            len = n.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_real_process_speaks_json_rpc_over_stdio() {
    let state = tempfile::tempdir().unwrap();
    let config = state.path().join("config.toml");
    std::fs::write(&config, "min_score = 0\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tactful"))
        .args(["--config", config.to_str().unwrap(), "lsp", "--stdio"])
        .env("XDG_STATE_HOME", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
        ))
        .unwrap();
    let init = read_frame(&mut stdout);
    assert_eq!(init["id"], 1);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": "untitled:r.md", "languageId": "markdown",
                "version": 1, "text": "You always ignore this!!"}}}),
        ))
        .unwrap();
    let published = read_frame(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The configuration file's bar of 0 is met: no score note.
    assert_eq!(
        codes,
        vec![
            "escalation.absolute",
            "tone.heat",
            "escalation.exclamations"
        ]
    );
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ))
        .unwrap();
    assert_eq!(read_frame(&mut stdout)["id"], 2);
    stdin
        .write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})))
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
}
