//! Rules: per-pack traits, the contexts rules report through, and the registry.
//!
//! A rule is `rules/<pack>/<name>.md` (metadata + doc) + `src/rules/<pack>/<name>.rs`
//! (logic: a `pub static RULE: RuleImpl`) + fixtures. `build.rs` generates the registry
//! from the docs; each pack's `mod.rs` declares its rule modules.

pub mod compose;
pub mod dockerfile;
pub mod docs;
pub mod image_pin;
pub mod kubernetes;
pub mod meta;
pub mod prelude;
pub mod project;
pub mod prometheus;
pub mod secrets;
pub mod workflow;

use crate::diagnostics::Diagnostic;
use crate::source::{Loc, SourceFile, Span};
use crate::syntax::compose::{ComposeFile, Service};
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::k8s::K8sObject;
use crate::syntax::markdown::Markdown;
use crate::syntax::prometheus::{RuleSet, ServerConfig};
use crate::syntax::workflow::Workflow;
use meta::RuleMeta;
pub use project::Project;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/registry.rs"));
}

/// Every rule, sorted by code.
pub fn registry() -> &'static [RuleEntry] {
    generated::RULES
}

pub fn find_rule(code_or_name: &str) -> Option<(usize, &'static RuleEntry)> {
    // the common case, an exact code (the registry is sorted by code)
    if let Ok(i) = registry().binary_search_by(|r| r.meta.code.cmp(code_or_name)) {
        return registry().get(i).map(|r| (i, r));
    }
    registry()
        .iter()
        .enumerate()
        .find(|(_, r)| {
            r.meta.code.eq_ignore_ascii_case(code_or_name) || r.meta.name == code_or_name
        })
        .or_else(|| {
            // an alias: a code merged into another rule (`SEC006`), another
            // linter's check (`DL3007`, `CKV_K8S_8`)
            registry().iter().enumerate().find(|(_, r)| {
                r.meta
                    .aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(code_or_name))
            })
        })
}

/// The metadata of a rule the engine itself emits (parse errors, suppressions…).
pub fn engine_rule(name: &str) -> &'static RuleMeta {
    match find_rule(name) {
        Some((_, r)) => &r.meta,
        None => panic!("engine rule `{name}` has no doc in rules/"),
    }
}

pub struct RuleEntry {
    pub meta: RuleMeta,
    /// `None` for diagnostics the engine emits itself.
    pub imp: Option<&'static RuleImpl>,
}

