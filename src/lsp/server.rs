//! The server loop: the handshake, open buffers, the debounce, and the
//! worker thread that reads them.
//!
//! One thread (this loop) owns the buffers and answers every message; it
//! never runs the engine for a keystroke. A change marks its buffer due a
//! short while later (`debounceMs`); a burst of changes keeps pushing that
//! moment back, so only the last text of a burst is read. A due buffer goes
//! to the worker thread as a snapshot (its text and version); the result
//! comes back on a channel and is published only if the buffer is still at
//! that version. A request that needs the reading of the current text (a
//! code action, a hover, the inlay) reads it on the spot when the worker
//! has not yet: the person asked, so the answer must match what they see.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde_json::Value;

use super::Options;
use super::context::{self, BufferKind, ThreadCache};
use super::features::{self, Checked, DISMISS_COMMAND, EditStyle, STARTER_KIND, View};
use super::settings::{Base, ClientLayer, Settings};
use super::text::{Encoding, Pos, Text};
use crate::store::{Dismissed, Store};
use tactful_engine::{Context, Dismissal, Engine};

/// An open buffer.
struct Doc {
    uri: lsp::Uri,
    version: i32,
    text: Text,
    kind: BufferKind,
    path: Option<PathBuf>,
    /// The latest reading, of whatever version it was made for.
    checked: Option<Arc<Checked>>,
}

/// What the worker needs to read one buffer at one version.
struct Job {
    key: String,
    version: i32,
    text: String,
    kind: BufferKind,
    path: Option<PathBuf>,
    root: PathBuf,
    engine: Arc<Engine>,
    intent: Option<String>,
}

struct Done {
    key: String,
    checked: Checked,
}

/// What both the loop and the worker read with.
struct Reader {
    threads: Mutex<ThreadCache>,
    store: Option<Store>,
}

impl Reader {
    fn check(&self, job: &Job) -> Checked {
        let prepared = {
            let mut threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
            context::prepare(
                &job.engine,
                &job.text,
                job.kind,
                job.path.as_deref(),
                Some(&job.root),
                &mut threads,
            )
        };
        let dismissed: Vec<Dismissal> = self
            .store
            .as_ref()
            .map(|s| s.load_dismissals())
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.dismissal)
            .collect();
        let analysis = job.engine.analyze(
            &prepared.text,
            &Context {
                answering: prepared.answering.as_deref(),
                intent: job.intent.as_deref(),
                dismissed: &dismissed,
            },
        );
        Checked {
            version: job.version,
            analysis,
            prepared_text: prepared.text,
            source: prepared.source,
            problem: prepared.problem,
        }
    }
}

struct Server<'c> {
    conn: &'c Connection,
    base: Base,
    client: ClientLayer,
    settings: Settings,
    engine: Arc<Engine>,
    /// The pack directory the engine was built from.
    engine_prompts: Option<PathBuf>,
    reader: Arc<Reader>,
    enc: Encoding,
    edit_style: EditStyle,
    root: PathBuf,
    docs: HashMap<String, Doc>,
    /// Buffers waiting to be read, and from when.
    due: HashMap<String, Instant>,
    /// Buffers the worker is reading.
    busy: HashSet<String>,
    jobs: Sender<Job>,
}

