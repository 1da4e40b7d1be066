//! Linting one file: read, decode, classify, parse once, run the pack's rules, collect
//! facts for the project phase, scan suppressions.

use std::path::Path;
use std::sync::Arc;

use super::cache::Key;
use super::classify;
use super::{FileEntry, FileOutcome, FileStatus};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discovery::{Candidate, FileKind, Found};
use crate::rules::meta::RuleMeta;
use crate::rules::project::{
    join, normalize, ComposeRefFact, ComposeRefKind, ComposeServiceFact, ContainerFact,
    DependsFact, DockerfileFact, WorkloadFact,
};
use crate::rules::{engine_rule, registry, FileCtx, ImplKind, RuleImpl};
use crate::source::{SourceFile, Span};
use crate::suppress;
use crate::syntax::compose::ComposeFile;
use crate::syntax::dockerfile::{self, Dockerfile, Instruction};
use crate::syntax::k8s;
use crate::syntax::workflow::Workflow;
use crate::syntax::yaml::{self, Yaml};

/// An internal-error finding for a rule that panicked.
pub fn internal_error(rule: &'static RuleMeta, path: &str) -> Diagnostic {
    let mut d = Diagnostic::new(
        engine_rule("internal-error"),
        path.to_string(),
        None,
        format!(
            "rule {} ({}) crashed on this file; its findings are missing",
            rule.code, rule.name
        ),
    );
    d.help("please report this with the file; the other rules' results are complete");
    d
}

pub(super) fn outcome(
    path: &str,
    kind: FileKind,
    status: FileStatus,
    reason: Option<String>,
) -> FileOutcome {
    FileOutcome {
        entry: FileEntry {
            path: path.to_string(),
            kind,
            status,
            reason,
        },
        diagnostics: Vec::new(),
        suppressions: Vec::new(),
        facts: Box::default(),
        source: None,
        masks: Vec::new(),
        lazy_source: None,
        kustomize_input: None,
    }
}

fn candidate_kind(c: Candidate) -> FileKind {
    match c {
        Candidate::Dockerfile => FileKind::Dockerfile,
        Candidate::Compose => FileKind::Compose,
        Candidate::Kustomization => FileKind::Kustomization,
        Candidate::Workflow => FileKind::Workflow,
        Candidate::HelmTemplate => FileKind::HelmTemplate,
        Candidate::Markdown => FileKind::Doc,
        Candidate::Env => FileKind::Env,
        Candidate::Yaml | Candidate::Other => FileKind::Other,
    }
}

/// What a run wants of a file besides its facts.
#[derive(Clone, Copy)]
pub struct Wanted<'k> {
    /// Its text, for snippets.
    pub source: bool,
    /// Its findings: a context file's are not reported (pre-commit, editors).
    pub findings: bool,
    /// Where kustomize renders from: a file there keeps its parsed documents for it
    /// (asked only of a file that is parsed, not of one read from the cache).
    pub kustomize: &'k super::kustomize::Dirs,
}

