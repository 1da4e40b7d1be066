//! Kustomize rendering, after the files phase, merged into the files' outcomes before
//! the project phase.
//!
//! * the files phase parses each file once: for the YAML files at or below a
//!   discovered kustomization's directory it also keeps the documents, owned, which
//!   rendering uses as they are; any other file a kustomization references (outside
//!   those directories, not discovered, or ignored) is read and parsed here;
//! * every discovered kustomization is read, its references resolved on disk (facts for
//!   the `kustomize-*` project rules);
//! * each overlay — a kustomization no other one uses as a resource — is rendered:
//!   resources (files and directories, recursively), patches (strategic merge and
//!   JSON 6902), `namespace`, `namePrefix`/`nameSuffix`, labels, annotations, `images`,
//!   `replicas`;
//! * the Kubernetes per-object rules run on each overlay's rendered objects. Every
//!   rendered node keeps the span of the text that produced it, in a virtual address
//!   space where each source file has a base offset; findings are mapped back to the
//!   file, line and column of that text (a base line, a patch line, a kustomization
//!   line);
//! * findings are deduplicated across overlays; one that only some of the overlays
//!   sharing its file have says which; the raw per-file Kubernetes findings of files
//!   the overlays render are replaced by the rendered ones (a base finding every
//!   overlay fixes is not reported).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::FileOutcome;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discovery::Candidate;
use crate::rules::{registry, FileCtx, RuleImpl};
use crate::source::{Loc, SourceFile, Span};
use crate::syntax::k8s::K8sObject;
use crate::syntax::kustomize::{
    self as kz, ImageOverride, Kustomization, KustomizationFact, KustomizeRefFact, ONode,
    PatchKind, RefRole, RefTarget,
};
use crate::syntax::yaml::{self, Node, Value};

/// Deepest chain of kustomizations followed.
const MAX_NESTING: usize = 32;
/// Most objects one overlay renders.
const MAX_OBJECTS: usize = 5_000;
/// Most bytes of source read for rendering, in all.
const MAX_TOTAL_BYTES: usize = 128 * 1024 * 1024;
/// Inline patches longer than this are attributed to their whole scalar.
const MAX_INLINE_MAPPED: usize = 64 * 1024;

struct Loaded {
    base: usize,
    source: SourceFile,
    docs: Vec<ONode>,
}

/// One kustomization, read.
struct Kust {
    /// File id.
    file: usize,
    dir: String,
    discovered: bool,
}

/// An object being rendered, with the names it had (patches and `replicas` match the
/// original name too).
#[derive(Clone)]
struct RObj {
    node: ONode,
    names: Vec<String>,
}

#[derive(Default)]
struct Rendered {
    objects: Vec<RObj>,
    /// Objects beyond [`MAX_OBJECTS`] were left out.
    truncated: bool,
    /// Kustomizations nested deeper than [`MAX_NESTING`] were left out.
    too_deep: bool,
    files: BTreeSet<usize>,
    /// Files used as patches only.
    patch_files: BTreeSet<usize>,
}

/// A file as the files phase parsed it: its text (a byte order mark dropped) and its
/// documents, owned, with spans from the start of the file.
pub(super) struct Parsed {
    pub text: String,
    pub docs: Vec<ONode>,
}

/// The documents of `y`, owned, their spans moved by `base` (0: what [`Parsed`] holds).
pub(super) fn owned_docs(y: &yaml::Yaml<'_>, base: usize) -> Vec<ONode> {
    y.docs
        .iter()
        .filter_map(|d| d.root.as_ref())
        .map(|r| kz::to_owned_shifted(r, base))
        .collect()
}

/// The directories of the discovered kustomizations: the files at or below them are
/// the ones kustomize may render.
pub(super) struct Dirs(HashSet<String>);

impl Dirs {
    pub(super) fn of(found: &[crate::discovery::Found]) -> Dirs {
        Dirs(
            found
                .iter()
                .filter(|f| f.candidate == Candidate::Kustomization && f.unreadable.is_none())
                .map(|f| parent(&normalize(&f.display)))
                .collect(),
        )
    }

    /// Whether the file at `display` is in one of the directories, or below one: its
    /// ancestors looked up as slices of the path (normalized first only when it has
    /// `.` segments or doubled slashes).
    pub(super) fn holds(&self, display: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let normalized;
        let mut path = display;
        if path.starts_with("./") || path.contains("/.") || path.contains("//") {
            normalized = normalize(display);
            path = &normalized;
        }
        loop {
            let dir = parent_of(path);
            if self.0.contains(dir) {
                return true;
            }
            if dir == "." || dir == "/" {
                return false;
            }
            path = dir;
        }
    }
}

/// The parsed files the outcomes hold for kustomize, taken out of them, by path (as
/// rendering names files).
pub(super) fn take_parsed(outcomes: &mut [FileOutcome]) -> HashMap<String, Parsed> {
    outcomes
        .iter_mut()
        .filter_map(|o| {
            let p = o.kustomize_input.take()?;
            Some((normalize(&o.entry.path), *p))
        })
        .collect()
}

/// Every span of `n` moved by `base`, in place.
fn shift(n: &mut ONode, base: usize) {
    n.span = Span::new(n.span.start + base, n.span.end + base);
    match &mut n.value {
        Value::Scalar(..) => {}
        Value::Seq(items) => items.iter_mut().for_each(|i| shift(i, base)),
        Value::Map(entries) => entries.iter_mut().for_each(|e| {
            shift(&mut e.key, base);
            shift(&mut e.value, base);
        }),
    }
}

