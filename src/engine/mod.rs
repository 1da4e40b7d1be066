//! The engine: discover, then lint every file in parallel (read, classify, parse once,
//! run its pack's rules, keep small facts), then the project phase, then suppressions,
//! then a deterministic sort.

mod cache;
mod classify;
mod kustomize;
mod lint;
mod walk_cache;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::discovery::{self, FileKind, Found};
use crate::rules::project::{FileFact, Project};
use crate::rules::{registry, ProjectCtx, ProjectRule, RuleEntry, RuleImpl};
use crate::source::SourceFile;
use crate::suppress::{self, Suppression};

pub use cache::default_dir as default_cache_dir;
pub use lint::lint_one;
pub(crate) use lint::{rel_dir_of, run_pack_rules};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    Linted,
    ParseError,
    NotInfra,
}

impl FileStatus {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Linted => "linted",
            FileStatus::ParseError => "parse-error",
            FileStatus::NotInfra => "not-infra",
        }
    }
}

/// One file in the report's `files` list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    pub status: FileStatus,
    /// Why the file was not linted, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Default)]
pub struct CheckRequest {
    /// Files or directories. When only files are given (pre-commit, editors), the
    /// repository around them is linted as context for cross-file rules, but findings
    /// are reported only for the given files.
    pub paths: Vec<PathBuf>,
    pub cwd: PathBuf,
    /// Worker threads (0 = number of CPUs).
    pub jobs: usize,
    /// Keep file texts for snippets (human output).
    pub keep_sources: bool,
    /// Lint this text as the file at this path (editor/stdin use).
    pub stdin: Option<(PathBuf, String)>,
    /// With only files given: also report repository-level findings.
    pub repo: bool,
    /// With only files given: lint the enclosing repository as context (the CLI does).
    pub context: bool,
    /// Directory of the result cache (`None`: no cache; the CLI uses the user cache dir).
    pub cache_dir: Option<PathBuf>,
    /// With only files given: lint this directory as context instead of the enclosing
    /// git repository (the language server uses the workspace folder).
    pub context_root: Option<PathBuf>,
}

pub struct Report {
    pub files: Vec<FileEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of files with findings, when requested.
    pub sources: BTreeMap<String, Arc<SourceFile>>,
    pub root_display: String,
    /// The gate verdict, when asked for (`--verdict`, `shipgate gate`).
    pub verdict: Option<crate::verdict::Verdict>,
    /// Wall time of each phase of the run, in milliseconds (`check --stats`).
    pub phases: Vec<(&'static str, f64)>,
}

impl Report {
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == sev)
            .count()
    }

    /// Exit code 1 when a finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Option<Severity>) -> bool {
        fail_on.is_some_and(|t| self.diagnostics.iter().any(|d| d.severity >= t))
    }
}

/// What linting one file produced.
pub struct FileOutcome {
    pub entry: FileEntry,
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    /// Boxed: most files fill in few of its fields, and the outcome is moved several times.
    pub facts: Box<crate::rules::project::Facts>,
    pub source: Option<Arc<SourceFile>>,
    /// Secret spans of this file's findings when `diagnostics` was left empty (a context
    /// file whose findings are not reported, read from the cache): its source is still
    /// masked with them.
    pub masks: Vec<crate::source::Span>,
    /// The file on disk, when its source is wanted but was not read (a cache hit by
    /// stat): read only if a finding shows it.
    pub lazy_source: Option<PathBuf>,
    /// The file as parsed, for kustomize to render without parsing it again (a YAML
    /// file at or below a discovered kustomization's directory).
    pub(in crate::engine) kustomize_input: Option<Box<kustomize::Parsed>>,
}

/// What paths near the linted files are (`.hadolint.yaml`, `.dockerignore`, `.git`),
/// asked once per run: many Dockerfiles share directories, and each probe is a system
/// call.
#[derive(Default)]
pub struct DirProbe {
    /// `None`: nothing there; `Some(is_file)`.
    seen: std::sync::Mutex<rustc_hash::FxHashMap<std::ffi::OsString, Option<bool>>>,
    /// The nearest hadolint configuration at or above a directory (see
    /// [`DirProbe::hadolint_config`]).
    hadolint: std::sync::Mutex<rustc_hash::FxHashMap<PathBuf, Option<PathBuf>>>,
}