/// Serves one client on a connection until it says `exit`. Returns whether
/// the client asked for `shutdown` first (the exit status the protocol
/// asks for: 0 if it did, 1 if not).
pub fn serve(conn: Connection, options: Options) -> anyhow::Result<bool> {
    let (id, params) = conn.initialize_start()?;
    let init: lsp::InitializeParams = serde_json::from_value(params)
        .map_err(|e| anyhow::anyhow!("the initialize request is malformed: {e}"))?;
    let enc = negotiate_encoding(&init.capabilities);
    let edit_style = if init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.document_changes)
        .unwrap_or(false)
    {
        EditStyle::Versioned
    } else {
        EditStyle::Changes
    };
    let root = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| uri_path(&f.uri))
        .or_else(|| {
            #[allow(deprecated)]
            init.root_uri.as_ref().and_then(uri_path)
        })
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut client = ClientLayer::default();
    let mut problems = match &init.initialization_options {
        Some(v) => client.update(v, &root),
        None => Vec::new(),
    };
    let settings = Settings::resolve(&options.base, &client);
    let (engine, engine_problem) = match build_engine(settings.prompts.as_deref()) {
        Ok(e) => (e, None),
        // Bad custom packs: say so, and serve with the built-in ones.
        Err(e) => (crate::prompts::builtin_engine()?, Some(e)),
    };
    problems.extend(engine_problem);
    let result = lsp::InitializeResult {
        capabilities: capabilities(enc),
        server_info: Some(lsp::ServerInfo {
            name: "tactful".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;

    let reader = Arc::new(Reader {
        threads: Mutex::new(ThreadCache::default()),
        store: options.store,
    });
    let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<Done>();
    let worker = {
        let reader = Arc::clone(&reader);
        std::thread::Builder::new()
            .name("tactful-lsp-worker".into())
            .spawn(move || worker(&reader, &job_rx, &done_tx))?
    };
    let mut server = Server {
        conn: &conn,
        engine_prompts: settings.prompts.clone(),
        base: options.base,
        client,
        settings,
        engine: Arc::new(engine),
        reader,
        enc,
        edit_style,
        root,
        docs: HashMap::new(),
        due: HashMap::new(),
        busy: HashSet::new(),
        jobs,
    };
    server.check_intent(&mut problems);
    for p in problems {
        server.show(lsp::MessageType::WARNING, p);
    }
    let shutdown = server.run(&done_rx)?;
    drop(server);
    let _ = worker.join();
    Ok(shutdown)
}

fn worker(reader: &Reader, jobs: &Receiver<Job>, done: &Sender<Done>) {
    while let Ok(first) = jobs.recv() {
        // Only the latest snapshot of each buffer is worth reading.
        let mut batch = vec![first];
        while let Ok(more) = jobs.try_recv() {
            batch.retain(|j| j.key != more.key);
            batch.push(more);
        }
        for job in batch {
            let checked = reader.check(&job);
            if done
                .send(Done {
                    key: job.key,
                    checked,
                })
                .is_err()
            {
                return;
            }
        }
    }
}

fn build_engine(prompts: Option<&Path>) -> Result<Engine, String> {
    let library = tactful_engine::packs::load(prompts).map_err(|e| e.to_string())?;
    Engine::new(library).map_err(|e| e.to_string())
}

/// UTF-8 when the client offers it (no conversion at all), else the
/// protocol's UTF-16.
fn negotiate_encoding(caps: &lsp::ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn capabilities(enc: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::new(enc.name())),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::from(STARTER_KIND),
                ]),
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![DISMISS_COMMAND.to_string()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The file a `file:` URI names.
pub fn uri_path(uri: &lsp::Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

impl Server<'_> {
    fn run(&mut self, done: &Receiver<Done>) -> anyhow::Result<bool> {
        // After `shutdown` the server answers nothing but `exit`. Some
        // clients ask to shut down twice (Neovim 0.7 on `:qa` after
        // `stop_client`); the second gets an error, not a broken pipe.
        let mut shut_down = false;
        loop {
            self.dispatch_due();
            let wait = self
                .next_due()
                .map(|t| t.saturating_duration_since(Instant::now()));
            let timeout = crossbeam_channel::after(wait.unwrap_or(Duration::from_secs(3600)));
            select! {
                recv(self.conn.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(false) };
                    match msg {
                        Message::Request(req) if shut_down => self.respond(
                            req.id,
                            Err((ErrorCode::InvalidRequest, "the server is shutting down".into())),
                        ),
                        Message::Request(req) if req.method == lsp::request::Shutdown::METHOD => {
                            shut_down = true;
                            self.respond(req.id, Ok(Value::Null));
                        }
                        Message::Request(req) => self.request(req),
                        Message::Notification(n) if n.method == lsp::notification::Exit::METHOD => {
                            return Ok(shut_down);
                        }
                        Message::Notification(_) if shut_down => {}
                        Message::Notification(n) => self.notification(n),
                        // Answers to what the server asked (none it waits for).
                        Message::Response(_) => {}
                    }
                }
                recv(done) -> d => {
                    if let Ok(d) = d {
                        self.finished(d);
                    }
                }
                recv(timeout) -> _ => {}
            }
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.due
            .iter()
            .filter(|(k, _)| !self.busy.contains(*k))
            .map(|(_, t)| *t)
            .min()
    }

    /// Sends every buffer whose quiet time has passed to the worker.
    fn dispatch_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(k, t)| **t <= now && !self.busy.contains(*k))
            .map(|(k, _)| k.clone())
            .collect();
        for key in ready {
            self.due.remove(&key);
            if let Some(job) = self.job(&key) {
                self.busy.insert(key);
                let _ = self.jobs.send(job);
            }
        }
    }

    fn job(&self, key: &str) -> Option<Job> {
        let doc = self.docs.get(key)?;
        Some(Job {
            key: key.to_string(),
            version: doc.version,
            text: doc.text.as_str().to_string(),
            kind: doc.kind,
            path: doc.path.clone(),
            root: self.root.clone(),
            engine: Arc::clone(&self.engine),
            intent: self.settings.intent.clone(),
        })
    }

    fn finished(&mut self, done: Done) {
        self.busy.remove(&done.key);
        let Some(doc) = self.docs.get_mut(&done.key) else {
            return;
        };
        if doc.version != done.checked.version {
            // The buffer moved on; its newer text is already due.
            return;
        }
        doc.checked = Some(Arc::new(done.checked));
        self.publish(&done.key);
    }

    /// The reading of a buffer's current text, made now if need be.
    fn current(&mut self, key: &str) -> Option<Arc<Checked>> {
        let doc = self.docs.get(key)?;
        if let Some(c) = &doc.checked
            && c.version == doc.version
        {
            return Some(Arc::clone(c));
        }
        let job = self.job(key)?;
        let checked = Arc::new(self.reader.check(&job));
        self.due.remove(key);
        self.docs.get_mut(key)?.checked = Some(Arc::clone(&checked));
        self.publish(key);
        Some(checked)
    }

    fn publish(&self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let Some(checked) = &doc.checked else {
            return;
        };
        let view = View {
            text: &doc.text,
            checked,
            library: self.engine.library(),
            settings: &self.settings,
            enc: self.enc,
        };
        let params = lsp::PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics: features::diagnostics(&view),
            version: Some(checked.version),
        };
        self.notify::<lsp::notification::PublishDiagnostics>(params);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        let _ = self
            .conn
            .sender
            .send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn show(&self, typ: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
            typ,
            message: format!("tactful: {message}"),
        });
    }

    fn respond(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let response = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, msg)) => Response::new_err(id, code as i32, msg),
        };
        let _ = self.conn.sender.send(response.into());
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            lsp::request::CodeActionRequest::METHOD => parse(req.params)
                .map(|p| self.code_action(p))
                .and_then(to_json),
            lsp::request::HoverRequest::METHOD => {
                parse(req.params).map(|p| self.hover(p)).and_then(to_json)
            }
            lsp::request::InlayHintRequest::METHOD => parse(req.params)
                .map(|p| self.inlay_hints(p))
                .and_then(to_json),
            lsp::request::ExecuteCommand::METHOD => {
                parse(req.params).and_then(|p| self.execute_command(p))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("tactful does not handle {other}"),
            )),
        };
        self.respond(id, result);
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification as ln;
        match n.method.as_str() {
            ln::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                    self.open(p.text_document);
                }
            }
            ln::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                {
                    self.change(p);
                }
            }
            ln::DidSaveTextDocument::METHOD => {
                // A thread file beside the buffer may have changed too.
                if let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    if self.docs.contains_key(&key) {
                        self.due.insert(key, Instant::now());
                    }
                }
            }
            ln::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.docs.remove(&key);
                    self.due.remove(&key);
                    self.notify::<ln::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                        uri: p.text_document.uri,
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
            }
            ln::DidChangeConfiguration::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeConfigurationParams>(n.params)
                {
                    self.configure(&p.settings);
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, doc: lsp::TextDocumentItem) {
        let key = doc.uri.as_str().to_string();
        let path = uri_path(&doc.uri);
        let kind = BufferKind::detect(&doc.language_id, path.as_deref());
        self.docs.insert(
            key.clone(),
            Doc {
                uri: doc.uri,
                version: doc.version,
                text: Text::new(doc.text),
                kind,
                path,
                checked: None,
            },
        );
        // A buffer just opened is read at once.
        self.due.insert(key, Instant::now());
    }

    fn change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let enc = self.enc;
        let Some(doc) = self.docs.get_mut(&key) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(r) => {
                    let range = doc.text.byte_range(
                        Pos {
                            line: r.start.line,
                            character: r.start.character,
                        },
                        Pos {
                            line: r.end.line,
                            character: r.end.character,
                        },
                        enc,
                    );
                    doc.text.replace(range, &change.text);
                }
                None => doc.text = Text::new(change.text),
            }
        }
        doc.version = p.text_document.version;
        self.due
            .insert(key, Instant::now() + self.settings.debounce);
    }

    fn configure(&mut self, value: &Value) {
        let mut problems = self.client.update(value, &self.root);
        self.settings = Settings::resolve(&self.base, &self.client);
        if self.settings.prompts != self.engine_prompts {
            match build_engine(self.settings.prompts.as_deref()) {
                Ok(engine) => self.engine = Arc::new(engine),
                Err(e) => problems.push(e),
            }
            self.engine_prompts = self.settings.prompts.clone();
        }
        self.check_intent(&mut problems);
        for p in problems {
            self.show(lsp::MessageType::WARNING, p);
        }
        self.recheck_all();
    }

    /// An unknown intent is named to the user and not used.
    fn check_intent(&mut self, problems: &mut Vec<String>) {
        if let Some(intent) = &self.settings.intent
            && self.engine.library().intent(intent).is_none()
        {
            let ids: Vec<&str> = self
                .engine
                .library()
                .intents
                .iter()
                .map(|i| i.id.as_str())
                .collect();
            problems.push(format!(
                "unknown intent \"{intent}\" (one of: {})",
                ids.join(", ")
            ));
            self.settings.intent = None;
        }
    }

    fn recheck_all(&mut self) {
        let now = Instant::now();
        for (key, doc) in &mut self.docs {
            doc.checked = None;
            self.due.insert(key.clone(), now);
        }
    }

    fn view_parts(&mut self, uri: &lsp::Uri) -> Option<(String, Arc<Checked>)> {
        let key = uri.as_str().to_string();
        let checked = self.current(&key)?;
        Some((key, checked))
    }

    fn code_action(&mut self, p: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let Some((key, checked)) = self.view_parts(&p.text_document.uri) else {
            return Vec::new();
        };
        let doc = &self.docs[&key];
        let view = View {
            text: &doc.text,
            checked: &checked,
            library: self.engine.library(),
            settings: &self.settings,
            enc: self.enc,
        };
        features::code_actions(
            &view,
            &doc.uri,
            p.range,
            p.context.only.as_deref(),
            self.edit_style,
        )
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        let tdp = p.text_document_position_params;
        let (key, checked) = self.view_parts(&tdp.text_document.uri)?;
        let doc = &self.docs[&key];
        let view = View {
            text: &doc.text,
            checked: &checked,
            library: self.engine.library(),
            settings: &self.settings,
            enc: self.enc,
        };
        Some(features::hover(&view, tdp.position))
    }

    fn inlay_hints(&mut self, p: lsp::InlayHintParams) -> Vec<lsp::InlayHint> {
        let Some((key, checked)) = self.view_parts(&p.text_document.uri) else {
            return Vec::new();
        };
        let doc = &self.docs[&key];
        let view = View {
            text: &doc.text,
            checked: &checked,
            library: self.engine.library(),
            settings: &self.settings,
            enc: self.enc,
        };
        features::inlay_hints(&view, p.range)
    }

    /// `tactful.dismiss RULE_ID MATCHED`: remembered in the same store as
    /// the reply flow's dismissals, so it holds here, in later drafts and in
    /// the reply flow.
    fn execute_command(
        &mut self,
        p: lsp::ExecuteCommandParams,
    ) -> Result<Value, (ErrorCode, String)> {
        if p.command != DISMISS_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command {}", p.command),
            ));
        }
        let (Some(rule), Some(matched)) = (
            p.arguments.first().and_then(Value::as_str),
            p.arguments.get(1).and_then(Value::as_str),
        ) else {
            return Err((
                ErrorCode::InvalidParams,
                format!("{DISMISS_COMMAND} takes a rule id and the matched words"),
            ));
        };
        let Some(store) = &self.reader.store else {
            return Err((
                ErrorCode::RequestFailed,
                "there is no state directory to remember dismissals in".into(),
            ));
        };
        let dismissal = Dismissal::new(rule, matched);
        let mut all = store.load_dismissals();
        all.retain(|d| d.dismissal != dismissal);
        all.push(Dismissed {
            dismissal,
            reason: None,
        });
        store
            .save_dismissals(&all)
            .map_err(|e| (ErrorCode::RequestFailed, format!("{e:#}")))?;
        self.recheck_all();
        Ok(Value::Null)
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_json<T: serde::Serialize>(v: T) -> Result<Value, (ErrorCode, String)> {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}