struct Ctx<'c> {
    cwd: &'c Path,
    /// Files the files phase parsed, taken as they are read.
    parsed: HashMap<String, Parsed>,
    root: String,
    max_file: u64,
    stdin: Option<(&'c str, &'c str)>,
    files: Vec<Loaded>,
    by_path: HashMap<String, Option<usize>>,
    total: usize,
    kusts: BTreeMap<String, Kust>,
    memo: HashMap<String, Arc<Rendered>>,
    /// What each reference resolved to, by its path: overlays and the facts resolve the
    /// same bases again, and each resolution is one to three `stat`s.
    resolved: std::sync::Mutex<HashMap<String, RefTarget>>,
    /// Some source was not read: [`MAX_TOTAL_BYTES`] were read already.
    over_budget: bool,
}

/// `a/b/../c` → `a/c`, keeping leading `..` (so escapes can be seen).
fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    let joined = parts.join("/");
    match (abs, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn join(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') || dir == "." || dir.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{dir}/{rel}"))
    }
}

fn parent(display: &str) -> String {
    parent_of(display).to_string()
}

/// The directory of `display`: `/` at the root of the file system, `.` for a bare name.
fn parent_of(display: &str) -> &str {
    match memchr::memrchr(b'/', display.as_bytes()) {
        Some(0) => "/",
        Some(i) => &display[..i],
        None => ".",
    }
}