impl DirProbe {
    fn kind(&self, p: &Path) -> Option<bool> {
        // keyed by the bytes (hashing a `Path` walks its components)
        let key = p.as_os_str();
        if let Some(k) = self.seen.lock().ok().and_then(|m| m.get(key).copied()) {
            return k;
        }
        let k = std::fs::metadata(p).ok().map(|m| m.is_file());
        if let Ok(mut m) = self.seen.lock() {
            m.insert(key.to_os_string(), k);
        }
        k
    }

    /// `p` exists (as anything).
    pub fn exists(&self, p: &Path) -> bool {
        self.kind(p).is_some()
    }

    /// `p` is a file (following symbolic links).
    pub fn is_file(&self, p: &Path) -> bool {
        self.kind(p) == Some(true)
    }

    /// The nearest `.hadolint.yaml` (or `.yml`) in `dir` or above it, up to the
    /// directory holding `.git`, at most 32 levels up. Remembered for every directory
    /// of a walk that ended at a configuration, a repository's root or the file system's:
    /// Dockerfiles of one repository share their ancestors.
    pub fn hadolint_config(&self, dir: &Path) -> Option<PathBuf> {
        let mut walked: Vec<&Path> = Vec::new();
        let mut d = Some(dir);
        let found = loop {
            let Some(here) = d else { break Some(None) };
            if let Some(hit) = self.hadolint.lock().ok().and_then(|m| m.get(here).cloned()) {
                break Some(hit);
            }
            walked.push(here);
            let named = [".hadolint.yaml", ".hadolint.yml"]
                .into_iter()
                .map(|n| here.join(n))
                .find(|c| self.is_file(c));
            if named.is_some() {
                break Some(named);
            }
            if self.exists(&here.join(".git")) {
                break Some(None);
            }
            if walked.len() > 32 {
                // cut short: not what a walk from a directory nearer the top would find
                break None;
            }
            d = here.parent();
        };
        match found {
            Some(config) => {
                if let Ok(mut m) = self.hadolint.lock() {
                    for w in walked {
                        m.insert(w.to_path_buf(), config.clone());
                    }
                }
                config
            }
            None => None,
        }
    }
}

/// The number of worker threads `--jobs` asks for (0: one per CPU).
pub fn threads(jobs: usize) -> usize {
    if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    }
}

