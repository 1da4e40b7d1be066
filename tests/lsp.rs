//! The language server, driven by a scripted client over the real binary's stdio:
//! initialize → didOpen → publishDiagnostics → hover → codeAction → didChange →
//! config reload → shutdown/exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

fn read_message(r: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .arg("lsp")
            .current_dir(dir)
            .env("SHIPGATE_CACHE_DIR", dir.join(".cache-none"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn shipgate lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(v) = read_message(&mut stdout) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (other messages are skipped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) && m.get("method").is_none() {
                return m;
            }
            // a server → client request (registerCapability) gets an empty answer
            if m.get("method").is_some() && m.get("id").is_some() {
                let rid = m["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": rid, "result": null}));
            }
        }
    }

    fn recv(&mut self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(60))
            .expect("no message from the server within 60 s")
    }

    /// Wait for the next publishDiagnostics for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"].clone();
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                let rid = m["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": rid, "result": null}));
            }
        }
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn codes(params: &Value) -> Vec<String> {
    let mut v: Vec<String> = params["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn scripted_session() {
    let tmp = tempdir();
    let root = tmp.as_path();
    std::fs::create_dir_all(root.join("app")).expect("mkdir");
    let dockerfile = root.join("app/Dockerfile");
    // the server lints the editor's text, not the file on disk
    std::fs::write(&dockerfile, "FROM alpine:3.20\nUSER 10001\n").expect("write");
    let doc_uri = uri(&dockerfile);

    let mut c = Client::start(root);
    let init = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
        }),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], json!(true));
    assert_eq!(init["result"]["serverInfo"]["name"], "shipgate");
    c.notify("initialized", json!({}));

    // a line with a non-ASCII character before the finding: UTF-16 columns
    let text = "# café ☕\nFROM node:latest\nRUN echo hi\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc_uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    let published = c.diagnostics_for(&doc_uri);
    assert_eq!(published["version"], json!(1));
    let got = codes(&published);
    assert!(got.contains(&"DF001".to_string()), "{got:?}");
    assert!(got.contains(&"DF004".to_string()), "{got:?}");
    let latest = published["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "DF004"))
        .cloned()
        .expect("DF004");
    // `latest` in `FROM node:latest` on line 1 (0-based), columns 10..16
    assert_eq!(
        latest["range"],
        json!({"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 16}})
    );
    assert_eq!(latest["source"], "shipgate");
    assert_eq!(latest["severity"], json!(1));
    assert!(latest["codeDescription"]["href"]
        .as_str()
        .is_some_and(|h| h.contains("from-latest-tag")));

    // hover over the tag shows the rule doc
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc_uri}, "position": {"line": 1, "character": 12}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(value.contains("DF004 from-latest-tag"), "{value}");
    assert!(value.contains("## Why it matters in production"), "{value}");

    // quick fix: a suppression comment with a reason placeholder above the line
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": doc_uri},
            "range": latest["range"],
            "context": {"diagnostics": [latest]}
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][doc_uri.as_str()][0];
    assert_eq!(edit["newText"], "# shipgate: ignore[DF004] <reason>\n");
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 0}));

    // fixing the file clears the finding
    let fixed = "FROM node:22-alpine\nUSER node\nCMD [\"node\", \"s.js\"]\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = c.diagnostics_for(&doc_uri);
    assert_eq!(published["version"], json!(2));
    let got = codes(&published);
    assert!(!got.contains(&"DF004".to_string()), "{got:?}");
    assert!(!got.contains(&"DF001".to_string()), "{got:?}");

    // a config change is picked up without a restart
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc_uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    assert!(codes(&c.diagnostics_for(&doc_uri)).contains(&"DF004".to_string()));
    std::fs::write(root.join("shipgate.toml"), "ignore = [\"DF004\"]\n").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("shipgate.toml")), "type": 1}]}),
    );
    let got = codes(&c.diagnostics_for(&doc_uri));
    assert!(!got.contains(&"DF004".to_string()), "{got:?}");
    assert!(got.contains(&"DF001".to_string()), "{got:?}");

    // closing clears the document's diagnostics
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc_uri}}),
    );
    assert_eq!(codes(&c.diagnostics_for(&doc_uri)), Vec::<String>::new());

    let shutdown = c.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("wait");
    assert!(status.success());
}

