//! `shipgate lsp`: a language server over stdio.
//!
//! Synchronous (`lsp-server`, no async runtime). Each open document is linted with the
//! same engine as `shipgate check --stdin-filename`: the document's text as that file,
//! the rest of its workspace folder as context for cross-file rules. Diagnostics carry
//! UTF-16 ranges, the rule's code with a link to its doc, and related information for
//! cross-file findings; hovering a diagnostic shows the rule doc; a quick fix inserts a
//! suppression comment. `shipgate.toml` changes reload the configuration.
//!
//! Edits are coalesced: queued notifications are drained before linting, so a burst of
//! `didChange` costs one lint per document.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::Url;
use serde_json::{json, Value};

use crate::config::{CliOverrides, Config};
use crate::diagnostics::{Diagnostic, Severity};
use crate::discovery::{classify_path, display_path, Candidate};
use crate::engine::{self, CheckRequest};
use crate::rules::find_rule;

const CONFIG_NAME: &str = "shipgate.toml";

/// Run the server on stdin/stdout; returns the process exit code.
pub fn run_stdio() -> i32 {
    let (conn, io) = Connection::stdio();
    let result = serve(&conn);
    drop(conn);
    let joined = io.join();
    match (result, joined) {
        (Ok(()), Ok(())) => 0,
        (Err(e), _) => {
            eprintln!("shipgate lsp: {e}");
            1
        }
        (_, Err(e)) => {
            eprintln!("shipgate lsp: {e}");
            1
        }
    }
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Serve one client over `conn` until it exits.
pub fn serve(conn: &Connection) -> Result<(), Error> {
    let (id, params) = conn.initialize_start()?;
    let init: lsp::InitializeParams = serde_json::from_value(params)?;
    let caps = lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        workspace: Some(lsp::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    };
    let result = lsp::InitializeResult {
        capabilities: caps,
        server_info: Some(lsp::ServerInfo {
            name: "shipgate".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;

    let mut server = Server::new(&init);
    if init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        == Some(true)
    {
        server.register_config_watcher(conn)?;
    }
    loop {
        let Ok(msg) = conn.receiver.recv() else {
            return Ok(());
        };
        if server.handle(conn, msg)? == Flow::Exit {
            return Ok(());
        }
        // coalesce: take everything already queued before linting
        while let Ok(msg) = conn.receiver.try_recv() {
            if server.handle(conn, msg)? == Flow::Exit {
                return Ok(());
            }
        }
        server.lint_dirty(conn)?;
    }
}

#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

struct Document {
    text: String,
    version: i32,
}

/// What was last published for a document: for hover and code actions.
struct Published {
    diagnostic: lsp::Diagnostic,
    code: &'static str,
}

struct Server {
    folders: Vec<PathBuf>,
    docs: BTreeMap<Url, Document>,
    dirty: BTreeSet<Url>,
    published: HashMap<Url, Vec<Published>>,
    /// Loaded configuration per context root.
    configs: HashMap<PathBuf, Arc<Config>>,
    shutdown: bool,
    next_request: i32,
}

impl Server {
    fn new(init: &lsp::InitializeParams) -> Self {
        let mut folders: Vec<PathBuf> = init
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(p) = init.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
                folders.push(p);
            }
        }
        Server {
            folders,
            docs: BTreeMap::new(),
            dirty: BTreeSet::new(),
            published: HashMap::new(),
            configs: HashMap::new(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn register_config_watcher(&mut self, conn: &Connection) -> Result<(), Error> {
        let opts = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(format!("**/{CONFIG_NAME}")),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "shipgate-config".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(serde_json::to_value(opts)?),
            }],
        };
        self.next_request += 1;
        conn.sender.send(Message::Request(Request::new(
            RequestId::from(format!("shipgate-{}", self.next_request)),
            "client/registerCapability".into(),
            params,
        )))?;
        Ok(())
    }

    fn handle(&mut self, conn: &Connection, msg: Message) -> Result<Flow, Error> {
        match msg {
            Message::Request(req) => {
                if req.method == "shutdown" {
                    self.shutdown = true;
                    conn.sender
                        .send(Message::Response(Response::new_ok(req.id, Value::Null)))?;
                    return Ok(Flow::Continue);
                }
                let resp = self.request(req);
                conn.sender.send(Message::Response(resp))?;
            }
            Message::Response(_) => {}
            Message::Notification(n) => {
                if n.method == "exit" {
                    return Ok(Flow::Exit);
                }
                if !self.shutdown {
                    self.notification(conn, n)?;
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/hover" => serde_json::from_value(req.params)
                .map(|p| serde_json::to_value(self.hover(&p)).unwrap_or(Value::Null)),
            "textDocument/codeAction" => serde_json::from_value(req.params)
                .map(|p| serde_json::to_value(self.code_actions(&p)).unwrap_or(Value::Null)),
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("unsupported request {}", req.method),
                )
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
        }
    }

    fn notification(&mut self, conn: &Connection, n: Notification) -> Result<(), Error> {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                self.docs.insert(
                    uri.clone(),
                    Document {
                        text: p.text_document.text,
                        version: p.text_document.version,
                    },
                );
                self.dirty.insert(uri);
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                // full sync: the last change holds the whole text
                if let (Some(doc), Some(change)) = (
                    self.docs.get_mut(&uri),
                    p.content_changes.into_iter().last(),
                ) {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                }
                if is_config(&uri) {
                    self.reload_config();
                } else {
                    self.dirty.insert(uri);
                }
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                if is_config(&p.text_document.uri) {
                    self.reload_config();
                } else {
                    // the saved file is context for the other open documents
                    self.dirty.extend(self.docs.keys().cloned());
                }
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.dirty.remove(&uri);
                self.published.remove(&uri);
                publish(conn, &uri, Vec::new(), None)?;
            }
            "workspace/didChangeWatchedFiles" => {
                let p: lsp::DidChangeWatchedFilesParams = serde_json::from_value(n.params)?;
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.reload_config();
                } else {
                    self.dirty.extend(self.docs.keys().cloned());
                }
            }
            "workspace/didChangeWorkspaceFolders" => {
                let p: lsp::DidChangeWorkspaceFoldersParams = serde_json::from_value(n.params)?;
                for f in p.event.removed {
                    if let Ok(path) = f.uri.to_file_path() {
                        self.folders.retain(|x| *x != path);
                    }
                }
                for f in p.event.added {
                    if let Ok(path) = f.uri.to_file_path() {
                        self.folders.push(path);
                    }
                }
                self.configs.clear();
                self.dirty.extend(self.docs.keys().cloned());
            }
            _ => {}
        }
        Ok(())
    }

    fn reload_config(&mut self) {
        self.configs.clear();
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// The directory linted as context for `path`: its workspace folder, else its
    /// directory.
    fn context_root(&self, path: &Path) -> PathBuf {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
            .cloned()
            .or_else(|| path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("/"))
    }

    fn config(
        &mut self,
        conn: &Connection,
        root: &Path,
        file: &Path,
    ) -> Result<Arc<Config>, Error> {
        if let Some(c) = self.configs.get(root) {
            return Ok(Arc::clone(c));
        }
        let config = match Config::load(None, file, &CliOverrides::default()) {
            Ok(c) => c,
            Err(e) => {
                show_message(
                    conn,
                    lsp::MessageType::ERROR,
                    format!("shipgate: invalid configuration: {e}"),
                )?;
                // lint with the defaults until the file is fixed
                Config::from_str("", None, &CliOverrides::default()).map_err(|e| e.to_string())?
            }
        };
        let config = Arc::new(config);
        self.configs.insert(root.to_path_buf(), Arc::clone(&config));
        Ok(config)
    }

    fn lint_dirty(&mut self, conn: &Connection) -> Result<(), Error> {
        let dirty = std::mem::take(&mut self.dirty);
        for uri in dirty {
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let (text, version) = (doc.text.clone(), doc.version);
            let Ok(path) = uri.to_file_path() else {
                continue;
            };
            if is_config(&uri) {
                continue;
            }
            let root = self.context_root(&path);
            let config = self.config(conn, &root, &path)?;
            let diags = lint(&root, &path, &text, &config);
            let published: Vec<Published> = diags
                .iter()
                .map(|d| Published {
                    diagnostic: to_lsp(d, &text, &root, &uri),
                    code: d.rule.code,
                })
                .collect();
            let list = published.iter().map(|p| p.diagnostic.clone()).collect();
            self.published.insert(uri.clone(), published);
            publish(conn, &uri, list, Some(version))?;
        }
        Ok(())
    }

    fn hover(&self, p: &lsp::HoverParams) -> Option<lsp::Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let pos = p.text_document_position_params.position;
        let mut seen = BTreeSet::new();
        let mut parts = Vec::new();
        let mut range = None;
        for d in self.published.get(uri)? {
            if !contains(d.diagnostic.range, pos) || !seen.insert(d.code) {
                continue;
            }
            let Some((_, rule)) = find_rule(d.code) else {
                continue;
            };
            range.get_or_insert(d.diagnostic.range);
            parts.push(format!(
                "**{} {}** · {} · {}\n\n{}",
                rule.meta.code,
                rule.meta.name,
                rule.meta.gate.as_str(),
                rule.meta.summary,
                rule.meta.doc_body().trim()
            ));
        }
        if parts.is_empty() {
            return None;
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let Ok(path) = uri.to_file_path() else {
            return Vec::new();
        };
        let candidate = classify_path(&path, &Default::default());
        if !hash_comments(&path, &candidate) {
            return Vec::new();
        }
        let lines = LineStarts::new(&doc.text);
        let mut out = Vec::new();
        let mut done = BTreeSet::new();
        for d in &p.context.diagnostics {
            if d.source.as_deref() != Some("shipgate") {
                continue;
            }
            let Some(lsp::NumberOrString::String(code)) = &d.code else {
                continue;
            };
            let line = match candidate {
                Candidate::Dockerfile => instruction_start_line(&doc.text, &lines, d.range.start),
                _ => d.range.start.line,
            };
            if !done.insert((code.clone(), line)) {
                continue;
            }
            let Some(start) = lines.start(line as usize) else {
                continue;
            };
            let line_text = &doc.text[start..];
            let indent: String = line_text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let insert = lsp::Position { line, character: 0 };
            let edit = lsp::TextEdit {
                range: lsp::Range {
                    start: insert,
                    end: insert,
                },
                new_text: format!("{indent}# shipgate: ignore[{code}] <reason>\n"),
            };
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), vec![edit]);
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Suppress {code} here (with a reason)"),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
        out
    }
}