impl Ctx<'_> {
    fn inside_root(&self, display: &str) -> bool {
        if self.root == "." {
            return !display.starts_with("../") && display != ".." && !display.starts_with('/');
        }
        display == self.root || display.starts_with(&format!("{}/", self.root))
    }

    /// Relative to the root, for messages (`overlays/dev`).
    fn rel(&self, display: &str) -> String {
        if self.root == "." {
            return display.to_string();
        }
        match display.strip_prefix(&self.root) {
            Some("") => ".".into(),
            Some(r) => r.trim_start_matches('/').to_string(),
            None => display.to_string(),
        }
    }

    fn fs(&self, display: &str) -> std::path::PathBuf {
        self.cwd.join(display)
    }

    /// Read and parse a file (once).
    fn load(&mut self, display: &str) -> Option<usize> {
        if let Some(id) = self.by_path.get(display) {
            return *id;
        }
        let id = self.read(display);
        self.by_path.insert(display.to_string(), id);
        id
    }

    fn read(&mut self, display: &str) -> Option<usize> {
        if let Some(p) = self.parsed.remove(display) {
            return self.add(display, p.text, |_, base| {
                let mut docs = p.docs;
                docs.iter_mut().for_each(|d| shift(d, base));
                docs
            });
        }
        let text = match self.stdin {
            Some((p, t)) if p == display => t.to_string(),
            _ => {
                let path = self.fs(display);
                let meta = std::fs::metadata(&path).ok()?;
                if !meta.is_file() || meta.len() > self.max_file {
                    return None;
                }
                let bytes = std::fs::read(&path).ok()?;
                let mut s = String::from_utf8(bytes).ok()?;
                if s.starts_with('\u{feff}') {
                    s.drain(..3);
                }
                s
            }
        };
        self.add(display, text, |text, base| {
            owned_docs(&yaml::parse(text), base)
        })
    }

    /// Add a file read, its documents made by `docs` from its text at its base offset.
    fn add(
        &mut self,
        display: &str,
        text: String,
        docs: impl FnOnce(&str, usize) -> Vec<ONode>,
    ) -> Option<usize> {
        if self.total + text.len() > MAX_TOTAL_BYTES {
            self.over_budget = true;
            return None;
        }
        let base = self.total;
        self.total += text.len() + 1;
        let docs = docs(&text, base);
        self.files.push(Loaded {
            base,
            source: SourceFile::new(display.to_string(), text),
            docs,
        });
        Some(self.files.len() - 1)
    }

    /// The kustomization file in directory `dir`, if any.
    fn kustomization_in(&self, dir: &str) -> Option<String> {
        kz::FILE_NAMES.iter().find_map(|n| {
            let display = join(dir, n);
            self.fs(&display).is_file().then_some(display)
        })
    }

    fn resolve(&self, dir: &str, raw: &str) -> (RefTarget, Option<String>) {
        if kz::is_remote(raw) {
            return (RefTarget::Remote, None);
        }
        let display = join(dir, raw.trim());
        if !self.inside_root(&display) {
            return (RefTarget::OutsideRoot, None);
        }
        let known = self
            .resolved
            .lock()
            .ok()
            .and_then(|m| m.get(&display).cloned());
        if let Some(target) = known {
            return (target, Some(display));
        }
        let path = self.fs(&display);
        let target = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => RefTarget::File,
            Ok(m) if m.is_dir() => match self.kustomization_in(&display) {
                Some(_) => RefTarget::Kustomization(display.clone()),
                None => RefTarget::DirWithoutKustomization,
            },
            _ => RefTarget::Missing,
        };
        if let Ok(mut m) = self.resolved.lock() {
            m.insert(display.clone(), target.clone());
        }
        (target, Some(display))
    }

    fn loc(&self, file: usize, span: Span) -> Loc {
        let f = &self.files[file];
        f.source.loc(Span::new(
            span.start.saturating_sub(f.base),
            span.end.saturating_sub(f.base),
        ))
    }

    /// Read the kustomization in `dir` (once).
    fn kust(&mut self, dir: &str, discovered: Option<&str>) -> Option<()> {
        if let Some(k) = self.kusts.get_mut(dir) {
            k.discovered |= discovered.is_some();
            return Some(());
        }
        let display = match discovered {
            Some(d) => d.to_string(),
            None => self.kustomization_in(dir)?,
        };
        let file = self.load(&display)?;
        self.kusts.insert(
            dir.to_string(),
            Kust {
                file,
                dir: dir.to_string(),
                discovered: discovered.is_some(),
            },
        );
        Some(())
    }

    fn view(&self, k: &Kust) -> Option<Kustomization<'_, 'static>> {
        self.files[k.file]
            .docs
            .iter()
            .find(|d| d.is_map())
            .map(|root| Kustomization { root })
    }

    fn fact(&self, k: &Kust) -> KustomizationFact {
        let mut fact = KustomizationFact {
            path: self.files[k.file].source.path.clone(),
            dir: k.dir.clone(),
            rel_dir: match self.rel(&k.dir).as_str() {
                "." => String::new(),
                r => r.to_string(),
            },
            component: false,
            refs: Vec::new(),
            unsupported: Vec::new(),
            unsupported_loc: None,
            resources_loc: None,
        };
        let Some(view) = self.view(k) else {
            return fact;
        };
        fact.component = view.is_component();
        let mut outside: Vec<(String, Span)> = Vec::new();
        let mut push = |n: &ONode, role: RefRole, fact: &mut KustomizationFact| {
            let Some(raw) = n.as_str() else { return };
            let (target, _) = self.resolve(&k.dir, raw);
            if target == RefTarget::OutsideRoot && role != RefRole::Component {
                outside.push((
                    format!("`{}` outside the checked directory", raw.trim()),
                    n.span,
                ));
            }
            fact.refs.push(KustomizeRefFact {
                raw: raw.to_string(),
                role,
                target,
                loc: self.loc(k.file, n.span),
            });
        };
        for r in view.resources() {
            push(r, RefRole::Resource, &mut fact);
        }
        for c in view.components() {
            push(c, RefRole::Component, &mut fact);
        }
        for p in view.patches() {
            if let Some(n) = p.path {
                push(n, RefRole::Patch, &mut fact);
            }
        }
        let mut unsupported = view.unsupported();
        unsupported.extend(outside);
        unsupported.sort_by_key(|(_, sp)| sp.start);
        fact.unsupported_loc = unsupported.first().map(|(_, sp)| self.loc(k.file, *sp));
        fact.unsupported = unsupported.into_iter().map(|(s, _)| s).collect();
        fact.resources_loc = view
            .root
            .entry("resources")
            .or_else(|| view.root.entry("bases"))
            .map(|e| self.loc(k.file, e.key.span));
        fact
    }

    /// Render the kustomization in `dir`.
    fn render(&mut self, dir: &str, stack: &mut Vec<String>) -> Arc<Rendered> {
        if let Some(r) = self.memo.get(dir) {
            return r.clone();
        }
        let r = Arc::new(self.render_uncached(dir, stack));
        self.memo.insert(dir.to_string(), r.clone());
        r
    }

    fn render_uncached(&mut self, dir: &str, stack: &mut Vec<String>) -> Rendered {
        let mut out = Rendered::default();
        if stack.len() >= MAX_NESTING {
            out.too_deep = true;
            return out;
        }
        if self.kust(dir, None).is_none() {
            return out;
        }
        let Some(k) = self.kusts.get(dir) else {
            return out;
        };
        let kfile = k.file;
        out.files.insert(kfile);
        stack.push(dir.to_string());
        // the view borrows `self.files`: copy what is needed out of it first
        let Some(root) = self.files[kfile].docs.iter().find(|d| d.is_map()).cloned() else {
            stack.pop();
            return out;
        };
        let view = Kustomization { root: &root };
        for r in view.resources() {
            let Some(raw) = r.as_str() else { continue };
            let (target, display) = self.resolve(dir, raw);
            match (target, display) {
                (RefTarget::File, Some(d)) => {
                    let Some(id) = self.load(&d) else { continue };
                    out.files.insert(id);
                    for doc in &self.files[id].docs {
                        push_objects(doc, &mut out.objects);
                    }
                }
                (RefTarget::Kustomization(sub), _) => {
                    if stack.contains(&sub) {
                        continue; // a cycle: kustomize rejects it, we do not loop
                    }
                    let child = self.render(&sub, stack);
                    out.objects.extend(child.objects.iter().cloned());
                    out.files.extend(child.files.iter().copied());
                    out.patch_files.extend(child.patch_files.iter().copied());
                    out.truncated |= child.truncated;
                    out.too_deep |= child.too_deep;
                }
                _ => {}
            }
            if out.objects.len() > MAX_OBJECTS {
                out.objects.truncate(MAX_OBJECTS);
                out.truncated = true;
            }
        }
        for p in view.patches() {
            self.apply_patch(dir, &p, &mut out);
        }
        transform(&root, &mut out.objects);
        stack.pop();
        out
    }

    /// The documents of a patch: its file's, or its inline text parsed and mapped onto
    /// the kustomization.
    fn patch_docs(
        &mut self,
        dir: &str,
        p: &kz::PatchRef<'_, 'static>,
        out: &mut Rendered,
    ) -> Vec<ONode> {
        if let Some(n) = p.path {
            let Some(raw) = n.as_str() else {
                return Vec::new();
            };
            let (target, display) = self.resolve(dir, raw);
            let (RefTarget::File, Some(d)) = (target, display) else {
                return Vec::new();
            };
            let Some(id) = self.load(&d) else {
                return Vec::new();
            };
            out.files.insert(id);
            out.patch_files.insert(id);
            return self.files[id].docs.clone();
        }
        let Some(n) = p.inline else {
            return Vec::new();
        };
        let Some(text) = n.as_str() else {
            return Vec::new();
        };
        // the kustomization holding the scalar
        let Some(fid) = self.file_of(n.span.start) else {
            return Vec::new();
        };
        let f = &self.files[fid];
        let local = Node {
            span: Span::new(n.span.start - f.base, n.span.end - f.base),
            value: n.value.clone(),
            from_alias: false,
        };
        let y = yaml::parse(text);
        let map = |off: usize, end: bool| -> Option<usize> {
            if text.len() > MAX_INLINE_MAPPED {
                return None;
            }
            let r = if end {
                off.checked_sub(1).map(|s| s..off)?
            } else {
                off..(off + 1).min(text.len())
            };
            let sp = local.located_sub_span(&f.source.text, r)?;
            Some(if end { sp.end } else { sp.start })
        };
        y.docs
            .iter()
            .filter_map(|d| d.root.as_ref())
            .map(|r| map_inline(r, &map, local.span, f.base))
            .collect()
    }

    fn file_of(&self, offset: usize) -> Option<usize> {
        let i = self.files.partition_point(|f| f.base <= offset);
        i.checked_sub(1)
    }

    fn apply_patch(&mut self, dir: &str, p: &kz::PatchRef<'_, 'static>, out: &mut Rendered) {
        let docs = self.patch_docs(dir, p, out);
        let json = p.kind == PatchKind::Json6902
            || (p.kind == PatchKind::Auto
                && docs.first().is_some_and(|d| {
                    d.as_seq()
                        .is_some_and(|s| s.iter().any(|op| op.get("op").is_some()))
                }));
        if json {
            let Some(target) = p.target else { return };
            for doc in &docs {
                let Some(ops) = doc.as_seq() else { continue };
                for o in out.objects.iter_mut().filter(|o| matches_target(o, target)) {
                    for op in ops {
                        let (Some(kind), Some(path)) = (op.get_str("op"), op.get("path")) else {
                            continue;
                        };
                        let Some(ptr) = path.as_str() else { continue };
                        kz::json_patch_op(
                            &mut o.node,
                            kind,
                            ptr,
                            op.get("value"),
                            op.get_str("from"),
                            path.span,
                        );
                    }
                }
            }
            return;
        }
        for doc in docs.iter().filter(|d| d.is_map()) {
            let delete = kz::directive(doc) == Some("delete");
            let hit = |o: &RObj| match p.target {
                Some(t) => matches_target(o, t),
                None => same_object(o, doc),
            };
            if delete {
                out.objects.retain(|o| !hit(o));
                continue;
            }
            for o in out.objects.iter_mut().filter(|o| hit(o)) {
                // a targeted patch does not rename its targets
                let mut patch = doc.clone();
                if p.target.is_some() {
                    if let Some(meta) = kz::get_mut(&mut patch, "metadata") {
                        if let Value::Map(es) = &mut meta.value {
                            es.retain(|e| e.key.as_str() != Some("name"));
                        }
                    }
                }
                kz::strategic_merge(&mut o.node, &patch);
            }
        }
    }
}