/// What a rule checks, and so when the engine calls it.
pub enum RuleImpl {
    Dockerfile(&'static dyn DockerfileRule),
    Compose(&'static dyn ComposeRule),
    Kubernetes(&'static dyn K8sRule),
    /// Repository-level and cross-file rules, run once after every file is linted.
    Project(&'static dyn ProjectRule),
    /// Markdown documents (runbooks, DR plans, migration guides).
    Markdown(&'static dyn MarkdownRule),
    /// GitHub Actions workflows.
    Workflow(&'static dyn WorkflowRule),
    /// Prometheus rule groups (rule files and `PrometheusRule` objects) and server configs.
    Prometheus(&'static dyn PrometheusRule),
    /// The raw text of every file that is read, whatever its kind (token formats).
    Text(&'static dyn TextRule),
    /// `.env` files (`KEY=value` lines).
    DotEnv(&'static dyn DotEnvRule),
    /// Parsed YAML of files no other YAML kind covers (GitHub workflows today).
    Yaml(&'static dyn YamlRule),
}

/// Which input a rule reads: the variant of its [`RuleImpl`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImplKind {
    Dockerfile,
    Compose,
    Kubernetes,
    Project,
    Markdown,
    Workflow,
    Prometheus,
    Text,
    DotEnv,
    Yaml,
}

impl RuleImpl {
    pub fn kind(&self) -> ImplKind {
        match self {
            RuleImpl::Dockerfile(_) => ImplKind::Dockerfile,
            RuleImpl::Compose(_) => ImplKind::Compose,
            RuleImpl::Kubernetes(_) => ImplKind::Kubernetes,
            RuleImpl::Project(_) => ImplKind::Project,
            RuleImpl::Markdown(_) => ImplKind::Markdown,
            RuleImpl::Workflow(_) => ImplKind::Workflow,
            RuleImpl::Prometheus(_) => ImplKind::Prometheus,
            RuleImpl::Text(_) => ImplKind::Text,
            RuleImpl::DotEnv(_) => ImplKind::DotEnv,
            RuleImpl::Yaml(_) => ImplKind::Yaml,
        }
    }
}

/// The registry indices of the rules of `kind`, in registry order (a file's rules of
/// one kind are found without going through the whole registry).
pub fn rules_of_kind(kind: ImplKind) -> &'static [usize] {
    static BY_KIND: std::sync::OnceLock<Vec<(ImplKind, Vec<usize>)>> = std::sync::OnceLock::new();
    let by_kind = BY_KIND.get_or_init(|| {
        let mut by_kind: Vec<(ImplKind, Vec<usize>)> = Vec::new();
        for (i, imp) in registry()
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.imp?)))
        {
            match by_kind.iter_mut().find(|(k, _)| *k == imp.kind()) {
                Some((_, list)) => list.push(i),
                None => by_kind.push((imp.kind(), vec![i])),
            }
        }
        by_kind
    });
    by_kind
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, list)| list.as_slice())
}

pub trait PrometheusRule: Sync {
    /// Called once per rule file and once per `PrometheusRule` object.
    fn check_rules(&self, _rules: &RuleSet<'_, '_>, _cx: &mut FileCtx<'_>) {}
    /// Called once per server configuration (`prometheus.yml`).
    fn check_config(&self, _config: &ServerConfig<'_, '_>, _cx: &mut FileCtx<'_>) {}
}

pub trait WorkflowRule: Sync {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>);
}

pub trait TextRule: Sync {
    /// Called once per file that was read, with the kind it was classified as.
    fn check(&self, text: &str, kind: crate::discovery::FileKind, cx: &mut FileCtx<'_>);
}

pub trait DotEnvRule: Sync {
    fn check(&self, env: &crate::syntax::dotenv::DotEnv<'_>, cx: &mut FileCtx<'_>);
}

pub trait YamlRule: Sync {
    /// Called for workflow files (`.github/workflows/*.yml`).
    fn check(
        &self,
        yaml: &crate::syntax::yaml::Yaml<'_>,
        kind: crate::discovery::FileKind,
        cx: &mut FileCtx<'_>,
    );
}

pub trait MarkdownRule: Sync {
    /// Called for every Markdown file with the role its path gives it.
    fn check(&self, doc: &Markdown, role: docs::DocRole, cx: &mut FileCtx<'_>);
}

pub trait DockerfileRule: Sync {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>);
}

pub trait ComposeRule: Sync {
    /// Called once per service.
    fn check_service(
        &self,
        _service: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        _cx: &mut FileCtx<'_>,
    ) {
    }
    /// Called once per file.
    fn check_file(&self, _file: &ComposeFile<'_, '_>, _cx: &mut FileCtx<'_>) {}
}

/// Which Kubernetes objects a rule is given.
#[derive(Clone, Copy)]
pub enum K8sScope {
    /// Objects with a pod spec (Pod, Deployment, …, CronJob, PodTemplate).
    Workloads,
    /// Long-running workloads (not Job/CronJob).
    LongRunning,
    /// Objects of these kinds.
    Kinds(&'static [&'static str]),
    /// Every object.
    All,
}

impl K8sScope {
    pub fn accepts(self, obj: &K8sObject<'_, '_>) -> bool {
        match self {
            K8sScope::Workloads => obj.is_workload(),
            K8sScope::LongRunning => obj.is_workload() && !obj.is_batch(),
            K8sScope::Kinds(kinds) => kinds.contains(&obj.kind),
            K8sScope::All => true,
        }
    }
}

pub trait K8sRule: Sync {
    fn scope(&self) -> K8sScope {
        K8sScope::Workloads
    }
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>);
}

pub trait ProjectRule: Sync {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>);

    /// The kinds of file this rule's findings point into (empty: the repository only).
    /// When only some files are reported (pre-commit, editors), a rule whose findings
    /// cannot land in them is not run; debug builds assert the declaration.
    fn reports_on(&self) -> &'static [crate::discovery::FileKind];
}

/// Where project rules' findings point (see [`ProjectRule::reports_on`]).
pub mod reports {
    use crate::discovery::FileKind;

    pub const COMPOSE: &[FileKind] = &[FileKind::Compose];
    pub const DOCKERFILE: &[FileKind] = &[FileKind::Dockerfile];
    /// Kubernetes objects: manifests, and the YAML files classified otherwise that hold
    /// them too (kustomizations, Prometheus operator objects).
    pub const K8S: &[FileKind] = &[
        FileKind::Kubernetes,
        FileKind::Kustomization,
        FileKind::Prometheus,
    ];
    pub const KUSTOMIZATION: &[FileKind] = &[FileKind::Kustomization];
    /// Kubernetes workloads and compose services.
    pub const DEPLOYED: &[FileKind] = &[
        FileKind::Kubernetes,
        FileKind::Kustomization,
        FileKind::Prometheus,
        FileKind::Compose,
    ];
    pub const PROMETHEUS: &[FileKind] = &[
        FileKind::Prometheus,
        FileKind::Kubernetes,
        FileKind::Kustomization,
    ];
    pub const DOCS: &[FileKind] = &[FileKind::Doc];
    /// Repository-level findings only.
    pub const REPOSITORY: &[FileKind] = &[];
}

/// What a per-file rule reports through.
pub struct FileCtx<'c> {
    pub file: &'c SourceFile,
    pub options: Option<&'c toml::Table>,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) out: &'c mut Vec<Diagnostic>,
}

impl FileCtx<'_> {
    /// Report a finding at `span` of the current file.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let loc = self.file.loc(span);
        self.out.push(Diagnostic::new(
            self.rule,
            self.file.path.clone(),
            Some(loc),
            message.into(),
        ));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    pub fn loc(&self, span: Span) -> Loc {
        self.file.loc(span)
    }

    pub fn text(&self, span: Span) -> &str {
        self.file.slice(span)
    }

    /// A string-list option of this rule (`[rules.<name>] key = [...]`).
    pub fn option_strings(&self, key: &str) -> Vec<String> {
        self.options
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// What a project rule reports through.
pub struct ProjectCtx<'c> {
    pub options: Option<&'c toml::Table>,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) out: &'c mut Vec<Diagnostic>,
    pub(crate) root_display: &'c str,
    /// The only files whose findings are reported (pre-commit, editors), if not all.
    pub(crate) reported: Option<&'c std::collections::BTreeSet<String>>,
}

impl ProjectCtx<'_> {
    /// Findings in `path` are reported: a rule may skip costly work for other files.
    pub fn wants(&self, path: &str) -> bool {
        self.reported.is_none_or(|r| r.contains(path))
    }

    /// Report at a location in some file.
    pub fn report_at(
        &mut self,
        path: &str,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::new(
            self.rule,
            path.to_string(),
            Some(loc),
            message.into(),
        ))
    }

    /// Report a repository-level finding (no location; the path is the checked directory).
    pub fn report_repo(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::new(
            self.rule,
            self.root_display.to_string(),
            None,
            message.into(),
        ))
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.out.push(d);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn registry_is_sorted_by_code_and_codes_are_found() {
        let codes: Vec<&str> = registry().iter().map(|r| r.meta.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "not strictly sorted");
        for (i, r) in registry().iter().enumerate() {
            assert_eq!(find_rule(r.meta.code).map(|(j, _)| j), Some(i));
            assert_eq!(find_rule(r.meta.name).map(|(j, _)| j), Some(i));
            let lower = r.meta.code.to_ascii_lowercase();
            assert_eq!(find_rule(&lower).map(|(j, _)| j), Some(i));
        }
    }
}