/// Whether suppression comments in this file start with `#`.
fn hash_comments(path: &Path, candidate: &Candidate) -> bool {
    matches!(candidate, Candidate::Dockerfile)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The line of the Dockerfile instruction containing `pos` (suppressions go above it).
fn instruction_start_line(text: &str, lines: &LineStarts, pos: lsp::Position) -> u32 {
    let Some(offset) = lines.offset(text, pos) else {
        return pos.line;
    };
    let Ok(df) = crate::syntax::dockerfile::parse(text) else {
        return pos.line;
    };
    // the last instruction starting at or before the offset contains it
    df.ast
        .instructions
        .iter()
        .map(|i| crate::syntax::dockerfile::keyword_span(i).start)
        .filter(|&start| start <= offset)
        .max()
        .map_or(pos.line, |start| lines.line_of(start) as u32)
}

fn is_config(uri: &Url) -> bool {
    uri.path().ends_with(&format!("/{CONFIG_NAME}"))
}

fn contains(r: lsp::Range, p: lsp::Position) -> bool {
    let after_start = (p.line, p.character) >= (r.start.line, r.start.character);
    let before_end = (p.line, p.character) <= (r.end.line, r.end.character);
    after_start && before_end
}

/// Lint `text` as the file `path`, with `root` as context; findings of that file only.
fn lint(root: &Path, path: &Path, text: &str, config: &Config) -> Vec<Diagnostic> {
    let req = CheckRequest {
        paths: Vec::new(),
        cwd: root.to_path_buf(),
        jobs: 0,
        keep_sources: false,
        stdin: Some((path.to_path_buf(), text.to_string())),
        repo: false,
        context: true,
        cache_dir: engine::default_cache_dir(),
        context_root: Some(root.to_path_buf()),
    };
    let report = engine::check(&req, config);
    let me = display_path(path, root);
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.path == me && d.loc.is_some())
        .collect()
}