pub fn lint_found(
    f: &Found,
    config: &Config,
    root: &str,
    stdin: Option<&str>,
    want: Wanted<'_>,
    cache: Option<&super::cache::Cache>,
    probe: &super::DirProbe,
) -> FileOutcome {
    // only reported findings show snippets: a context file's source is not kept
    let keep = want.source && want.findings;
    let kind = candidate_kind(f.candidate);
    if let Some(reason) = &f.unreadable {
        return outcome(&f.display, kind, FileStatus::NotInfra, Some(reason.clone()));
    }
    if f.candidate == Candidate::Other && !f.explicit {
        return outcome(&f.display, FileKind::Other, FileStatus::NotInfra, None);
    }
    if f.candidate == Candidate::HelmTemplate {
        return helm(&f.display);
    }
    let meta = match stdin {
        Some(_) => None,
        None => match std::fs::metadata(&f.path) {
            Ok(m) => Some(m),
            Err(e) => {
                return outcome(
                    &f.display,
                    kind,
                    FileStatus::NotInfra,
                    Some(format!("cannot read: {e}")),
                );
            }
        },
    };
    let stat = meta.as_ref().and_then(super::cache::Stat::of);
    // what lives outside the file (`.hadolint.yaml` `ignored:`, `.dockerignore` files) is
    // not part of the cached outcome: added to fresh and cached outcomes alike
    let with_fs_facts = |mut o: FileOutcome| {
        // they change only this file's findings (suppressions, `.dockerignore` for
        // `COPY .`): of no use when those are not reported
        if !want.findings {
            return o;
        }
        if f.candidate == Candidate::Dockerfile {
            o.suppressions
                .extend(suppress::hadolint_config(&f.path, probe));
        }
        if let Some(fact) = o.facts.dockerfile.as_mut() {
            dockerignore_facts(&f.path, fact, probe);
        }
        o
    };
    if let (Some(c), Some(s)) = (cache, stat) {
        // unchanged since the cache recorded it: not even read
        if let Some(mut o) = c.lookup(&f.display, Key::Stat(s), &config.policies, want.findings) {
            if keep {
                o.lazy_source = Some(f.path.clone());
            }
            return with_fs_facts(o);
        }
    }
    let text = match stdin {
        Some(t) => t.as_bytes().to_vec(),
        None => match read_limited(&f.path, meta.as_ref(), config.max_file_size) {
            Ok(b) => b,
            Err(ReadError::TooLarge(n)) => {
                let mut o = outcome(
                    &f.display,
                    kind,
                    FileStatus::NotInfra,
                    Some(format!(
                        "{n} bytes: larger than max-file-size ({} bytes)",
                        config.max_file_size
                    )),
                );
                let mut d = Diagnostic::new(
                    engine_rule("file-too-large"),
                    f.display.clone(),
                    None,
                    format!(
                        "file not linted: {n} bytes is over the {} byte limit",
                        config.max_file_size
                    ),
                );
                d.help("raise `max-file-size` in shipgate.toml, or split the file");
                o.diagnostics.push(d);
                return o;
            }
            Err(ReadError::Io(e)) => {
                return outcome(
                    &f.display,
                    kind,
                    FileStatus::NotInfra,
                    Some(format!("cannot read: {e}")),
                );
            }
        },
    };
    if text[..text.len().min(8192)].contains(&0) {
        return outcome(
            &f.display,
            FileKind::Other,
            FileStatus::NotInfra,
            Some(format!(
                "binary content, not a {}",
                describe_candidate(f.candidate)
            )),
        );
    }
    let hash = cache.map(|_| super::cache::content_hash(&text));
    let text = match String::from_utf8(text) {
        Ok(s) => without_bom(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let file = SourceFile::new(f.display.clone(), lossy);
            let mut o = outcome(
                &f.display,
                if kind == FileKind::Other {
                    FileKind::Other
                } else {
                    kind
                },
                FileStatus::ParseError,
                Some("not valid UTF-8".into()),
            );
            let span = Span::new(at, at + 1);
            o.diagnostics.push(parse_error(
                &file,
                span,
                format!("file is not valid UTF-8 (invalid byte at offset {at})"),
            ));
            if keep {
                o.source = Some(Arc::new(file));
            }
            return o;
        }
    };
    if let (Some(c), Some(h)) = (cache, hash) {
        let key = Key::Hash(h, stat);
        if let Some(mut o) = c.lookup(&f.display, key, &config.policies, want.findings) {
            if keep {
                o.source = Some(Arc::new(SourceFile::new(f.display.clone(), text)));
            }
            return with_fs_facts(o);
        }
    }
    let file = SourceFile::new(f.display.clone(), text);
    // only files parsed as YAML can be rendered
    let for_kustomize = matches!(
        f.candidate,
        Candidate::Compose
            | Candidate::Kustomization
            | Candidate::Workflow
            | Candidate::Yaml
            | Candidate::Other
    ) && want.kustomize.holds(&f.display);
    let mut o = lint_one(file, f.candidate, config, root, for_kustomize);
    if let (Some(c), Some(h)) = (cache, hash) {
        c.remember(&f.display, h, stat, &o);
    }
    if !keep {
        o.source = None;
    }
    with_fs_facts(o)
}

/// A file's source as linting read it (a byte order mark dropped), for the snippets of
/// a file whose cached outcome was used without reading it.
pub fn read_source(path: &Path, display: &str) -> Option<SourceFile> {
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    Some(SourceFile::new(display.to_string(), without_bom(text)))
}

/// The text with a leading byte order mark dropped (as every file is linted).
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    text
}

fn describe_candidate(c: Candidate) -> &'static str {
    match c {
        Candidate::Dockerfile => "Dockerfile",
        Candidate::Compose => "compose file",
        Candidate::Kustomization => "kustomization",
        Candidate::Workflow => "workflow",
        Candidate::Markdown => "Markdown document",
        Candidate::Env => "env file",
        _ => "YAML file",
    }
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// Read a file of at most `max` bytes (`meta`: its metadata, when already read).
fn read_limited(
    path: &Path,
    meta: Option<&std::fs::Metadata>,
    max: u64,
) -> Result<Vec<u8>, ReadError> {
    let len = match meta {
        Some(m) => m.len(),
        None => std::fs::metadata(path).map_err(ReadError::Io)?.len(),
    };
    if len > max {
        return Err(ReadError::TooLarge(len));
    }
    std::fs::read(path).map_err(ReadError::Io)
}