/// Objects of a document: itself, or the items of a `kind: List`.
fn push_objects(doc: &ONode, out: &mut Vec<RObj>) {
    let (Some(api), Some(kind)) = (doc.get_str("apiVersion"), doc.get_str("kind")) else {
        return;
    };
    if api.starts_with("kustomize.config.k8s.io/") {
        return; // a kustomization named as a file: not an object
    }
    if kind == "List" || kind.ends_with("List") && doc.get("items").is_some() {
        for item in doc.seq_items("items") {
            if item.get_str("kind").is_some() {
                out.push(robj(item.clone()));
            }
        }
    } else {
        out.push(robj(doc.clone()));
    }
}

fn robj(node: ONode) -> RObj {
    let names = node
        .path(&["metadata", "name"])
        .and_then(Node::as_str)
        .map(|n| vec![n.to_string()])
        .unwrap_or_default();
    RObj { node, names }
}

fn same_object(o: &RObj, patch: &ONode) -> bool {
    let kind = patch.get_str("kind");
    let name = patch.path(&["metadata", "name"]).and_then(Node::as_str);
    let ns = patch
        .path(&["metadata", "namespace"])
        .and_then(Node::as_str);
    kind.is_some()
        && kind == o.node.get_str("kind")
        && name.is_some_and(|n| o.names.iter().any(|x| x == n))
        && ns.is_none_or(|ns| {
            o.node
                .path(&["metadata", "namespace"])
                .and_then(Node::as_str)
                == Some(ns)
        })
}