fn to_lsp(d: &Diagnostic, text: &str, root: &Path, uri: &Url) -> lsp::Diagnostic {
    let lines = LineStarts::new(text);
    let range = d.loc.map_or_else(lsp::Range::default, |l| lsp::Range {
        start: lines.position(text, l.span.start),
        end: lines.position(text, l.span.end),
    });
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let (uri, range) = match &label.path {
                None => (uri.clone(), range_in(text, label.loc.span)),
                Some(p) => {
                    let abs = root.join(p);
                    let other = std::fs::read_to_string(&abs).ok()?;
                    (
                        Url::from_file_path(&abs).ok()?,
                        range_in(&other, label.loc.span),
                    )
                }
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri, range },
                message: label.message.clone(),
            })
        })
        .collect();
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    lsp::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_string())),
        code_description: Url::parse(d.rule.url)
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("shipgate".into()),
        message: format!("{} [{}]\nhelp: {}", d.message, d.rule.name, d.help_text()),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "gate": d.rule.gate.as_str() })),
    }
}

fn range_in(text: &str, span: crate::source::Span) -> lsp::Range {
    let lines = LineStarts::new(text);
    lsp::Range {
        start: lines.position(text, span.start),
        end: lines.position(text, span.end),
    }
}

fn publish(
    conn: &Connection,
    uri: &Url,
    diagnostics: Vec<lsp::Diagnostic>,
    version: Option<i32>,
) -> Result<(), Error> {
    let params = lsp::PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics,
        version,
    };
    conn.sender.send(Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".into(),
        params,
    )))?;
    Ok(())
}