/// The process's thread pool of `threads` workers, made the first time it is asked for
/// and kept: every phase of a check, its output, and later checks in the same process
/// (the language server's, the benchmark's) run on the same threads. A pool made per
/// call starts its threads again, and each new thread's allocator heap takes fresh
/// memory, which the kernel must fault in and zero. `None` if the threads cannot be
/// started (the caller then works on its own thread).
pub fn pool(threads: usize) -> Option<Arc<rayon::ThreadPool>> {
    static POOLS: std::sync::Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> =
        std::sync::Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = pools.iter().find(|(n, _)| *n == threads) {
        return Some(p.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        // deep documents and expressions recurse; the worker's stack is the limit
        .stack_size(16 * 1024 * 1024)
        .build()
        .ok()
        .map(Arc::new)?;
    pools.push((threads, pool.clone()));
    Some(pool)
}

/// Run `f` on `pool`'s threads, or on the caller's when there is no pool.
fn on_pool<R: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> R + Send) -> R {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// Run a whole check.
pub fn check(req: &CheckRequest, config: &Config) -> Report {
    let jobs = threads(req.jobs);
    let mut given: Vec<PathBuf> = req.paths.iter().filter(|p| !p.is_dir()).cloned().collect();
    given.extend(req.stdin.as_ref().map(|(p, _)| p.clone()));
    let files_only = !given.is_empty() && !req.paths.iter().any(|p| p.is_dir());
    let context_root = if files_only && req.context {
        req.context_root
            .clone()
            .or_else(|| repo_root(&given, &req.cwd))
    } else {
        None
    };
    let (walk, root_display) = if let Some(root) = context_root {
        // lint the repository around the given files as context
        let mut walk = vec![root.clone()];
        walk.extend(req.paths.iter().cloned());
        (walk, discovery::display_path(&root, &req.cwd))
    } else {
        (req.paths.clone(), project_root(&req.paths, &req.cwd))
    };
    let clock = std::time::Instant::now();
    let mut phases = Vec::new();
    let mut lap = |name: &'static str| {
        phases.push((name, clock.elapsed().as_secs_f64() * 1000.0));
    };
    let pool = pool(jobs);
    let cache_root = walk.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let cache = req
        .cache_dir
        .as_ref()
        .map(|d| cache::Cache::open(d, &cache_root, &root_display, config.fingerprint));
    lap("cache read");
    let discover = || {
        discovery::discover_with(&walk, &req.cwd, |dirs| match &cache {
            // the walk's snapshot: only changed directories are listed again
            Some(c) => {
                let w = walk_cache::walk(dirs, jobs, c.trust(), c.walk_snapshot());
                if let Some(s) = &w.record {
                    c.set_walk_snapshot(s);
                }
                w.entries
            }
            None => discovery::walk(dirs, jobs).into_entries(),
        })
    };
    let mut found = on_pool(pool.as_deref(), discover);
    lap("discovery");
    let given_display: std::collections::BTreeSet<String> = given
        .iter()
        .map(|p| discovery::display_path(p, &req.cwd))
        .collect();
    if files_only {
        // the context walk may reach a given file under another name (`../x` vs `x`)
        let given_abs: std::collections::HashSet<PathBuf> =
            given.iter().map(|p| lexical_abs(&req.cwd, p)).collect();
        // by the display path's last part (as the file's name, lossily): no parsing of
        // every found path
        let given_names: rustc_hash::FxHashSet<String> = given
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        found.retain(|f| {
            f.explicit
                || !given_names.contains(crate::syntax::shell::basename(&f.display))
                || !given_abs.contains(&lexical_abs(&req.cwd, &f.path))
        });
    }
    if let Some((p, _)) = &req.stdin {
        let display = discovery::display_path(p, &req.cwd);
        found.retain(|f| f.display != display);
        found.push(Found {
            path: p.clone(),
            display,
            candidate: discovery::classify_path(p, &Default::default()),
            unreadable: None,
            explicit: true,
        });
        found.sort_by(|a, b| a.display.cmp(&b.display));
    }
    let probe = DirProbe::default();
    // the YAML files kustomize may render: parsed once, by the files phase, for it too
    let kustomized = kustomize::Dirs::of(&found);
    let run = || -> Vec<FileOutcome> {
        found
            .par_iter()
            .map(|f| {
                let stdin = req
                    .stdin
                    .as_ref()
                    .filter(|(p, _)| discovery::display_path(p, &req.cwd) == f.display)
                    .map(|(_, t)| t.as_str());
                let cache = if stdin.is_none() {
                    cache.as_ref()
                } else {
                    None
                };
                // a context file's own findings are dropped from the report
                let want = lint::Wanted {
                    source: req.keep_sources,
                    findings: !files_only || f.explicit || req.repo,
                    kustomize: &kustomized,
                };
                lint::lint_found(f, config, &root_display, stdin, want, cache, &probe)
            })
            .collect()
    };
    let stdin_display = req
        .stdin
        .as_ref()
        .map(|(p, t)| (discovery::display_path(p, &req.cwd), t.as_str()));
    // the overlays are rendered and linted from the trees the files phase parsed (a
    // file it did not parse, kustomize reads itself), then merged into the outcomes
    let both = || {
        let mut outcomes = run();
        let parsed = kustomize::take_parsed(&mut outcomes);
        let rendered = kustomize::prepare(
            &found,
            config,
            &root_display,
            &req.cwd,
            stdin_display.as_ref().map(|(p, t)| (p.as_str(), *t)),
            parsed,
            (files_only && !req.repo).then_some(&given_display),
        );
        (outcomes, rendered)
    };
    let (outcomes, rendered) = on_pool(pool.as_deref(), both);
    lap("files");
    if let Some(c) = cache {
        c.save();
    }
    lap("cache write");
    let mut outcomes = outcomes;
    let given_display = &given_display;
    let post = move || {
        kustomize::apply(rendered, &found, &mut outcomes);
        let reported = (files_only && !req.repo).then_some(given_display);
        finish(outcomes, config, root_display, reported)
    };
    // the project phase uses the same pool (and so honours `--jobs`)
    let mut report = on_pool(pool.as_deref(), post);
    if files_only {
        report
            .diagnostics
            .retain(|d| given_display.contains(&d.path) || (req.repo && d.loc.is_none()));
        report.files.retain(|f| given_display.contains(&f.path));
    }
    lap("project");
    report.phases = phases;
    report
}

/// The git repository holding every given file (the nearest ancestor of each with
/// `.git`), whatever the current directory: as a path relative to `cwd` when it contains
/// `cwd` (so that reported paths stay relative), else absolute. Files outside a
/// repository, or in different repositories, get no context: only they are linted.
fn repo_root(given: &[PathBuf], cwd: &Path) -> Option<PathBuf> {
    let mut root: Option<PathBuf> = None;
    for f in given {
        let abs = lexical_abs(cwd, f);
        let r = abs.ancestors().skip(1).find(|d| d.join(".git").exists())?;
        match &root {
            Some(x) if x.as_path() != r => return None,
            _ => root = Some(r.to_path_buf()),
        }
    }
    let root = root?;
    match lexical_abs(cwd, Path::new(".")).strip_prefix(&root) {
        Ok(below) => {
            let up = below.components().count();
            Some(if up == 0 {
                PathBuf::from(".")
            } else {
                (0..up).map(|_| "..").collect()
            })
        }
        Err(_) => Some(root),
    }
}

/// `cwd.join(p)` with `.` and `..` resolved lexically (no file system access).
fn lexical_abs(cwd: &Path, p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The project phase, suppressions and sorting.
/// `reported`: the only files whose findings will be reported, if not all.
fn finish(
    outcomes: Vec<FileOutcome>,
    config: &Config,
    root_display: String,
    reported: Option<&std::collections::BTreeSet<String>>,
) -> Report {
    let files_only = reported.is_some();
    // the kinds of the reported files: project rules that cannot point into them skip
    let reported_kinds: Option<std::collections::HashSet<FileKind>> = reported.map(|r| {
        outcomes
            .iter()
            .filter(|o| r.contains(&o.entry.path))
            .map(|o| o.entry.kind)
            .collect()
    });
    let mut project = Project {
        root_display: root_display.clone(),
        files: Vec::with_capacity(outcomes.len()),
        dockerfiles: Vec::new(),
        compose_services: Vec::new(),
        workloads: Vec::new(),
        helm_groups: BTreeMap::new(),
        runbooks: Vec::new(),
        docs: Vec::new(),
        workflows: Vec::new(),
        prometheus: Default::default(),
        built_images: Vec::new(),
        files_only,
        k8s_objects: Vec::new(),
        compose_refs: Vec::new(),
        compose_vars: Vec::new(),
        env_files: Vec::new(),
        compose_merged_index: std::sync::OnceLock::new(),
        k8s_index: std::sync::OnceLock::new(),
        image_index: std::sync::OnceLock::new(),
        compose_by_dir_name: std::sync::OnceLock::new(),
        dockerfile_index: std::sync::OnceLock::new(),
        health_checked: std::sync::OnceLock::new(),
        kustomizations: Vec::new(),
    };
    // each list of facts reserved at once: growing it would copy every fact again
    let total = |n: fn(&crate::rules::project::Facts) -> usize| -> usize {
        outcomes.iter().map(|o| n(&o.facts)).sum()
    };
    project.k8s_objects.reserve(total(|f| f.k8s_objects.len()));
    project.workloads.reserve(total(|f| f.workloads.len()));
    project
        .compose_services
        .reserve(total(|f| f.compose_services.len()));
    project
        .compose_refs
        .reserve(total(|f| f.compose_refs.len()));
    project
        .compose_vars
        .reserve(total(|f| f.compose_vars.len()));
    project
        .built_images
        .reserve(total(|f| f.built_images.len()));
    project
        .dockerfiles
        .reserve(total(|f| usize::from(f.dockerfile.is_some())));
    let mut files = Vec::with_capacity(outcomes.len());
    // the files' findings, moved into one list once the project rules' are known too
    let mut file_findings: Vec<Vec<Diagnostic>> = Vec::with_capacity(outcomes.len());
    let mut suppressions: BTreeMap<String, Vec<Suppression>> = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut lazy_sources: BTreeMap<String, (PathBuf, Vec<crate::source::Span>)> = BTreeMap::new();
    for o in outcomes {
        let rel = rel_to_root(&o.entry.path, &root_display);
        // a linted document's role was decided (and cached) with the same globs
        let runbook = match &o.facts.doc {
            Some(d) if d.rel == rel => d.role == crate::rules::docs::DocRole::Runbook,
            _ => config.is_runbook(&rel),
        };
        if runbook {
            project.runbooks.push(o.entry.path.clone());
        }
        project.files.push(FileFact {
            path: o.entry.path.clone(),
            rel,
            kind: o.entry.kind,
        });
        project.dockerfiles.extend(o.facts.dockerfile);
        project.compose_services.extend(o.facts.compose_services);
        project.workloads.extend(o.facts.workloads);
        project.docs.extend(o.facts.doc);
        project.built_images.extend(o.facts.built_images);
        project.k8s_objects.extend(o.facts.k8s_objects);
        project.workflows.extend(o.facts.workflow);
        project.prometheus.extend(o.facts.prometheus);
        project.compose_refs.extend(o.facts.compose_refs);
        project.compose_vars.extend(o.facts.compose_vars);
        project.env_files.extend(o.facts.env_file);
        project.kustomizations.extend(o.facts.kustomization);
        if let Some(g) = o.facts.helm_group {
            *project.helm_groups.entry(g).or_default() += 1;
        }
        if !o.suppressions.is_empty() {
            suppressions.insert(o.entry.path.clone(), o.suppressions);
        }
        if let Some(src) = o.source {
            // secrets found in the file are masked before any output can show them
            let src = crate::diagnostics::mask::masked_source(src, &o.diagnostics, &o.masks);
            sources.insert(o.entry.path.clone(), src);
        } else if let Some(fs_path) = o.lazy_source {
            let masks =
                crate::diagnostics::mask::secret_spans(&o.entry.path, &o.diagnostics, &o.masks);
            lazy_sources.insert(o.entry.path.clone(), (fs_path, masks));
        }
        file_findings.push(o.diagnostics);
        files.push(o.entry);
    }
    // project rules: independent readers of `project`, run in parallel (on the caller's
    // thread pool); their findings are kept in registry order
    let project_rules: Vec<(usize, &RuleEntry, &dyn ProjectRule)> = registry()
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| match entry.imp {
            Some(RuleImpl::Project(rule))
                if config.runs(i)
                    && reported_kinds
                        .as_ref()
                        .is_none_or(|k| rule.reports_on().iter().any(|r| k.contains(r))) =>
            {
                Some((i, entry, *rule))
            }
            _ => None,
        })
        .collect();
    #[cfg(debug_assertions)]
    let file_kinds: rustc_hash::FxHashMap<&str, FileKind> = project
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.kind))
        .collect();
    let per_rule: Vec<Vec<Diagnostic>> = project_rules
        .par_iter()
        .map(|&(i, entry, rule)| {
            let mut out = Vec::new();
            let mut cx = ProjectCtx {
                options: config.options(entry.meta.name),
                rule: &entry.meta,
                out: &mut out,
                root_display: &root_display,
                reported,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                rule.check(&project, &mut cx)
            }));
            if result.is_err() {
                out.push(lint::internal_error(&entry.meta, &root_display));
            }
            #[cfg(debug_assertions)]
            for d in &out {
                if let Some(kind) = file_kinds.get(d.path.as_str()) {
                    assert!(
                        rule.reports_on().contains(kind),
                        "{} reported into a {:?} file ({}), not declared in its reports_on",
                        entry.meta.code,
                        kind,
                        d.path
                    );
                }
            }
            out.retain_mut(|d| {
                let keep = config.enabled_for(i, &d.path);
                if keep {
                    d.severity = config.severity(i);
                }
                keep
            });
            out
        })
        .collect();
    // allocated at once: `flatten` gives no size, and each growth would copy every finding
    let mut diagnostics = Vec::with_capacity(
        file_findings
            .iter()
            .chain(&per_rule)
            .map(Vec::len)
            .sum::<usize>(),
    );
    diagnostics.extend(file_findings.into_iter().flatten());
    diagnostics.extend(per_rule.into_iter().flatten());
    // `file` policies
    if config
        .policies
        .iter()
        .any(|p| p.target == crate::policy::Target::File)
    {
        let files: Vec<(String, String)> = project
            .files
            .iter()
            .map(|f| (f.path.clone(), f.rel.clone()))
            .collect();
        crate::policy::check_files(
            &config.policies,
            &root_display,
            &files,
            config.max_file_size,
            &mut diagnostics,
        );
    }
    if let Some(r) = reported {
        // findings and suppressions of context files are dropped here, before the
        // suppressions, the sort and the snippets' sources cost anything
        diagnostics.retain(|d| r.contains(&d.path));
        suppressions.retain(|path, _| r.contains(path));
    }
    // suppressions: project-phase findings can be suppressed in their file too. The
    // findings are matched where they lie (the sort below puts every one in place,
    // keeping the order of equal ones, which share a path): only removed ones make the
    // others move, and the suppressions' own findings come last
    if !suppressions.is_empty() {
        diagnostics.retain(|d| match suppressions.get_mut(&d.path) {
            Some(sups) => !suppress::suppressed(d, sups),
            None => true,
        });
        let unused_idx = crate::rules::find_rule("unused-suppression").map(|(i, _)| i);
        let reason_idx = crate::rules::find_rule("suppression-missing-reason").map(|(i, _)| i);
        let runs = |code: &str| {
            registry().iter().enumerate().any(|(i, r)| {
                (r.meta.code.eq_ignore_ascii_case(code)
                    || r.meta.name == code
                    || r.meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(code)))
                    && config.runs(i)
            }) || config
                .policies
                .iter()
                .any(|p| p.meta.code.eq_ignore_ascii_case(code) || p.meta.name == code)
        };
        let report_unused = unused_idx.is_some_and(|i| config.is_enabled(i));
        for (path, sups) in &suppressions {
            for d in suppress::findings_of(path, sups, report_unused, &runs) {
                let idx = if d.rule.name == "unused-suppression" {
                    unused_idx
                } else {
                    reason_idx
                };
                if idx.is_some_and(|i| config.enabled_for(i, path)) {
                    diagnostics.push(d);
                }
            }
        }
    }
    crate::diagnostics::sort(&mut diagnostics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // the files a snippet may show (when sources were kept at all: a set of every
    // finding's path is 2 M instructions on the corpus)
    if !sources.is_empty() || !lazy_sources.is_empty() {
        let shown: rustc_hash::FxHashSet<&str> = diagnostics
            .iter()
            .flat_map(|d| {
                std::iter::once(d.path.as_str())
                    .chain(d.labels.iter().filter_map(|l| l.path.as_deref()))
            })
            .collect();
        sources.retain(|p, _| shown.contains(p.as_str()));
        for (path, (fs_path, masks)) in lazy_sources {
            if shown.contains(path.as_str()) {
                if let Some(src) = lint::read_source(&fs_path, &path) {
                    let src = crate::diagnostics::mask::masked_source(Arc::new(src), &[], &masks);
                    sources.insert(path, src);
                }
            }
        }
    }
    Report {
        files,
        diagnostics,
        sources,
        root_display,
        verdict: None,
        phases: Vec::new(),
    }
}

