//! Organisation policy without code: declarative `[[policy]]` rules in `shipgate.toml`.
//!
//! ```toml
//! [[policy]]
//! code = "ORG001"
//! gate = "G12"
//! message = "every compose service joins the shared app network"
//! target = "compose.service"
//! when = { path = "environment", contains = "LLM_URL" }
//! require = { path = "networks", contains = "infra_app-network" }
//! ```
//!
//! A policy selects **targets** (`compose.service`, `k8s.object` with an optional `kind`
//! filter, `k8s.container`, `dockerfile.stage`, `workflow.job`, `file` with a `glob`),
//! keeps those for which `when` holds, and reports each one for which `require` does
//! not. Conditions test the node at a `path` inside the target (`exists`, `absent`,
//! `equals`, `contains`, `matches`, `one-of`) and combine with `all`, `any` and `not`.
//! Every target is a located YAML node (a Dockerfile stage is presented as one, see
//! [`stage_node`]), so findings point at the failing value, or at the target itself when
//! the value is missing.

use std::borrow::Cow;

use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;

use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::meta::{Gate, Pack, RuleMeta, Status};
use crate::source::{SourceFile, Span};
use crate::syntax::dockerfile::{self, Dockerfile, Instruction, Stage};
use crate::syntax::yaml::{Entry, Node, Style, Value};

/// What a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    ComposeService,
    K8sObject,
    K8sContainer,
    DockerfileStage,
    WorkflowJob,
    File,
}

impl Target {
    pub const ALL: [(&'static str, Target); 6] = [
        ("compose.service", Target::ComposeService),
        ("k8s.object", Target::K8sObject),
        ("k8s.container", Target::K8sContainer),
        ("dockerfile.stage", Target::DockerfileStage),
        ("workflow.job", Target::WorkflowJob),
        ("file", Target::File),
    ];

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.iter().find(|(n, _)| *n == s).map(|(_, t)| *t)
    }
}

/// A test on the node at `path`.
#[derive(Debug)]
pub enum Op {
    Exists,
    Absent,
    Equals(String),
    Contains(String),
    Matches(Regex),
    OneOf(Vec<String>),
}