fn show_message(conn: &Connection, typ: lsp::MessageType, message: String) -> Result<(), Error> {
    conn.sender.send(Message::Notification(Notification::new(
        "window/showMessage".into(),
        lsp::ShowMessageParams { typ, message },
    )))?;
    Ok(())
}

/// Byte offsets of line starts, for UTF-16 positions (what LSP clients count).
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut v = vec![0];
        v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(v)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    fn start(&self, line: usize) -> Option<usize> {
        self.0.get(line).copied()
    }

    fn position(&self, text: &str, offset: usize) -> lsp::Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.0[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        lsp::Position {
            line: line as u32,
            character: character as u32,
        }
    }

    fn offset(&self, text: &str, pos: lsp::Position) -> Option<usize> {
        let start = self.start(pos.line as usize)?;
        let mut units = 0u32;
        for (i, c) in text[start..].char_indices() {
            if units >= pos.character || c == '\n' {
                return Some(start + i);
            }
            units += c.len_utf16() as u32;
        }
        Some(text.len())
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions() {
        let text = "a: é😀x\nb: y\n";
        let lines = LineStarts::new(text);
        let x = text.find('x').unwrap_or(0);
        // é is 1 UTF-16 unit, 😀 is 2
        assert_eq!(lines.position(text, x), lsp::Position::new(0, 6));
        assert_eq!(lines.offset(text, lsp::Position::new(0, 6)), Some(x));
        let y = text.find('y').unwrap_or(0);
        assert_eq!(lines.position(text, y), lsp::Position::new(1, 3));
        assert_eq!(lines.line_of(text.len()), 2);
    }
}