#[test]
fn cross_file_context_from_the_workspace() {
    // a compose service without a healthcheck passes when its Dockerfile in the
    // workspace has a HEALTHCHECK: the server must read the workspace as context
    let tmp = tempdir();
    let root = tmp.as_path();
    std::fs::create_dir_all(root.join("api")).expect("mkdir");
    std::fs::write(
        root.join("api/Dockerfile"),
        "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD wget -qO- localhost:8080/health || exit 1\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("worker")).expect("mkdir");
    std::fs::write(
        root.join("worker/Dockerfile"),
        "FROM alpine:3.20\nUSER 10001\n",
    )
    .expect("write");
    let compose = root.join("compose.yaml");
    let service = |name: &str| {
        format!("  {name}:\n    build: ./{name}\n    user: \"10001\"\n    deploy:\n      resources:\n        limits: {{cpus: \"1\", memory: 256M}}\n")
    };
    let text = format!("services:\n{}{}", service("api"), service("worker"));
    let text = text.as_str();
    std::fs::write(&compose, text).expect("write");
    let mut c = Client::start(root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let doc_uri = uri(&compose);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc_uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let published = c.diagnostics_for(&doc_uri);
    // only `worker` lacks a health check anywhere; `api` has one in its Dockerfile
    let dc002: Vec<&Value> = published["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter(|d| d["code"] == "DC002").collect())
        .unwrap_or_default();
    assert_eq!(dc002.len(), 1, "{published}");
    assert_eq!(dc002[0]["range"]["start"]["line"], json!(7), "{published}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().expect("wait").success());
}

/// A temporary directory removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn as_path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> TempDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = std::env::temp_dir().join(format!(
        "shipgate-lsp-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).expect("mkdir");
    // canonical, so file URIs match what the server computes
    TempDir(p.canonicalize().expect("canonicalize"))
}

/// Once for real: Neovim headless starts `shipgate lsp` and shows its diagnostics.
/// Skips (with a message) when `nvim` is not installed; `.ci/run` installs it.
#[test]
fn neovim_headless_shows_diagnostics() {
    let Ok(out) = Command::new("nvim").arg("--version").output() else {
        eprintln!("nvim not installed: skipping the Neovim test");
        return;
    };
    assert!(out.status.success());
    let tmp = tempdir();
    let root = tmp.as_path();
    let dockerfile = root.join("Dockerfile");
    std::fs::write(&dockerfile, "FROM python:latest\nRUN pip install flask\n").expect("write");
    let result = root.join("diagnostics.txt");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // the README's setup starts `shipgate` from PATH
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_shipgate"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut child = Command::new("nvim")
        .arg("--headless")
        .arg("-i")
        .arg("NONE")
        .arg("-u")
        .arg(data.join("nvim-init.lua"))
        .arg("-c")
        .arg(format!("luafile {}", data.join("nvim-lsp.lua").display()))
        .arg(&dockerfile)
        .env("PATH", path)
        .env("XDG_CONFIG_HOME", root.join(".config-none"))
        .env("XDG_DATA_HOME", root.join(".data-none"))
        .env("SHIPGATE_OUT", &result)
        .env("SHIPGATE_CACHE_DIR", root.join(".cache-none"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn nvim");
    // bounded by the harness: Neovim must finish within two minutes
    let mut waited = Duration::ZERO;
    while child.try_wait().expect("wait").is_none() {
        assert!(waited < Duration::from_secs(120), "nvim did not finish");
        std::thread::sleep(Duration::from_millis(100));
        waited += Duration::from_millis(100);
    }
    let text = std::fs::read_to_string(&result).expect("nvim wrote no diagnostics file");
    assert!(
        text.lines()
            .any(|l| l.starts_with("DF004 1:13 ") && l.contains("latest")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("DF001 ")), "{text}");
}