#[derive(Debug)]
pub enum Cond {
    Test { path: Vec<String>, op: Op },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// A `[[policy]]` of the configuration.
#[derive(Debug)]
pub struct Policy {
    pub meta: &'static RuleMeta,
    pub target: Target,
    /// `k8s.object` / `k8s.container`: only objects of these kinds (empty: all).
    pub kinds: Vec<String>,
    /// `file`: which files.
    pub glob: Option<GlobMatcher>,
    pub when: Option<Cond>,
    pub require: Cond,
}

/// Why `require` failed on one target: what to say and where.
#[derive(Debug)]
pub struct Failure {
    pub detail: String,
    /// The failing node, when it exists (else the target's anchor is used).
    pub span: Option<Span>,
}

// ---------------------------------------------------------------------------------
// Parsing from the configuration

/// Parse a condition table; errors are plain messages (the caller locates them).
pub fn parse_cond(v: &toml::Value) -> Result<Cond, String> {
    let t = v.as_table().ok_or_else(|| {
        "a condition is a table, e.g. { path = \"image\", exists = true }".to_string()
    })?;
    let list = |key: &str, v: &toml::Value| -> Result<Vec<Cond>, String> {
        let items = v
            .as_array()
            .ok_or_else(|| format!("`{key}` takes an array of conditions"))?;
        if items.is_empty() {
            return Err(format!("`{key}` needs at least one condition"));
        }
        items.iter().map(parse_cond).collect()
    };
    if let Some(v) = t.get("all") {
        only_key(t, "all")?;
        return Ok(Cond::All(list("all", v)?));
    }
    if let Some(v) = t.get("any") {
        only_key(t, "any")?;
        return Ok(Cond::Any(list("any", v)?));
    }
    if let Some(v) = t.get("not") {
        only_key(t, "not")?;
        return Ok(Cond::Not(Box::new(parse_cond(v)?)));
    }
    let path = match t.get("path") {
        None => Vec::new(),
        Some(toml::Value::String(s)) => split_path(s),
        Some(toml::Value::Array(a)) => a
            .iter()
            .map(|k| match k {
                toml::Value::String(s) => Ok(s.clone()),
                toml::Value::Integer(i) => Ok(i.to_string()),
                _ => Err("`path` items are keys (strings) or list indexes".to_string()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`path` is a string (`a.b.c`) or an array of keys".into()),
    };
    let mut ops = Vec::new();
    for (k, v) in t {
        let op = match k.as_str() {
            "path" => continue,
            "exists" => match v.as_bool() {
                Some(true) => Op::Exists,
                Some(false) => Op::Absent,
                None => return Err("`exists` takes true or false".into()),
            },
            "absent" => match v.as_bool() {
                Some(true) => Op::Absent,
                Some(false) => Op::Exists,
                None => return Err("`absent` takes true or false".into()),
            },
            "equals" => Op::Equals(scalar_string(v).ok_or("`equals` takes a string, number or boolean")?),
            "contains" => Op::Contains(scalar_string(v).ok_or("`contains` takes a string")?),
            "matches" => {
                let s = v.as_str().ok_or("`matches` takes a regular expression string")?;
                Op::Matches(Regex::new(s).map_err(|e| format!("invalid regex in `matches`: {e}"))?)
            }
            "one-of" => {
                let a = v.as_array().ok_or("`one-of` takes an array of values")?;
                Op::OneOf(
                    a.iter()
                        .map(|x| scalar_string(x).ok_or("`one-of` items are strings, numbers or booleans"))
                        .collect::<Result<_, _>>()?,
                )
            }
            other => {
                return Err(format!(
                    "unknown condition key `{other}` (expected path, exists, absent, equals, contains, matches, one-of, all, any, not)"
                ))
            }
        };
        ops.push(op);
    }
    match ops.len() {
        1 => Ok(Cond::Test {
            path,
            op: ops.remove(0),
        }),
        0 => Err(
            "a condition needs one test: exists, absent, equals, contains, matches or one-of"
                .into(),
        ),
        _ => Err(
            "a condition has one test; combine several with `all = [...]` or `any = [...]`".into(),
        ),
    }
}

fn only_key(t: &toml::Table, key: &str) -> Result<(), String> {
    match t.keys().find(|k| *k != key) {
        Some(other) => Err(format!(
            "`{key}` cannot be combined with `{other}` in the same table"
        )),
        None => Ok(()),
    }
}

fn scalar_string(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `metadata.labels` → ["metadata", "labels"]; a key containing dots is written with
/// the array form: `path = ["metadata", "labels", "app.kubernetes.io/name"]`.
fn split_path(s: &str) -> Vec<String> {
    if s.is_empty() {
        return Vec::new();
    }
    s.split('.').map(str::to_string).collect()
}

/// Conditions a `file` target can use: tests on the file's text, no path.
pub fn check_file_cond(c: &Cond) -> Result<(), String> {
    match c {
        Cond::Test { path, .. } if !path.is_empty() => {
            Err("a `file` policy tests the file's text: its conditions take no `path`".into())
        }
        Cond::Test { .. } => Ok(()),
        Cond::All(v) | Cond::Any(v) => v.iter().try_for_each(check_file_cond),
        Cond::Not(c) => check_file_cond(c),
    }
}

pub fn file_glob(s: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(s)
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid glob `{s}`: {e}"))
}

/// The rule metadata of a policy. Policies are created once per configuration load and
/// live for the process, like the built-in rules' metadata.
#[allow(clippy::too_many_arguments)]
pub fn leak_meta(
    code: &str,
    name: Option<&str>,
    gate: Gate,
    severity: Severity,
    message: &str,
    help: Option<&str>,
) -> &'static RuleMeta {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let summary = leak(message.to_string());
    Box::leak(Box::new(RuleMeta {
        code: leak(code.to_string()),
        name: leak(
            name.map(str::to_string)
                .unwrap_or_else(|| format!("policy-{}", code.to_ascii_lowercase())),
        ),
        pack: Pack::Policy,
        gate,
        severity,
        status: Status::Stable,
        since: "",
        aliases: &[],
        summary,
        help: leak(help.map(str::to_string).unwrap_or_else(|| {
            format!("this is an organisation policy of shipgate.toml ({code}); change the file to meet it")
        })),
        url: "https://github.com/shipgate/shipgate/blob/main/README.md#organisation-policy",
        doc: summary,
    }))
}

// ---------------------------------------------------------------------------------
// Evaluation

/// The node at `path` under `node`.
fn lookup<'n, 'a>(node: &'n Node<'a>, path: &[String]) -> Option<&'n Node<'a>> {
    let mut cur = node;
    for key in path {
        cur = match &cur.value {
            Value::Map(_) => cur.get(key)?,
            Value::Seq(items) => items.get(key.parse::<usize>().ok()?)?,
            Value::Scalar(..) => return None,
        };
    }
    Some(cur)
}

fn scalar<'n>(n: &'n Node<'_>) -> Option<&'n str> {
    match &n.value {
        Value::Scalar(s, _) => Some(s.as_ref()),
        _ => None,
    }
}

fn equals(n: &Node<'_>, want: &str) -> bool {
    match scalar(n) {
        Some(s) => {
            s == want
                || (matches!(want, "true" | "false") && n.as_bool() == Some(want == "true"))
                || (want.parse::<i64>().is_ok()
                    && n.as_i64().map(|i| i.to_string()).as_deref() == Some(want))
        }
        None => false,
    }
}

/// `contains`: a substring of a scalar, an item of a list (`KEY` also matches a
/// `KEY=value` item, as in compose `environment` lists), a key of a mapping.
fn contains(n: &Node<'_>, want: &str) -> bool {
    match &n.value {
        Value::Scalar(s, _) => s.contains(want),
        Value::Seq(items) => items.iter().any(|i| match i.as_str() {
            Some(s) => s == want || s.strip_prefix(want).is_some_and(|r| r.starts_with('=')),
            None => false,
        }),
        Value::Map(entries) => entries.iter().any(|e| e.key.as_str() == Some(want)),
    }
}

/// `matches`: a scalar, any item of a list, or any key of a mapping.
fn matches(n: &Node<'_>, re: &Regex) -> bool {
    match &n.value {
        Value::Scalar(s, _) => re.is_match(s),
        Value::Seq(items) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| re.is_match(s))),
        Value::Map(entries) => entries
            .iter()
            .any(|e| e.key.as_str().is_some_and(|s| re.is_match(s))),
    }
}

fn show_path(path: &[String]) -> String {
    if path.is_empty() {
        "the file".into()
    } else {
        format!("`{}`", path.join("."))
    }
}

/// Whether `cond` holds on `node`; when it does not, why (for `require`).
pub fn eval(cond: &Cond, node: &Node<'_>) -> Result<(), Failure> {
    match cond {
        Cond::Test { path, op } => {
            let found = lookup(node, path);
            let p = show_path(path);
            let fail = |detail: String, at: Option<&Node<'_>>| {
                Err(Failure {
                    detail,
                    span: at.map(|n| n.span),
                })
            };
            match (op, found) {
                (Op::Exists, Some(_)) | (Op::Absent, None) => Ok(()),
                (Op::Exists, None) => fail(format!("{p} is missing"), None),
                (Op::Absent, Some(n)) => fail(format!("{p} is present"), Some(n)),
                (_, None) => fail(format!("{p} is missing"), None),
                (Op::Equals(w), Some(n)) => {
                    if equals(n, w) {
                        Ok(())
                    } else {
                        fail(format!("{p} is not `{w}`"), Some(n))
                    }
                }
                (Op::Contains(w), Some(n)) => {
                    if contains(n, w) {
                        Ok(())
                    } else {
                        fail(format!("{p} does not contain `{w}`"), Some(n))
                    }
                }
                (Op::Matches(re), Some(n)) => {
                    if matches(n, re) {
                        Ok(())
                    } else {
                        fail(format!("{p} does not match `{}`", re.as_str()), Some(n))
                    }
                }
                (Op::OneOf(list), Some(n)) => {
                    if list.iter().any(|w| equals(n, w)) {
                        Ok(())
                    } else {
                        fail(
                            format!(
                                "{p} is not one of {}",
                                list.iter()
                                    .map(|w| format!("`{w}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            Some(n),
                        )
                    }
                }
            }
        }
        Cond::All(cs) => cs.iter().try_for_each(|c| eval(c, node)),
        Cond::Any(cs) => {
            let mut first = None;
            for c in cs {
                match eval(c, node) {
                    Ok(()) => return Ok(()),
                    Err(f) => {
                        first.get_or_insert(f);
                    }
                }
            }
            let f = first.unwrap_or(Failure {
                detail: String::new(),
                span: None,
            });
            Err(Failure {
                detail: format!("none of the alternatives holds ({}, …)", f.detail),
                span: None,
            })
        }
        Cond::Not(c) => match eval(c, node) {
            Ok(()) => Err(Failure {
                detail: format!("{} holds", describe(c)),
                span: None,
            }),
            Err(_) => Ok(()),
        },
    }
}

fn describe(c: &Cond) -> String {
    match c {
        Cond::Test { path, op } => {
            let p = show_path(path);
            match op {
                Op::Exists => format!("{p} exists"),
                Op::Absent => format!("{p} is absent"),
                Op::Equals(w) => format!("{p} = `{w}`"),
                Op::Contains(w) => format!("{p} contains `{w}`"),
                Op::Matches(r) => format!("{p} matches `{}`", r.as_str()),
                Op::OneOf(_) => format!("{p} is one of the listed values"),
            }
        }
        Cond::All(_) => "all of the conditions".into(),
        Cond::Any(_) => "one of the conditions".into(),
        Cond::Not(c) => format!("not ({})", describe(c)),
    }
}

impl Policy {
    /// Check one target: `None` when it is out of scope (`when`) or complies.
    pub fn check(&self, node: &Node<'_>) -> Option<Failure> {
        if let Some(w) = &self.when {
            if eval(w, node).is_err() {
                return None;
            }
        }
        eval(&self.require, node).err()
    }

    fn kind_ok(&self, kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind)
    }

    fn finding(&self, file: &SourceFile, who: &str, anchor: Span, f: Failure) -> Diagnostic {
        let span = f.span.unwrap_or(anchor);
        let message = if who.is_empty() {
            format!("{}: {}", self.meta.summary, f.detail)
        } else {
            format!("{}: {who}: {}", self.meta.summary, f.detail)
        };
        let mut d = Diagnostic::new(self.meta, file.path.clone(), Some(file.loc(span)), message);
        d.help(self.meta.help);
        d
    }
}

/// Policies on a compose file's services.
pub fn check_compose(
    policies: &[Policy],
    file: &SourceFile,
    cf: &crate::syntax::compose::ComposeFile<'_, '_>,
    out: &mut Vec<Diagnostic>,
) {
    for p in policies
        .iter()
        .filter(|p| p.target == Target::ComposeService)
    {
        for s in &cf.services {
            if let Some(f) = p.check(s.body) {
                out.push(p.finding(file, &format!("service \"{}\"", s.name), s.anchor_span(), f));
            }
        }
    }
}

/// Policies on Kubernetes objects and their containers.
pub fn check_k8s(
    policies: &[Policy],
    file: &SourceFile,
    objects: &[crate::syntax::k8s::K8sObject<'_, '_>],
    out: &mut Vec<Diagnostic>,
) {
    for p in policies {
        match p.target {
            Target::K8sObject => {
                for o in objects.iter().filter(|o| p.kind_ok(o.kind)) {
                    if let Some(f) = p.check(o.node) {
                        let who = format!("{} \"{}\"", o.kind, o.name().unwrap_or("?"));
                        out.push(p.finding(file, &who, o.anchor_span(), f));
                    }
                }
            }
            Target::K8sContainer => {
                for o in objects.iter().filter(|o| p.kind_ok(o.kind)) {
                    let Some(spec) = o.pod_spec() else { continue };
                    for c in spec.containers() {
                        if let Some(f) = p.check(c.node) {
                            let who = format!(
                                "{} of {} \"{}\"",
                                c.describe(),
                                o.kind,
                                o.name().unwrap_or("?")
                            );
                            out.push(p.finding(file, &who, c.anchor_span(), f));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Policies on a workflow's jobs.
pub fn check_workflow(
    policies: &[Policy],
    file: &SourceFile,
    root: &Node<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for p in policies.iter().filter(|p| p.target == Target::WorkflowJob) {
        for e in root.map_entries("jobs") {
            if let Some(f) = p.check(&e.value) {
                let who = format!("job \"{}\"", e.key.as_str().unwrap_or("?"));
                out.push(p.finding(file, &who, e.key.span, f));
            }
        }
    }
}

/// Policies on a Dockerfile's stages.
pub fn check_dockerfile(
    policies: &[Policy],
    file: &SourceFile,
    df: &Dockerfile<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let ps: Vec<&Policy> = policies
        .iter()
        .filter(|p| p.target == Target::DockerfileStage)
        .collect();
    if ps.is_empty() {
        return;
    }
    for st in &df.stages {
        let node = stage_node(df, st);
        let anchor = df
            .from_instruction(st)
            .map_or(st.image_span, |f| f.from.span.clone().into());
        let who = match &st.name {
            Some((n, _)) => format!("stage \"{n}\""),
            None => format!("stage {}", st.index + 1),
        };
        for p in &ps {
            if let Some(f) = p.check(&node) {
                out.push(p.finding(file, &who, anchor, f));
            }
        }
    }
}

fn scalar_node(value: String, span: Span) -> Node<'static> {
    Node {
        span,
        value: Value::Scalar(Cow::Owned(value), Style::Plain),
        from_alias: false,
    }
}

fn entry(key: &str, key_span: Span, value: Node<'static>) -> Entry<'static> {
    Entry {
        key: scalar_node(key.to_string(), key_span),
        value,
        merged: false,
    }
}

fn kv_map(kvs: &[dockerfile::KeyValue], span: Span) -> Node<'static> {
    Node {
        span,
        value: Value::Map(
            kvs.iter()
                .map(|kv| {
                    entry(
                        &kv.key,
                        kv.key_span,
                        scalar_node(
                            kv.value.clone().unwrap_or_default(),
                            kv.value_span.unwrap_or(kv.key_span),
                        ),
                    )
                })
                .collect(),
        ),
        from_alias: false,
    }
}

/// A Dockerfile stage as a located mapping policies can test:
/// `from` (the image as written), `image` (with `ARG`s resolved), `name` (the `AS`
/// alias), `user` (the effective USER), `workdir` (the last WORKDIR), `labels`, `env`,
/// `args` (mappings), `expose` (list of ports), `healthcheck` (present when the stage
/// has one), `instructions` (list of the stage's instruction keywords, upper case),
/// `base` (`image`, `stage` for `FROM <earlier stage>`, or `scratch`), `final` (`true`
/// for the last stage).
pub fn stage_node(df: &Dockerfile<'_>, st: &Stage) -> Node<'static> {
    let from_kw: Span = df
        .from_instruction(st)
        .map_or(st.image_span, |f| f.from.span.clone().into());
    let mut entries = vec![
        entry(
            "from",
            from_kw,
            scalar_node(st.image_raw.clone(), st.image_span),
        ),
        entry(
            "image",
            from_kw,
            scalar_node(st.image.value.clone(), st.image_span),
        ),
    ];
    let base = if st.parent.is_some() {
        "stage"
    } else if st.image.value.eq_ignore_ascii_case("scratch") {
        "scratch"
    } else {
        "image"
    };
    entries.push(entry(
        "base",
        from_kw,
        scalar_node(base.into(), st.image_span),
    ));
    let last = df.stages.last().map(|l| l.index) == Some(st.index);
    entries.push(entry(
        "final",
        from_kw,
        scalar_node(last.to_string(), from_kw),
    ));
    if let Some((n, sp)) = &st.name {
        entries.push(entry("name", *sp, scalar_node(n.clone(), *sp)));
    }
    if let Some(u) = df.effective_user(st) {
        entries.push(entry(
            "user",
            u.keyword_span,
            scalar_node(u.resolved.clone(), u.span),
        ));
    }
    let mut labels = Vec::new();
    let mut env = Vec::new();
    let mut args = Vec::new();
    let mut expose = Vec::new();
    let mut keywords = Vec::new();
    let mut workdir = None;
    let mut healthcheck = None;
    for ins in df.instructions(st) {
        let kw = dockerfile::keyword_span(ins);
        let word = df
            .text
            .get(kw.start..kw.end)
            .unwrap_or("")
            .to_ascii_uppercase();
        keywords.push(scalar_node(word.clone(), kw));
        match ins {
            Instruction::Label(l) => {
                labels.extend(dockerfile::key_values(df.text, &l.arguments, false))
            }
            Instruction::Env(e) => env.extend(dockerfile::key_values(df.text, &e.arguments, true)),
            Instruction::Arg(a) => {
                args.extend(dockerfile::key_values(df.text, &a.arguments, false))
            }
            Instruction::Expose(e) => {
                for a in &e.arguments {
                    expose.push(scalar_node(a.value.to_string(), a.span.clone().into()));
                }
            }
            Instruction::Workdir(w) => {
                workdir = Some(scalar_node(
                    w.arguments.value.to_string(),
                    w.arguments.span.clone().into(),
                ));
            }
            Instruction::Healthcheck(_) => healthcheck = Some(scalar_node(word, kw)),
            _ => {}
        }
    }
    let seq = |items: Vec<Node<'static>>| Node {
        span: from_kw,
        value: Value::Seq(items),
        from_alias: false,
    };
    if !labels.is_empty() {
        entries.push(entry("labels", from_kw, kv_map(&labels, from_kw)));
    }
    if !env.is_empty() {
        entries.push(entry("env", from_kw, kv_map(&env, from_kw)));
    }
    if !args.is_empty() {
        entries.push(entry("args", from_kw, kv_map(&args, from_kw)));
    }
    if !expose.is_empty() {
        entries.push(entry("expose", from_kw, seq(expose)));
    }
    if let Some(w) = workdir {
        entries.push(entry("workdir", from_kw, w));
    }
    if let Some(h) = healthcheck {
        entries.push(entry("healthcheck", from_kw, h));
    }
    entries.push(entry("instructions", from_kw, seq(keywords)));
    Node {
        span: from_kw,
        value: Value::Map(entries),
        from_alias: false,
    }
}

/// `file` policies, in the project phase: `files` are (display path, path relative to
/// the project root) of every file found; a file's text is read only when a policy
/// tests it.
pub fn check_files(
    policies: &[Policy],
    root_display: &str,
    files: &[(String, String)],
    max_size: u64,
    out: &mut Vec<Diagnostic>,
) {
    for p in policies.iter().filter(|p| p.target == Target::File) {
        let Some(glob) = &p.glob else { continue };
        let hits: Vec<&(String, String)> =
            files.iter().filter(|(_, rel)| glob.is_match(rel)).collect();
        // `exists` alone: one repository-level finding when no file matches
        if let Cond::Test { op: Op::Exists, .. } = &p.require {
            if hits.is_empty() && p.when.is_none() {
                let mut d = Diagnostic::new(
                    p.meta,
                    root_display.to_string(),
                    None,
                    format!(
                        "{}: no file matches `{}`",
                        p.meta.summary,
                        glob.glob().glob()
                    ),
                );
                d.help(p.meta.help);
                out.push(d);
            }
            continue;
        }
        for (display, _) in hits {
            let Ok(meta) = std::fs::metadata(display) else {
                continue;
            };
            if meta.len() > max_size {
                continue;
            }
            let Ok(bytes) = std::fs::read(display) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let file = SourceFile::new(display.clone(), text);
            let node = scalar_node(file.text.clone(), Span::new(0, file.text.len()));
            if let Some(f) = p.check(&node) {
                // the finding is about the whole file: point at its first line
                let first = file.text.find('\n').unwrap_or(file.text.len());
                out.push(p.finding(&file, "", Span::new(0, first), Failure { span: None, ..f }));
            }
        }
    }
}