/// A kustomize patch target: `kind`, `name` and `namespace` (regular expressions),
/// `group`, `version`, `labelSelector` and `annotationSelector` (`k=v,k2=v2`).
fn matches_target(o: &RObj, t: &ONode) -> bool {
    let re = |pat: &str, value: Option<&str>| -> bool {
        let Some(v) = value else { return false };
        match regex::RegexBuilder::new(&format!("^(?:{pat})$"))
            .size_limit(1 << 16)
            .build()
        {
            Ok(r) => r.is_match(v),
            Err(_) => pat == v,
        }
    };
    let api = o.node.get_str("apiVersion").unwrap_or("");
    let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
    if let Some(k) = t.get_str("kind") {
        if !re(k, o.node.get_str("kind")) {
            return false;
        }
    }
    if let Some(n) = t.get_str("name") {
        if !o.names.iter().any(|x| re(n, Some(x))) {
            return false;
        }
    }
    if let Some(ns) = t.get_str("namespace") {
        if !re(
            ns,
            o.node
                .path(&["metadata", "namespace"])
                .and_then(Node::as_str),
        ) {
            return false;
        }
    }
    if t.get_str("group").is_some_and(|g| g != group)
        || t.get_str("version").is_some_and(|v| v != version)
    {
        return false;
    }
    for (key, field) in [
        ("labelSelector", "labels"),
        ("annotationSelector", "annotations"),
    ] {
        let Some(sel) = t.get_str(key) else { continue };
        let meta = o.node.path(&["metadata", field]);
        for term in sel.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let ok = match term.split_once("!=") {
                Some((k, v)) => meta.and_then(|m| m.get_str(k.trim())) != Some(v.trim()),
                None => match term.split_once('=') {
                    Some((k, v)) => {
                        let v = v.trim_start_matches('=').trim();
                        meta.and_then(|m| m.get_str(k.trim())) == Some(v)
                    }
                    None => meta.and_then(|m| m.get(term)).is_some(),
                },
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

/// A tree parsed from an inline patch, with spans mapped onto the kustomization.
fn map_inline(
    n: &Node<'_>,
    map: &dyn Fn(usize, bool) -> Option<usize>,
    whole: Span,
    base: usize,
) -> ONode {
    let span = match (map(n.span.start, false), map(n.span.end, true)) {
        (Some(s), Some(e)) if s <= e => Span::new(s + base, e + base),
        // a node over several lines: from its start, as long as it is, within the scalar
        (Some(s), _) => {
            let end = (s + n.span.len().max(1)).min(whole.end).max(s);
            Span::new(s + base, end + base)
        }
        _ => Span::new(whole.start + base, whole.end + base),
    };
    let value = match &n.value {
        Value::Scalar(s, st) => Value::Scalar(std::borrow::Cow::Owned(s.to_string()), *st),
        Value::Seq(items) => Value::Seq(
            items
                .iter()
                .map(|i| map_inline(i, map, whole, base))
                .collect(),
        ),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| crate::syntax::yaml::Entry {
                    key: map_inline(&e.key, map, whole, base),
                    value: map_inline(&e.value, map, whole, base),
                    merged: e.merged,
                })
                .collect(),
        ),
    };
    Node {
        span,
        value,
        from_alias: n.from_alias,
    }
}

/// Label pairs, whether they go to selectors, to templates, and where they are written.
type LabelSet = (Vec<(ONode, ONode)>, bool, bool, Span);

/// Findings by (code, path, span start, span end, message), with the overlays having them.
type Findings = BTreeMap<(String, String, usize, usize, String), (Diagnostic, BTreeSet<usize>)>;

/// The kustomization's own transformers, in kustomize's order.
fn transform(root: &ONode, objects: &mut [RObj]) {
    let pairs = |n: Option<&ONode>| -> Vec<(ONode, ONode)> {
        n.and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter(|e| e.key.as_str().is_some() && e.value.as_str().is_some())
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    };
    // namespace
    if let Some(ns) = root
        .get("namespace")
        .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
    {
        let key_span = root.entry("namespace").map_or(ns.span, |e| e.key.span);
        for o in objects.iter_mut() {
            if o.node.get_str("kind").is_some_and(kz::is_cluster_scoped) {
                continue;
            }
            if let Some(meta) = kz::ensure_map(&mut o.node, "metadata", key_span) {
                kz::set(meta, kz::scalar("namespace", key_span), ns.clone());
            }
        }
    }
    // labels: `commonLabels` (selectors too) and `labels:` sets
    let mut label_sets: Vec<LabelSet> = Vec::new();
    if let Some(e) = root.entry("commonLabels") {
        label_sets.push((pairs(Some(&e.value)), true, true, e.key.span));
    }
    for set in root.seq_items("labels") {
        let p = pairs(set.get("pairs"));
        let sel = set.get("includeSelectors").and_then(Node::as_bool) == Some(true);
        let tmpl = sel || set.get("includeTemplates").and_then(Node::as_bool) == Some(true);
        label_sets.push((p, sel, tmpl, set.span));
    }
    for (p, selectors, templates, span) in label_sets.iter().filter(|s| !s.0.is_empty()) {
        for o in objects.iter_mut() {
            kz::add_pairs(&mut o.node, &["metadata", "labels"], p, *span);
            let kind = o.node.get_str("kind").unwrap_or("").to_string();
            let workload = crate::syntax::k8s::WORKLOAD_KINDS.contains(&kind.as_str());
            if *templates && workload && kind != "Pod" && kind != "CronJob" {
                if let Some(spec) = kz::get_mut(&mut o.node, "spec") {
                    kz::add_pairs(spec, &["template", "metadata", "labels"], p, *span);
                }
            }
            if *selectors {
                if kind == "Service" {
                    if let Some(spec) = kz::get_mut(&mut o.node, "spec") {
                        kz::add_pairs(spec, &["selector"], p, *span);
                    }
                } else if workload && !matches!(kind.as_str(), "Pod" | "CronJob" | "Job") {
                    if let Some(spec) = kz::get_mut(&mut o.node, "spec") {
                        kz::add_pairs(spec, &["selector", "matchLabels"], p, *span);
                    }
                }
            }
        }
    }
    if let Some(e) = root.entry("commonAnnotations") {
        let p = pairs(Some(&e.value));
        if !p.is_empty() {
            for o in objects.iter_mut() {
                kz::add_pairs(&mut o.node, &["metadata", "annotations"], &p, e.key.span);
            }
        }
    }
    // names: kept for matching patches, `replicas` and targets; the objects keep the
    // names as written, so messages name what the user sees at the reported line and
    // a base finding reads the same in every overlay
    let prefix = root.get_str("namePrefix").unwrap_or("");
    let suffix = root.get_str("nameSuffix").unwrap_or("");
    if !prefix.is_empty() || !suffix.is_empty() {
        for o in objects.iter_mut() {
            if o.node.get_str("kind") == Some("CustomResourceDefinition") {
                continue;
            }
            if let Some(current) = o.names.last() {
                let new = format!("{prefix}{current}{suffix}");
                o.names.push(new);
            }
        }
    }
    // images
    let overrides: Vec<ImageOverride> = root
        .seq_items("images")
        .iter()
        .filter_map(ImageOverride::from_node)
        .collect();
    if !overrides.is_empty() {
        for o in objects.iter_mut() {
            kz::apply_images(&mut o.node, &overrides);
        }
    }
    // replicas
    for r in root.seq_items("replicas") {
        let (Some(name), Some(count)) = (r.get_str("name"), r.get("count")) else {
            continue;
        };
        let key_span = r.entry("count").map_or(count.span, |e| e.key.span);
        // kustomize's replicas transformer sets `spec.replicas` of the scalable
        // workload kinds only (a Service of the same name keeps its spec)
        for o in objects.iter_mut().filter(|o| {
            o.names.iter().any(|n| n == name)
                && matches!(
                    o.node.get_str("kind"),
                    Some("Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController")
                )
        }) {
            if let Some(spec) = kz::get_mut(&mut o.node, "spec") {
                kz::set(spec, kz::scalar("replicas", key_span), count.clone());
            }
        }
    }
}

/// Where rendered spans come from: the file holding a virtual offset.
struct Segments<'f> {
    files: &'f [Loaded],
}