/// The project root: the single directory checked, else the working directory.
fn project_root(paths: &[PathBuf], cwd: &Path) -> String {
    match paths {
        [one] if one.is_dir() => discovery::display_path(one, cwd),
        _ => ".".to_string(),
    }
}

/// A display path relative to the root's display path.
fn rel_to_root(path: &str, root_display: &str) -> String {
    if root_display == "." {
        return path.to_string();
    }
    path.strip_prefix(root_display)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(path)
        .to_string()
}

/// What the parse floor measured: files read and parsed, bytes.
pub struct FloorStats {
    pub files: usize,
    pub bytes: u64,
}

/// The benchmark floor: discover, read and parse every infrastructure file with the
/// same parsers and thread pool as `check`, and run no rule.
pub fn parse_floor(req: &CheckRequest, config: &Config) -> FloorStats {
    let jobs = threads(req.jobs);
    let found = discovery::discover(&req.paths, &req.cwd, jobs);
    let run = || {
        found
            .par_iter()
            .map(|f| lint::parse_only(f, config.max_file_size))
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let (files, bytes) = on_pool(pool(jobs).as_deref(), run);
    FloorStats { files, bytes }
}

#[cfg(test)]
mod tests {
    /// A thread count gets one pool, made once, of that many threads.
    #[test]
    fn one_pool_per_thread_count() {
        let (Some(a), Some(b), Some(c)) = (super::pool(3), super::pool(3), super::pool(2)) else {
            panic!("no pool");
        };
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        assert!(!std::sync::Arc::ptr_eq(&a, &c));
        assert_eq!((a.current_num_threads(), c.current_num_threads()), (3, 2));
    }
}