fn helm(display: &str) -> FileOutcome {
    let mut o = outcome(
        display,
        FileKind::HelmTemplate,
        FileStatus::NotInfra,
        Some("Helm template: render it with `helm template` and lint the output".into()),
    );
    // group by chart: the directory above `templates/`, else the file's directory
    let comps: Vec<&str> = display.split('/').collect();
    let dir_end = match comps.iter().rposition(|c| *c == "templates") {
        Some(i) if i + 1 < comps.len() => i,
        _ => comps.len().saturating_sub(1),
    };
    let group = comps[..dir_end].join("/");
    o.facts.helm_group = Some(if group.is_empty() { ".".into() } else { group });
    o
}

/// Lint one decoded file of a known candidate kind.
/// `for_kustomize`: also keep the YAML documents, owned, for kustomize.
pub fn lint_one(
    file: SourceFile,
    candidate: Candidate,
    config: &Config,
    root: &str,
    for_kustomize: bool,
) -> FileOutcome {
    let path = file.path.clone();
    let mut o = outcome(&path, candidate_kind(candidate), FileStatus::Linted, None);
    match candidate {
        Candidate::Dockerfile => lint_dockerfile(&file, config, root, &mut o),
        Candidate::Compose
        | Candidate::Kustomization
        | Candidate::Workflow
        | Candidate::Yaml
        | Candidate::Other => {
            if candidate == Candidate::Yaml && classify::looks_like_helm(&file.text) {
                let mut h = helm(&path);
                lint_text(&file, config, FileKind::HelmTemplate, &mut h.diagnostics);
                h.source = Some(Arc::new(file));
                return h;
            }
            let docs = lint_yaml(&file, candidate, config, root, for_kustomize, &mut o);
            if let Some(docs) = docs {
                o.kustomize_input = Some(Box::new(super::kustomize::Parsed {
                    text: file.text.clone(),
                    docs,
                }));
            }
        }
        Candidate::Markdown => lint_markdown(&file, config, root, &mut o),
        Candidate::Env => lint_dotenv(&file, config, &mut o),
        Candidate::HelmTemplate => {}
    }
    lint_text(&file, config, o.entry.kind, &mut o.diagnostics);
    o.source = Some(Arc::new(file));
    o
}

/// Rules over the raw text of every file that was read (token formats).
fn lint_text(file: &SourceFile, config: &Config, kind: FileKind, out: &mut Vec<Diagnostic>) {
    run_rules(file, config, out, ImplKind::Text, |imp, cx| {
        if let RuleImpl::Text(r) = imp {
            r.check(&file.text, kind, cx);
        }
    });
}

fn lint_dotenv(file: &SourceFile, config: &Config, o: &mut FileOutcome) {
    let env = crate::syntax::dotenv::DotEnv::parse(&file.text);
    o.facts.env_file = Some(crate::rules::project::EnvFileFact {
        path: file.path.clone(),
        keys: env.entries.iter().map(|e| e.key.to_string()).collect(),
    });
    run_rules(
        file,
        config,
        &mut o.diagnostics,
        ImplKind::DotEnv,
        |imp, cx| {
            if let RuleImpl::DotEnv(r) = imp {
                r.check(&env, cx);
            }
        },
    );
    o.suppressions = suppress::scan(file, false, &|l| l);
}

fn parse_error(file: &SourceFile, span: Span, message: String) -> Diagnostic {
    // widen a zero-width error position to one character so it can be underlined; at
    // the end of the file (or on a line break), use the last visible character before it
    let mut span = span;
    if span.is_empty() {
        let text = &file.text;
        let at = crate::source::floor_char_boundary(text, span.start);
        match text[at..].chars().next() {
            Some(c) if !c.is_whitespace() => span = Span::new(at, at + c.len_utf8()),
            _ => {
                let trimmed = text[..at].trim_end();
                match trimmed.chars().next_back() {
                    Some(c) => span = Span::new(trimmed.len() - c.len_utf8(), trimmed.len()),
                    None => span = Span::new(at, (at + 1).min(text.len())),
                }
            }
        }
    }
    let mut d = Diagnostic::new(
        engine_rule("parse-error"),
        file.path.clone(),
        Some(file.loc(span)),
        message,
    );
    d.help("fix the syntax: the rest of this file was not linted");
    d
}