impl Segments<'_> {
    fn file_of(&self, offset: usize) -> Option<&Loaded> {
        let i = self.files.partition_point(|f| f.base <= offset);
        self.files.get(i.checked_sub(1)?)
    }

    /// A virtual span as (file, local span), clamped to the file.
    fn local(&self, span: Span) -> Option<(&Loaded, Span)> {
        let f = self.file_of(span.start)?;
        let len = f.source.text.len();
        let start = (span.start - f.base).min(len);
        let end = span.end.saturating_sub(f.base).clamp(start, len);
        Some((f, Span::new(start, end)))
    }

    fn remap(&self, d: &mut Diagnostic) -> bool {
        let Some(loc) = d.loc else { return false };
        let Some((f, local)) = self.local(loc.span) else {
            return false;
        };
        let path = f.source.path.clone();
        let base = f.base;
        d.loc = Some(f.source.loc(local));
        for l in &mut d.labels {
            if l.path.is_some() {
                continue;
            }
            if let Some((lf, ls)) = self.local(l.loc.span) {
                l.loc = lf.source.loc(ls);
                if lf.source.path != path {
                    l.path = Some(lf.source.path.clone());
                }
            }
        }
        d.secrets = d
            .secrets
            .iter()
            .filter(|s| s.start >= base)
            .map(|s| Span::new(s.start - base, s.end.saturating_sub(base)))
            .collect();
        d.path = path;
        true
    }
}

/// What rendering the overlays produced, before it is merged into the files'
/// outcomes.
pub(super) struct Prepared<'c> {
    cx: Ctx<'c>,
    /// The facts of the discovered kustomizations.
    facts: Vec<KustomizationFact>,
    /// Limits an overlay hit, by its kustomization's path.
    limits: Vec<(String, Vec<String>)>,
    rendered: Vec<(String, Arc<Rendered>)>,
    /// The findings on the rendered objects, with the overlays that have each.
    found: Findings,
}

/// The outcome of [`prepare`].
pub(super) enum Kustomize<'c> {
    /// No kustomization was discovered.
    None,
    Ready(Box<Prepared<'c>>),
    /// Rendering panicked.
    Crashed,
}

/// Render every overlay and lint it. A crash here is reported (SG005) by [`apply`],
/// never fatal. `reported`: the only paths whose findings the run reports (a pre-commit
/// run's given files), when it is not every path.
pub(super) fn prepare<'c>(
    found: &[crate::discovery::Found],
    config: &Config,
    root_display: &str,
    cwd: &'c Path,
    stdin: Option<(&'c str, &'c str)>,
    parsed: HashMap<String, Parsed>,
    reported: Option<&BTreeSet<String>>,
) -> Kustomize<'c> {
    match super::lint::isolate(|| {
        render_all(found, config, root_display, cwd, stdin, parsed, reported)
    }) {
        Some(Some(p)) => Kustomize::Ready(Box::new(p)),
        Some(None) => Kustomize::None,
        None => Kustomize::Crashed,
    }
}

/// Merge what [`prepare`] rendered into `outcomes`.
pub(super) fn apply(
    kustomize: Kustomize<'_>,
    found: &[crate::discovery::Found],
    outcomes: &mut [FileOutcome],
) {
    let ran = match kustomize {
        Kustomize::None => return,
        Kustomize::Ready(p) => super::lint::isolate(|| merge(*p, outcomes)),
        Kustomize::Crashed => None,
    };
    if ran.is_some() {
        return;
    }
    let first = found
        .iter()
        .find(|f| f.candidate == Candidate::Kustomization)
        .map(|f| f.display.clone());
    if let Some(o) = first.and_then(|p| outcomes.iter_mut().find(|o| o.entry.path == p)) {
        let mut d = Diagnostic::new(
            crate::rules::engine_rule("internal-error"),
            o.entry.path.clone(),
            None,
            "kustomize rendering crashed: overlays were not linted".into(),
        );
        d.help("please report this with the kustomizations; the other findings are complete");
        o.diagnostics.push(d);
    }
}

fn render_all<'c>(
    found: &[crate::discovery::Found],
    config: &Config,
    root_display: &str,
    cwd: &'c Path,
    stdin: Option<(&'c str, &'c str)>,
    parsed: HashMap<String, Parsed>,
    reported: Option<&BTreeSet<String>>,
) -> Option<Prepared<'c>> {
    let discovered: Vec<&crate::discovery::Found> = found
        .iter()
        .filter(|f| f.candidate == Candidate::Kustomization && f.unreadable.is_none())
        .collect();
    if discovered.is_empty() {
        return None;
    }
    let mut cx = Ctx {
        cwd,
        parsed,
        root: normalize(root_display),
        max_file: config.max_file_size,
        stdin,
        files: Vec::new(),
        by_path: HashMap::default(),
        total: 0,
        kusts: BTreeMap::new(),
        memo: HashMap::default(),
        resolved: Default::default(),
        over_budget: false,
    };
    for f in &discovered {
        let dir = parent(&f.display);
        cx.kust(&dir, Some(&f.display));
    }
    // follow references to kustomizations that were not discovered (ignored paths)
    let mut queue: Vec<String> = cx.kusts.keys().cloned().collect();
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    while let Some(dir) = queue.pop() {
        if seen.len() > 10_000 {
            break;
        }
        let refs: Vec<String> = match cx.kusts.get(&dir).and_then(|k| cx.view(k)) {
            Some(v) => v
                .resources()
                .iter()
                .filter_map(|r| r.as_str())
                .map(str::to_owned)
                .collect(),
            None => continue,
        };
        for raw in refs {
            if let (RefTarget::Kustomization(sub), _) = cx.resolve(&dir, &raw) {
                if sub != dir {
                    referenced.insert(sub.clone());
                }
                if seen.insert(sub.clone()) && cx.kust(&sub, None).is_some() {
                    queue.push(sub);
                }
            }
        }
    }
    // facts for the project rules
    let facts: Vec<KustomizationFact> = cx
        .kusts
        .values()
        .filter(|k| k.discovered)
        .map(|k| cx.fact(k))
        .collect();
    // the overlays: kustomizations nothing uses as a resource (components are not built)
    let leaves: Vec<String> = cx
        .kusts
        .values()
        .filter(|k| k.discovered && !referenced.contains(&k.dir))
        .filter(|k| cx.view(k).is_some_and(|v| !v.is_component()))
        .map(|k| k.dir.clone())
        .collect();
    let mut rendered: Vec<(String, Arc<Rendered>)> = Vec::new();
    let mut limits_hit = Vec::new();
    for dir in &leaves {
        let r = cx.render(dir, &mut Vec::new());
        // limits hit are said, not silent
        let mut limits = Vec::new();
        if r.truncated {
            limits.push(format!("objects beyond the first {MAX_OBJECTS}"));
        }
        if r.too_deep {
            limits.push(format!("kustomizations nested deeper than {MAX_NESTING}"));
        }
        if cx.over_budget {
            limits.push(format!(
                "sources past {} MiB in all",
                MAX_TOTAL_BYTES / (1024 * 1024)
            ));
        }
        if !limits.is_empty() {
            if let Some(k) = cx.kusts.get(dir) {
                limits_hit.push((cx.files[k.file].source.path.clone(), limits));
            }
        }
        rendered.push((dir.clone(), r));
    }
    // a finding on a rendered object lies in a file rendering read: when no reported
    // path is among them (a pre-commit run on other files), none would be reported, and
    // the overlays' facts and merging do not depend on the findings
    let reports_some = reported.is_none_or(|r| cx.files.iter().any(|f| r.contains(&f.source.path)));
    let found = if reports_some {
        lint_rendered(&cx, &rendered, config)
    } else {
        Findings::new()
    };
    Some(Prepared {
        cx,
        facts,
        limits: limits_hit,
        rendered,
        found,
    })
}

/// The smallest `spec.replicas` the overlays using `path` render for the object of
/// `fact`; `None` when an overlay renders it without a count (or not at all).
fn rendered_replicas(
    segments: &Segments<'_>,
    rendered: &[(String, Arc<Rendered>)],
    path: &str,
    fact: &crate::rules::project::K8sObjectFact,
) -> Option<i64> {
    let mut min: Option<i64> = None;
    for (_, r) in rendered {
        let from_file: Vec<&RObj> = r
            .objects
            .iter()
            .filter(|o| {
                segments
                    .file_of(o.node.span.start)
                    .is_some_and(|f| f.source.path == path)
                    && o.node.get_str("kind") == Some(fact.kind.as_str())
                    && o.names.first() == fact.name.as_ref()
            })
            .collect();
        let uses_file = r
            .files
            .iter()
            .any(|&f| segments.files[f].source.path == path);
        if !uses_file {
            continue;
        }
        if from_file.is_empty() {
            return None;
        }
        for o in from_file {
            let n = o.node.path(&["spec", "replicas"]).and_then(Node::as_i64)?;
            min = Some(min.map_or(n, |m| m.min(n)));
        }
    }
    min
}

fn is_k8s_rule(code: &str) -> bool {
    // the registry is sorted by code
    registry()
        .binary_search_by(|r| r.meta.code.cmp(code))
        .ok()
        .and_then(|i| registry().get(i))
        .is_some_and(|r| matches!(r.imp, Some(RuleImpl::Kubernetes(_))))
}