/// Run `f`, turning a panic into `None`: one rule crashing on one file must not take
/// the run down.
pub fn isolate<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// Run the rules of `kind` with panic isolation, config filtering and severities.
fn run_rules(
    file: &SourceFile,
    config: &Config,
    out: &mut Vec<Diagnostic>,
    kind: ImplKind,
    mut call: impl FnMut(&RuleImpl, &mut FileCtx<'_>),
) {
    // `call` unpacks the rule of `kind` (the only ones it is given) and runs it
    for &i in crate::rules::rules_of_kind(kind) {
        let Some(entry) = registry().get(i) else {
            continue;
        };
        let Some(imp) = entry.imp else { continue };
        if !config.runs(i) {
            continue;
        }
        let mut found = Vec::new();
        let mut cx = FileCtx {
            file,
            options: config.options(entry.meta.name),
            rule: &entry.meta,
            out: &mut found,
        };
        if isolate(|| call(imp, &mut cx)).is_none() {
            out.push(internal_error(&entry.meta, &file.path));
            continue;
        }
        for mut d in found {
            if config.enabled_for(i, &d.path) {
                d.severity = config.severity(i);
                out.push(d);
            }
        }
    }
}

fn lint_dockerfile(file: &SourceFile, config: &Config, root: &str, o: &mut FileOutcome) {
    let df = match dockerfile::parse(&file.text) {
        Ok(df) => df,
        Err(e) => {
            o.entry.status = FileStatus::ParseError;
            let line0 = e.line.saturating_sub(1);
            let start = file.index.line_start(line0).unwrap_or(file.text.len());
            let at =
                crate::source::floor_char_boundary(&file.text, start + e.column.saturating_sub(1));
            o.diagnostics.push(parse_error(
                file,
                Span::new(at, at),
                format!("invalid Dockerfile: {}", e.message),
            ));
            o.suppressions = suppress::scan(file, false, &|l| l);
            o.suppressions.extend(suppress::scan_foreign(file, &|l| l));
            return;
        }
    };
    run_rules(
        file,
        config,
        &mut o.diagnostics,
        ImplKind::Dockerfile,
        |imp, cx| {
            if let RuleImpl::Dockerfile(r) = imp {
                r.check(&df, cx);
            }
        },
    );
    crate::policy::check_dockerfile(&config.policies, file, &df, &mut o.diagnostics);
    o.facts.dockerfile = dockerfile_fact(file, &df, root);
    // a suppression before an instruction covers all its lines
    let starts: Vec<u32> = df
        .ast
        .instructions
        .iter()
        .map(|i| file.loc(dockerfile::keyword_span(i)).start.line)
        .collect();
    let last_line = file.index.line_count() as u32;
    let extent = |line: u32| match starts.iter().position(|s| *s == line) {
        Some(k) => starts.get(k + 1).map_or(last_line, |n| n.saturating_sub(1)),
        None => line,
    };
    o.suppressions = suppress::scan(file, false, &extent);
    o.suppressions.extend(suppress::scan_foreign(file, &extent));
}

fn lint_markdown(file: &SourceFile, config: &Config, root: &str, o: &mut FileOutcome) {
    use crate::rules::docs::DocRole;
    let doc = crate::syntax::markdown::Markdown::parse(&file.text);
    let dir = rel_dir(&file.path, root);
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    let rel = join(&dir, name);
    let role = config.doc_role(&rel);
    run_rules(
        file,
        config,
        &mut o.diagnostics,
        ImplKind::Markdown,
        |imp, cx| {
            if let RuleImpl::Markdown(r) = imp {
                r.check(&doc, role, cx);
            }
        },
    );
    let links = if role == DocRole::Other {
        Vec::new()
    } else {
        doc.links
            .iter()
            .filter(|l| {
                !l.dest.is_empty()
                    && !l.dest.contains("://")
                    && !l.dest.starts_with("mailto:")
                    && !l.dest.starts_with("tel:")
            })
            .map(|l| (l.dest.clone(), file.loc(l.span)))
            .collect()
    };
    o.facts.doc = Some(crate::rules::project::DocFact {
        path: file.path.clone(),
        rel,
        role,
        anchors: doc.headings.iter().map(|h| h.anchor.clone()).collect(),
        links,
        runbook_text: (role == DocRole::Runbook).then(|| file.text.to_lowercase()),
        title: file.loc(doc.title_span(&file.text)),
    });
    o.suppressions = suppress::scan_markdown(file);
}

fn dockerfile_fact(file: &SourceFile, df: &Dockerfile<'_>, root: &str) -> Option<DockerfileFact> {
    let last = df.final_stage()?;
    let mut healthcheck = None;
    let mut exposes = false;
    let mut expose = Vec::new();
    let mut expose_unresolved = false;
    let mut cur = Some(last);
    while let Some(st) = cur {
        for ins in df.instructions(st).iter().rev() {
            match ins {
                Instruction::Healthcheck(h) if healthcheck.is_none() => {
                    healthcheck = Some(matches!(
                        h.arguments,
                        dockerfile::HealthcheckArguments::Cmd { .. }
                    ));
                }
                Instruction::Expose(e) => {
                    exposes = true;
                    for a in &e.arguments {
                        let port = a.value.split('/').next().unwrap_or("");
                        match port.trim().parse::<u32>() {
                            Ok(n) => expose.push((n, file.loc(a.span.clone().into()))),
                            // `${PORT}`, ranges: the image's ports are not known
                            Err(_) => expose_unresolved = true,
                        }
                    }
                }
                _ => {}
            }
        }
        cur = st
            .parent
            .filter(|p| *p < st.index)
            .and_then(|p| df.stages.get(p));
    }
    let dir = rel_dir(&file.path, root);
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    Some(DockerfileFact {
        path: file.path.clone(),
        rel: join(&dir, name),
        dir,
        healthcheck,
        exposes,
        final_from: file.loc(last.image_span),
        user: df
            .effective_user(last)
            .filter(|u| !u.unresolved)
            .map(|u| (u.resolved.clone(), file.loc(u.span))),
        expose,
        expose_unresolved,
        copy_all: copy_all_context(df).map(|sp| file.loc(sp)),
        dockerignore_dirs: Vec::new(),
        own_dockerignore: false,
    })
}

/// The source of the first `COPY`/`ADD` (not `--from`) of the whole build context.
fn copy_all_context(df: &Dockerfile<'_>) -> Option<Span> {
    df.ast.instructions.iter().find_map(|ins| {
        let (options, src) = match ins {
            Instruction::Copy(c) => (&c.options, &c.src),
            Instruction::Add(a) => (&a.options, &a.src),
            _ => return None,
        };
        if options.iter().any(|f| f.name.value == "from") {
            return None;
        }
        src.iter().find_map(|s| match s {
            parse_dockerfile::Source::Path(p)
                if matches!(p.value.as_ref(), "." | "./" | "./." | "*" | "./*") =>
            {
                Some(Span::from(p.span.clone()))
            }
            _ => None,
        })
    })
}

/// Where `.dockerignore` files sit above a Dockerfile (filesystem facts, kept out of
/// the content-keyed cache).
fn dockerignore_facts(
    path: &Path,
    fact: &mut crate::rules::project::DockerfileFact,
    probe: &super::DirProbe,
) {
    let Some(dir) = path.parent() else { return };
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    fact.own_dockerignore =
        name.is_some_and(|n| probe.is_file(&dir.join(format!("{n}.dockerignore"))));
    let mut rel = fact.dir.clone();
    let mut real = Some(dir.to_path_buf());
    fact.dockerignore_dirs.clear();
    while let Some(d) = real {
        if probe.is_file(&d.join(".dockerignore")) {
            fact.dockerignore_dirs.push(rel.clone());
        }
        if rel.is_empty() {
            break;
        }
        rel = rel
            .rsplit_once('/')
            .map_or(String::new(), |(a, _)| a.to_string());
        real = d.parent().map(Path::to_path_buf);
    }
}

/// The directory of a display path, relative to the project root.
fn rel_dir(display: &str, root_display: &str) -> String {
    let dir = display.rsplit_once('/').map_or("", |(d, _)| d);
    if root_display == "." || root_display.is_empty() {
        return dir.to_string();
    }
    dir.strip_prefix(root_display)
        .map(|r| r.trim_start_matches('/').to_string())
        .unwrap_or_else(|| dir.to_string())
}

/// Returns the documents, owned, when `for_kustomize`.
fn lint_yaml(
    file: &SourceFile,
    candidate: Candidate,
    config: &Config,
    root: &str,
    for_kustomize: bool,
    o: &mut FileOutcome,
) -> Option<Vec<crate::syntax::kustomize::ONode>> {
    let y: Yaml<'_> = yaml::parse(&file.text);
    let docs = for_kustomize.then(|| super::kustomize::owned_docs(&y, 0));
    if let Some(err) = &y.error {
        o.entry.status = FileStatus::ParseError;
        o.diagnostics.push(parse_error(
            file,
            err.span,
            format!("invalid YAML: {}", err.message),
        ));
    }
    match candidate {
        Candidate::Compose => {
            if let Some(cf) = ComposeFile::from_yaml(&y) {
                run_rules(
                    file,
                    config,
                    &mut o.diagnostics,
                    ImplKind::Compose,
                    |imp, cx| {
                        if let RuleImpl::Compose(r) = imp {
                            r.check_file(&cf, cx);
                            for s in &cf.services {
                                r.check_service(s, &cf, cx);
                            }
                        }
                    },
                );
                crate::policy::check_compose(&config.policies, file, &cf, &mut o.diagnostics);
                o.facts.compose_services = compose_facts(file, &cf, root);
                o.facts.compose_vars = crate::rules::secrets::env_example::compose_vars(file, &y);
                o.facts.compose_refs = compose_ref_facts(file, &cf, root);
            }
        }
        Candidate::Workflow => {
            if let Some(wf) = Workflow::from_yaml(&y) {
                run_rules(
                    file,
                    config,
                    &mut o.diagnostics,
                    ImplKind::Workflow,
                    |imp, cx| {
                        if let RuleImpl::Workflow(r) = imp {
                            r.check(&wf, cx);
                        }
                    },
                );
                o.facts.workflow = Some(crate::rules::workflow::workflow_fact(file, &wf));
                o.facts.built_images =
                    crate::rules::project::mutable_tag_while_ci_pins::built_images(file, &wf);
            }
            run_rules(
                file,
                config,
                &mut o.diagnostics,
                ImplKind::Yaml,
                |imp, cx| {
                    if let RuleImpl::Yaml(r) = imp {
                        r.check(&y, FileKind::Workflow, cx);
                    }
                },
            );
            for root in y.docs.iter().filter_map(|d| d.root.as_ref()) {
                crate::policy::check_workflow(&config.policies, file, root, &mut o.diagnostics);
            }
        }
        Candidate::Yaml | Candidate::Other => {
            let objects = k8s::objects(&y);
            if !objects.is_empty() {
                o.entry.kind = FileKind::Kubernetes;
                crate::syntax::k8s_schema::file_scope(|| {
                    run_rules(
                        file,
                        config,
                        &mut o.diagnostics,
                        ImplKind::Kubernetes,
                        |imp, cx| {
                            if let RuleImpl::Kubernetes(r) = imp {
                                let scope = r.scope();
                                for obj in objects.iter().filter(|ob| scope.accepts(ob)) {
                                    r.check(obj, cx);
                                }
                            }
                        },
                    );
                });
                crate::policy::check_k8s(&config.policies, file, &objects, &mut o.diagnostics);
                o.facts.workloads = workload_facts(file, &objects);
                o.facts.k8s_objects = objects
                    .iter()
                    .map(|ob| crate::rules::kubernetes::objects::object_fact(file, ob))
                    .collect();
                crate::rules::prometheus::lint_objects(file, &objects, config, o);
            } else if classify::looks_like_prometheus(&y) || prometheus_config_named(&y, file) {
                o.entry.kind = FileKind::Prometheus;
                crate::rules::prometheus::lint_file(file, &y, config, root, o);
            } else if y.error.is_some() {
                if classify::text_looks_like_k8s(&file.text) {
                    o.entry.kind = FileKind::Kubernetes;
                }
            } else {
                o.entry.kind = FileKind::Other;
                o.entry.status = FileStatus::NotInfra;
                o.entry.reason =
                    Some("YAML, but not a Kubernetes, compose, workflow or Prometheus file".into());
            }
        }
        _ => {}
    }
    o.suppressions = suppress::scan(file, true, &|l| l);
    if o.entry.kind == FileKind::Kubernetes {
        for ob in k8s::objects(&y) {
            if let Some(ann) = ob.node.path(&["metadata", "annotations"]) {
                o.suppressions
                    .extend(suppress::from_annotations(file, ann, ob.node.span));
            }
        }
    }
    docs
}

fn prometheus_config_named(y: &Yaml<'_>, file: &SourceFile) -> bool {
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    crate::syntax::prometheus::ServerConfig::from_yaml(y, name).is_some()
}

/// Run the rules of one kind on a file (for packs whose dispatch lives in their module).
pub(crate) fn run_pack_rules(
    file: &SourceFile,
    config: &Config,
    out: &mut Vec<Diagnostic>,
    kind: ImplKind,
    call: impl FnMut(&RuleImpl, &mut FileCtx<'_>),
) {
    run_rules(file, config, out, kind, call);
}

pub(crate) fn rel_dir_of(display: &str, root_display: &str) -> String {
    rel_dir(display, root_display)
}

fn compose_facts(
    file: &SourceFile,
    cf: &ComposeFile<'_, '_>,
    root: &str,
) -> Vec<ComposeServiceFact> {
    let dir = rel_dir(&file.path, root);
    cf.services
        .iter()
        .map(|s| ComposeServiceFact {
            path: file.path.clone(),
            name: s.name.to_string(),
            name_loc: file.loc(s.anchor_span()),
            has_healthcheck: s.has_healthcheck(),
            healthcheck_disabled: s.healthcheck_disabled(),
            image: s.image().and_then(|n| n.as_str()).map(str::to_owned),
            build_dir: s.build_context().map(|c| normalize(&join(&dir, c))),
            dockerfile: s.build_dockerfile().map(str::to_owned),
            image_loc: s.image().map(|n| file.loc(n.span)),
            container_ports: s
                .get("ports")
                .and_then(|p| p.as_seq())
                .unwrap_or(&[])
                .iter()
                .filter_map(|p| compose_container_port(p).map(|n| (n, file.loc(p.span))))
                .collect(),
            one_shot: s.is_one_shot(cf),
            keys: s
                .body
                .as_map()
                .unwrap_or(&[])
                .iter()
                .filter(|e| !e.value.is_null())
                .filter_map(|e| e.key.as_str().map(str::to_owned))
                .collect(),
            read_only: s.get("read_only").and_then(|n| n.as_bool()) == Some(true),
            no_new_privileges: s.no_new_privileges(),
            healthcheck_test: s.healthcheck_test(),
            depends_on: s
                .depends_on()
                .iter()
                .map(|d| DependsFact {
                    target: d.name.to_string(),
                    condition: d.condition.and_then(|c| c.as_str()).map(str::to_owned),
                    loc: file.loc(d.name_node.span),
                    condition_loc: d.condition.map(|c| file.loc(c.span)),
                })
                .collect(),
            profiles: s.profiles().iter().map(|p| p.to_string()).collect(),
            restart_policy: s.get("restart").is_some_and(|r| !r.is_null())
                || s.body.path(&["deploy", "restart_policy"]).is_some(),
            has_limits: s.has_limits(),
            limits_loc: Some(file.loc(s.limits_anchor())),
        })
        .collect()
}

/// The container side of a compose `ports:` item: `"8080:80"`, `"127.0.0.1:8080:80/tcp"`,
/// `80`, or `{target: 80, published: 8080}`. Ranges and variables give `None`.
fn compose_container_port(item: &crate::syntax::yaml::Node<'_>) -> Option<u32> {
    if let Some(t) = item.get("target") {
        return t
            .as_i64()
            .and_then(|p| u32::try_from(p).ok())
            .or_else(|| t.as_str()?.parse().ok());
    }
    let s = item.as_str()?;
    let s = s.split('/').next().unwrap_or(s);
    // the container port is after the last `:` (IPv6 host IPs are bracketed)
    let last = s.rsplit(':').next().unwrap_or(s);
    last.trim().parse().ok()
}

fn container_fact(
    file: &SourceFile,
    ps: &k8s::PodSpec<'_, '_>,
    c: &k8s::Container<'_, '_>,
) -> ContainerFact {
    let port_of = |n: &crate::syntax::yaml::Node<'_>| {
        n.as_i64()
            .and_then(|p| u32::try_from(p).ok())
            .map(|p| (p, file.loc(n.span)))
    };
    let ports = c
        .node
        .seq_items("ports")
        .iter()
        .filter_map(|p| p.get("containerPort").and_then(port_of))
        .collect();
    let probe_ports = ["readinessProbe", "livenessProbe", "startupProbe"]
        .iter()
        .filter_map(|k| c.node.get(k))
        .flat_map(|probe| {
            ["httpGet", "tcpSocket", "grpc"]
                .iter()
                .filter_map(|h| probe.get(h).and_then(|h| h.get("port")))
                .filter_map(port_of)
                .collect::<Vec<_>>()
        })
        .collect();
    ContainerFact {
        image: c.image().and_then(|i| i.as_str()).unwrap_or("").to_string(),
        has_probe: c.node.get("readinessProbe").is_some() || c.node.get("livenessProbe").is_some(),
        name: c.name().map(str::to_owned),
        image_loc: c.image().map(|i| file.loc(i.span)),
        run_as_non_root: k8s::effective_security_field(ps, c, "runAsNonRoot")
            .filter(|n| n.as_bool() == Some(true))
            .map(|n| file.loc(n.span)),
        run_as_user: k8s::effective_security_field(ps, c, "runAsUser").is_some(),
        ports,
        probe_ports,
    }
}

fn compose_ref_facts(
    file: &SourceFile,
    cf: &ComposeFile<'_, '_>,
    root: &str,
) -> Vec<ComposeRefFact> {
    use crate::syntax::yaml::Node;
    let dir = rel_dir(&file.path, root);
    let resolve = |p: &str| -> Option<String> {
        // absolute paths, home directories, URLs and variables cannot be checked
        if p.starts_with('/') || p.starts_with('~') || p.contains('$') || p.contains("://") {
            return None;
        }
        Some(normalize(&join(&dir, p)))
    };
    // a reference whose location is `node` and whose file (if any) is `file_node`
    let fact = |kind, service: Option<&str>, node: &Node<'_>, file_node: Option<&Node<'_>>| {
        let raw = file_node.and_then(Node::as_str);
        ComposeRefFact {
            path: file.path.clone(),
            kind,
            service: service.map(str::to_owned),
            file: raw.and_then(resolve),
            file_raw: raw.map(str::to_owned),
            target_service: None,
            optional: false,
            loc: file.loc(node.span),
            file_loc: file_node.map(|f| file.loc(f.span)),
        }
    };
    fn listed<'n, 'a>(n: &'n Node<'a>) -> Vec<&'n Node<'a>> {
        match n.as_seq() {
            Some(seq) => seq.iter().collect(),
            None => vec![n],
        }
    }
    let mut out = Vec::new();
    for s in &cf.services {
        if let Some(env) = s.get("env_file") {
            for item in listed(env) {
                if item.as_str().is_some() {
                    out.push(fact(
                        ComposeRefKind::EnvFile,
                        Some(s.name),
                        item,
                        Some(item),
                    ));
                } else if let Some(p) = item.get("path") {
                    let mut f = fact(ComposeRefKind::EnvFile, Some(s.name), p, Some(p));
                    f.optional = item.get("required").and_then(Node::as_bool) == Some(false);
                    out.push(f);
                }
            }
        }
        if let Some(ext) = s.get("extends") {
            if let Some(target) = ext.as_str() {
                // `extends: name`: a service of this file
                let mut f = fact(ComposeRefKind::Extends, Some(s.name), ext, None);
                f.target_service = Some(target.to_string());
                out.push(f);
            } else if let Some(svc_node) = ext.get("service") {
                let mut f = fact(
                    ComposeRefKind::Extends,
                    Some(s.name),
                    svc_node,
                    ext.get("file"),
                );
                f.target_service = svc_node.as_str().map(str::to_owned);
                out.push(f);
            }
        }
    }
    for item in cf.root.seq_items("include") {
        if item.as_str().is_some() {
            out.push(fact(ComposeRefKind::Include, None, item, Some(item)));
        } else if let Some(p) = item.get("path") {
            for n in listed(p) {
                out.push(fact(ComposeRefKind::Include, None, n, Some(n)));
            }
        }
    }
    out
}

fn workload_facts(file: &SourceFile, objects: &[k8s::K8sObject<'_, '_>]) -> Vec<WorkloadFact> {
    objects
        .iter()
        .filter(|o| o.is_workload())
        .map(|o| WorkloadFact {
            path: file.path.clone(),
            kind: o.kind.to_string(),
            name: o.name().map(str::to_owned),
            containers: o
                .pod_spec()
                .map(|ps| {
                    ps.containers()
                        .filter(|c| c.kind == k8s::ContainerKind::Container)
                        .map(|c| container_fact(file, &ps, &c))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// Read and parse one file without linting it (the benchmark floor). Returns
/// (1, bytes) for a file that was read, (0, 0) for one that was not.
pub fn parse_only(f: &Found, max: u64) -> (usize, u64) {
    if f.unreadable.is_some() || matches!(f.candidate, Candidate::Other | Candidate::HelmTemplate) {
        return (0, 0);
    }
    let Ok(bytes) = read_limited(&f.path, None, max) else {
        return (0, 0);
    };
    let n = bytes.len() as u64;
    let Ok(text) = String::from_utf8(bytes) else {
        return (1, n);
    };
    let file = SourceFile::new(f.display.clone(), text);
    match f.candidate {
        Candidate::Dockerfile => {
            // the Dockerfile tree rules read: instructions, stages, and the shell words
            // of every RUN (parsed once per file, see `syntax::shell::runs`)
            if let Ok(df) = dockerfile::parse(&file.text) {
                std::hint::black_box(crate::syntax::shell::runs(&df).len());
            }
        }
        Candidate::Markdown => {
            let doc = crate::syntax::markdown::Markdown::parse(&file.text);
            std::hint::black_box(&doc);
        }
        Candidate::Env => {}
        _ => {
            if !(f.candidate == Candidate::Yaml && classify::looks_like_helm(&file.text)) {
                let y = yaml::parse(&file.text);
                std::hint::black_box(&y);
            }
        }
    }
    (1, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_rule_becomes_an_internal_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r: Option<()> = isolate(|| panic!("rule bug"));
        std::panic::set_hook(prev);
        assert!(r.is_none());
        let d = internal_error(engine_rule("missing-user"), "Dockerfile");
        assert_eq!(d.rule.code, "SG005");
        assert!(d.message.contains("DF001"));
        assert_eq!(isolate(|| 7), Some(7));
    }
}