/// The Kubernetes rules' findings on each overlay's rendered objects, mapped back to
/// their files, with the overlays that have each.
fn lint_rendered(cx: &Ctx<'_>, rendered: &[(String, Arc<Rendered>)], config: &Config) -> Findings {
    let mut found: Findings = BTreeMap::new();
    if rendered.is_empty() {
        return found;
    }
    // the virtual file: every source at its base offset
    let mut text = String::with_capacity(cx.total);
    for f in &cx.files {
        while text.len() < f.base {
            text.push('\n');
        }
        text.push_str(&f.source.text);
    }
    let virt = SourceFile::new(String::from("<kustomize>"), text);
    let segments = Segments { files: &cx.files };
    // each overlay linted on its own (in parallel), its findings then merged in overlay
    // order: (code, path, span, message) → the first overlay's finding, overlays that
    // have it
    use rayon::prelude::*;
    type Keyed = ((String, String, usize, usize, String), Diagnostic);
    let per_overlay: Vec<Vec<Keyed>> = rendered
        .par_iter()
        .map(|(dir, r)| {
            let mut keyed: Vec<Keyed> = Vec::new();
            let leaf_path = cx
                .kusts
                .get(dir)
                .map_or_else(|| dir.clone(), |k| cx.files[k.file].source.path.clone());
            let objects: Vec<K8sObject<'_, 'static>> = r
                .objects
                .iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    Some(K8sObject::new(
                        &o.node,
                        o.node.get_str("apiVersion")?,
                        o.node.get_str("kind")?,
                        i,
                        None,
                    ))
                })
                .collect();
            crate::syntax::k8s_schema::file_scope(|| {
                for &i in crate::rules::rules_of_kind(crate::rules::ImplKind::Kubernetes) {
                    let Some(entry) = registry().get(i) else {
                        continue;
                    };
                    let Some(RuleImpl::Kubernetes(rule)) = entry.imp else {
                        continue;
                    };
                    if !config.runs(i) {
                        continue;
                    }
                    let mut out = Vec::new();
                    let mut fcx = FileCtx {
                        file: &virt,
                        options: config.options(entry.meta.name),
                        rule: &entry.meta,
                        out: &mut out,
                    };
                    let ok = super::lint::isolate(|| {
                        let scope = rule.scope();
                        for ob in objects.iter().filter(|ob| scope.accepts(ob)) {
                            rule.check(ob, &mut fcx);
                        }
                    });
                    if ok.is_none() {
                        let d = super::lint::internal_error(&entry.meta, &leaf_path);
                        let key = (
                            d.rule.code.to_string(),
                            d.path.clone(),
                            0,
                            0,
                            d.message.clone(),
                        );
                        keyed.push((key, d));
                        continue;
                    }
                    for mut d in out {
                        if !segments.remap(&mut d) || !config.enabled_for(i, &d.path) {
                            continue;
                        }
                        d.severity = config.severity(i);
                        let span = d.loc.map_or(Span::default(), |l| l.span);
                        let key = (
                            d.rule.code.to_string(),
                            d.path.clone(),
                            span.start,
                            span.end,
                            d.message.clone(),
                        );
                        keyed.push((key, d));
                    }
                }
            });
            keyed
        })
        .collect();
    for (li, keyed) in per_overlay.into_iter().enumerate() {
        for (key, d) in keyed {
            found
                .entry(key)
                .or_insert((d, BTreeSet::new()))
                .1
                .insert(li);
        }
    }
    found
}

/// Merge the rendering into the files' outcomes: the kustomizations' facts and limits,
/// the rendered findings in place of the raw per-file Kubernetes findings of the files
/// the overlays render, replica counts the overlays raise.
fn merge(p: Prepared<'_>, outcomes: &mut [FileOutcome]) {
    let Prepared {
        cx,
        facts,
        limits,
        rendered,
        found,
    } = p;
    let index: HashMap<String, usize> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.entry.path.clone(), i))
        .collect();
    for fact in facts {
        if let Some(&i) = index.get(&fact.path) {
            outcomes[i].facts.kustomization = Some(fact);
        }
    }
    for (path, limits) in limits {
        if let Some(fact) = index
            .get(&path)
            .and_then(|&i| outcomes[i].facts.kustomization.as_mut())
        {
            fact.unsupported.extend(limits);
            if fact.unsupported_loc.is_none() {
                fact.unsupported_loc = fact.resources_loc;
            }
        }
    }
    if rendered.is_empty() {
        return;
    }
    let segments = Segments { files: &cx.files };
    // which overlays use each file
    let mut users: HashMap<&str, BTreeSet<usize>> = HashMap::default();
    let mut consumed: HashSet<&str> = HashSet::default();
    let mut as_resource: HashSet<&str> = HashSet::default();
    for (li, (_, r)) in rendered.iter().enumerate() {
        for &f in &r.files {
            let p = cx.files[f].source.path.as_str();
            users.entry(p).or_default().insert(li);
            consumed.insert(p);
            if !r.patch_files.contains(&f) {
                as_resource.insert(p);
            }
        }
    }
    // the raw per-file Kubernetes findings of rendered files are replaced
    for o in outcomes.iter_mut() {
        let path = o.entry.path.as_str();
        if !consumed.contains(path) {
            continue;
        }
        o.diagnostics.retain(|d| !is_k8s_rule(d.rule.code));
        if !as_resource.contains(path) {
            // a patch is not an object of its own
            o.facts.workloads.clear();
            o.facts.k8s_objects.clear();
            continue;
        }
        // cross-object rules see the file as written, except a replica count every
        // overlay raises to 2 or more (a base `replicas: 1` the overlays override)
        for fact in o.facts.k8s_objects.iter_mut() {
            let Some((n, loc)) = fact.replicas else {
                continue;
            };
            if n >= 2 {
                continue;
            }
            if let Some(min) = rendered_replicas(&segments, &rendered, path, fact) {
                if min >= 2 {
                    fact.replicas = Some((min, loc));
                }
            }
        }
    }
    let name = |li: usize| {
        let dir = &rendered[li].0;
        cx.rel(dir)
    };
    for (_, (mut d, overlays)) in found {
        let all = users.get(d.path.as_str());
        if all.is_some_and(|a| *a != overlays) {
            let list: Vec<String> = overlays.iter().map(|&li| name(li)).collect();
            let noun = if list.len() == 1 {
                "overlay"
            } else {
                "overlays"
            };
            d.message = format!("{} (only in {noun}: {})", d.message, list.join(", "));
        }
        let target = index.get(&d.path).copied().or_else(|| {
            let leaf = overlays.iter().next()?;
            let k = cx.kusts.get(&rendered[*leaf].0)?;
            index.get(&cx.files[k.file].source.path).copied()
        });
        if let Some(i) = target {
            outcomes[i].diagnostics.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_keeping_escapes() {
        assert_eq!(normalize("a/b/../c"), "a/c");
        assert_eq!(normalize("a/../../x"), "../x");
        assert_eq!(normalize("./"), ".");
        assert_eq!(join("k/overlays/dev", "../../base"), "k/base");
        assert_eq!(join(".", "base"), "base");
        assert_eq!(parent("a/b/kustomization.yaml"), "a/b");
        assert_eq!(parent("kustomization.yaml"), ".");
    }
}
