//! `shipgate.toml`: rule selection, severity overrides, failure threshold, per-path
//! overrides and rule options. Errors point at the offending TOML span.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Severity;
use crate::rules::meta::{Gate, Pack, RuleMeta, Status};
use crate::rules::{registry, RuleEntry};
use crate::source::LineIndex;

pub const FILE_NAME: &str = "shipgate.toml";

/// Default places a runbook is looked for (relative to the project root).
pub const DEFAULT_RUNBOOK_GLOBS: &[&str] = &[
    "RUNBOOK.md",
    "runbook.md",
    "**/RUNBOOK.md",
    "docs/**/runbook*.md",
    "docs/**/RUNBOOK*.md",
    "docs/operations/*.md",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    preview: bool,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<toml::Table>>,
    #[serde(default)]
    docs: RawDocs,
    max_file_size: Option<u64>,
    #[serde(default)]
    verdict: RawVerdict,
    #[serde(default)]
    policy: Vec<RawPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    code: Spanned<String>,
    name: Option<Spanned<String>>,
    gate: Spanned<String>,
    severity: Option<Spanned<String>>,
    message: Spanned<String>,
    help: Option<String>,
    target: Spanned<String>,
    kind: Option<Spanned<toml::Value>>,
    glob: Option<Spanned<String>>,
    // plain values: toml cannot locate tables written as `[[policy.require.all]]`;
    // condition errors point at the policy's `code`
    when: Option<toml::Value>,
    require: toml::Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawVerdict {
    fail_on: Option<Spanned<String>>,
    veto: Option<Vec<Spanned<String>>>,
}

/// What vetoes a release by default (GATE.md "The verdict"): no health checks (G1),
/// undefined resource requirements (G3), no runbook (G5), no rollback plan (G7), no
/// monitoring/alerting (G8), plaintext secrets (G9).
/// GATE.md's veto triggers: no health checks, undefined resources, no runbook, no
/// rollback plan, no monitoring/alerting, plaintext secrets, and no staging environment
/// (a kustomize base without an overlay per environment).
pub const DEFAULT_VETO: &[&str] = &[
    "G1",
    "G3",
    "G5",
    "G7",
    "G8",
    "G9",
    "kustomize-missing-overlays",
];

/// `[verdict]`: how the gate verdict is decided.
pub struct VerdictConfig {
    /// The lowest severity that makes a gate item FAIL.
    pub fail_on: Severity,
    /// Codes of the rules whose failing findings veto the release.
    veto: std::collections::HashSet<&'static str>,
}

impl VerdictConfig {
    pub fn vetoes(&self, code: &str) -> bool {
        self.veto.contains(code)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocs {
    runbook: Option<Vec<Spanned<String>>>,
    dr: Option<Vec<Spanned<String>>>,
    migration: Option<Vec<Spanned<String>>>,
}

/// Default places a disaster-recovery document is looked for (case-insensitive).
pub const DEFAULT_DR_GLOBS: &[&str] = &[
    "**/*disaster*recovery*.md",
    "**/*disaster-recovery*.md",
    "**/dr.md",
    "**/dr-*.md",
    "**/*-dr.md",
    "**/*backup*restore*.md",
];

/// Default places migration/upgrade runbooks are looked for (case-insensitive).
pub const DEFAULT_MIGRATION_GLOBS: &[&str] = &[
    "**/migration*.md",
    "**/*-migration*.md",
    "**/upgrade*.md",
    "**/*-upgrade*.md",
    "**/migrating*.md",
];

/// A configuration error, located in the config file when it comes from one.
#[derive(Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub line: Option<(u32, u32)>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some((l, c))) => write!(f, "{}:{l}:{c}: {}", p.display(), self.message),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

struct Override {
    globs: GlobSet,
    ignore: Vec<bool>,
    select: Vec<bool>,
}

/// The resolved configuration the engine runs with.
pub struct Config {
    /// Enabled per rule (registry order).
    enabled: Vec<bool>,
    /// Severity per rule (registry order).
    severity: Vec<Severity>,
    /// `None` = never fail.
    pub fail_on: Option<Severity>,
    overrides: Vec<Override>,
    rule_options: HashMap<&'static str, toml::Table>,
    pub runbook_globs: Vec<String>,
    runbook_set: DocGlobSet,
    dr_set: DocGlobSet,
    migration_set: DocGlobSet,
    pub max_file_size: u64,
    pub verdict: VerdictConfig,
    /// `[[policy]]`: the organisation's declarative rules.
    pub policies: Vec<crate::policy::Policy>,
    /// The config file used, if any.
    pub source: Option<PathBuf>,
    /// Hash of everything that decides results (config text and command-line selection),
    /// part of the result cache's key.
    pub fingerprint: u64,
}

/// Selection given on the command line, layered over the file.
#[derive(Debug, Default, Clone)]
pub struct CliOverrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    pub preview: bool,
}

impl Config {
    pub fn default_config() -> Config {
        match Config::build(RawConfig::default(), None, "", &CliOverrides::default()) {
            Ok(c) => c,
            Err(e) => panic!("the built-in default configuration is invalid: {e}"),
        }
    }

    /// Load from an explicit file, or the nearest `shipgate.toml` at or above `start`.
    pub fn load(
        explicit: Option<&Path>,
        start: &Path,
        cli: &CliOverrides,
    ) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_config(start),
        };
        let Some(path) = path else {
            return Config::build(RawConfig::default(), None, "", cli);
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: Some(path.clone()),
            line: None,
            message: format!("cannot read config: {e}"),
        })?;
        Config::from_str(&text, Some(path), cli)
    }

    pub fn from_str(
        text: &str,
        path: Option<PathBuf>,
        cli: &CliOverrides,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            line: e.span().map(|s| line_col(text, s.start)),
            path: path.clone(),
            message: e.message().trim().to_string(),
        })?;
        Config::build(raw, path, text, cli)
    }

    fn build(
        raw: RawConfig,
        path: Option<PathBuf>,
        text: &str,
        cli: &CliOverrides,
    ) -> Result<Config, ConfigError> {
        let rules = registry();
        let err = |span: std::ops::Range<usize>, message: String| ConfigError {
            path: path.clone(),
            line: (!text.is_empty()).then(|| line_col(text, span.start)),
            message,
        };
        let resolve = |sel: &Spanned<String>| -> Result<Vec<bool>, ConfigError> {
            let s = sel.get_ref();
            selector_matches(s).ok_or_else(|| {
                err(
                    sel.span(),
                    format!("unknown rule selector `{s}` (expected a rule code, rule name, pack, gate item G1-G12, or ALL)"),
                )
            })
        };
        let preview = raw.preview || cli.preview;
        let default_on = |m: &RuleMeta| match m.status {
            Status::Stable => true,
            Status::Preview => preview,
            Status::Optin => false,
        };
        let mut enabled: Vec<bool> = rules.iter().map(|r| default_on(&r.meta)).collect();
        let apply_select = |enabled: &mut Vec<bool>, sel: &str, hits: &[bool]| {
            let explicit = is_exact_rule_selector(sel);
            for (i, r) in rules.iter().enumerate() {
                if hits[i] && (explicit || default_on(&r.meta)) {
                    enabled[i] = true;
                }
            }
        };
        let cli_spanned = |v: &[String]| -> Vec<Spanned<String>> {
            v.iter().map(|s| Spanned::new(0..0, s.clone())).collect()
        };
        let select = match &cli.select {
            Some(v) => Some(cli_spanned(v)),
            None => raw.select,
        };
        if let Some(sel) = &select {
            enabled = vec![false; rules.len()];
            for s in sel {
                let hits = resolve(s)?;
                apply_select(&mut enabled, s.get_ref(), &hits);
            }
        }
        for s in raw
            .extend_select
            .iter()
            .chain(cli_spanned(&cli.extend_select).iter())
        {
            let hits = resolve(s)?;
            apply_select(&mut enabled, s.get_ref(), &hits);
        }
        for s in raw.ignore.iter().chain(cli_spanned(&cli.ignore).iter()) {
            let hits = resolve(s)?;
            for (i, h) in hits.iter().enumerate() {
                if *h {
                    enabled[i] = false;
                }
            }
        }
        let mut severity: Vec<Severity> = rules.iter().map(|r| r.meta.severity).collect();
        for (key, value) in &raw.severity {
            let sev = Severity::parse(value.get_ref()).ok_or_else(|| {
                err(
                    value.span(),
                    format!(
                        "unknown severity `{}` (expected error, warning or info)",
                        value.get_ref()
                    ),
                )
            })?;
            let hits = selector_matches(key).ok_or_else(|| {
                err(
                    value.span(),
                    format!("unknown rule selector `{key}` in [severity]"),
                )
            })?;
            for (i, h) in hits.iter().enumerate() {
                if *h {
                    severity[i] = sev;
                }
            }
        }
        let fail_on_str = cli
            .fail_on
            .clone()
            .map(|s| Spanned::new(0..0, s))
            .or(raw.fail_on);
        let fail_on = match &fail_on_str {
            None => Some(Severity::Error),
            Some(s) if s.get_ref() == "never" => None,
            Some(s) => Some(Severity::parse(s.get_ref()).ok_or_else(|| {
                err(
                    s.span(),
                    format!(
                        "unknown fail-on `{}` (expected error, warning, info or never)",
                        s.get_ref()
                    ),
                )
            })?),
        };
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            let mut b = GlobSetBuilder::new();
            for p in &o.paths {
                let g = Glob::new(p.get_ref())
                    .map_err(|e| err(p.span(), format!("invalid glob `{}`: {e}", p.get_ref())))?;
                b.add(g);
            }
            let globs = b
                .build()
                .map_err(|e| err(0..0, format!("invalid override globs: {e}")))?;
            let mut ignore = vec![false; rules.len()];
            for s in &o.ignore {
                for (i, h) in resolve(s)?.iter().enumerate() {
                    ignore[i] |= *h;
                }
            }
            let mut sel = vec![false; rules.len()];
            for s in &o.select {
                for (i, h) in resolve(s)?.iter().enumerate() {
                    sel[i] |= *h;
                }
            }
            overrides.push(Override {
                globs,
                ignore,
                select: sel,
            });
        }
        let mut rule_options = HashMap::new();
        for (name, table) in raw.rules {
            let Some(r) = rules
                .iter()
                .find(|r| r.meta.name == name || r.meta.code == name)
            else {
                return Err(err(
                    table.span(),
                    format!("[rules.{name}]: no rule has this name or code"),
                ));
            };
            rule_options.insert(r.meta.name, table.into_inner());
        }
        let configured_runbooks = raw.docs.runbook.is_some();
        let runbook_globs: Vec<String> = match raw.docs.runbook {
            Some(v) => v.into_iter().map(Spanned::into_inner).collect(),
            None => DEFAULT_RUNBOOK_GLOBS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let mut runbook_set = DocGlobSet {
            globs: Vec::with_capacity(runbook_globs.len()),
            set: std::sync::OnceLock::new(),
            // every default glob ends in `.md` (matched with case)
            md_only: !configured_runbooks,
        };
        for g in &runbook_globs {
            let glob =
                Glob::new(g).map_err(|e| err(0..0, format!("invalid runbook glob `{g}`: {e}")))?;
            runbook_set.globs.push(glob);
        }
        // configured globs are compiled now (a failure is a configuration error); the
        // defaults when a `.md` path asks
        if configured_runbooks {
            let built = runbook_set
                .build()
                .map_err(|e| err(0..0, format!("invalid runbook globs: {e}")))?;
            let _ = runbook_set.set.set(built);
        }
        let dr_set = doc_globs(raw.docs.dr, DEFAULT_DR_GLOBS, "dr", &err)?;
        let migration_set = doc_globs(
            raw.docs.migration,
            DEFAULT_MIGRATION_GLOBS,
            "migration",
            &err,
        )?;
        let verdict_fail_on = match &raw.verdict.fail_on {
            None => Severity::Warning,
            Some(s) => Severity::parse(s.get_ref()).ok_or_else(|| {
                err(
                    s.span(),
                    format!(
                        "unknown [verdict] fail-on `{}` (expected error, warning or info)",
                        s.get_ref()
                    ),
                )
            })?,
        };
        let veto_selectors: Vec<Spanned<String>> = match raw.verdict.veto {
            Some(v) => v,
            None => DEFAULT_VETO
                .iter()
                .map(|s| Spanned::new(0..0, s.to_string()))
                .collect(),
        };
        let mut veto = std::collections::HashSet::new();
        for s in &veto_selectors {
            // a gate item is a valid selector even before any rule checks it
            if Gate::parse(s.get_ref()).is_some() && selector_matches(s.get_ref()).is_none() {
                continue;
            }
            for (i, h) in resolve(s)?.iter().enumerate() {
                if *h {
                    veto.insert(rules[i].meta.code);
                }
            }
        }
        let policies = build_policies(raw.policy, &err)?;
        let fingerprint = crate::baseline::fnv1a(&[text, &format!("{cli:?}")]);
        Ok(Config {
            policies,
            verdict: VerdictConfig {
                fail_on: verdict_fail_on,
                veto,
            },
            fingerprint,
            enabled,
            severity,
            fail_on,
            overrides,
            rule_options,
            runbook_globs,
            runbook_set,
            dr_set,
            migration_set,
            max_file_size: raw.max_file_size.unwrap_or(16 * 1024 * 1024),
            source: path,
        })
    }

    /// Whether the rule may run at all (enabled globally or for some path).
    pub fn runs(&self, index: usize) -> bool {
        self.enabled.get(index).copied().unwrap_or(false)
            || self
                .overrides
                .iter()
                .any(|o| o.select.get(index).copied().unwrap_or(false))
    }

    /// Whether a finding of rule `index` in `path` is kept.
    pub fn enabled_for(&self, index: usize, path: &str) -> bool {
        let mut on = self.enabled.get(index).copied().unwrap_or(false);
        for o in &self.overrides {
            if o.globs.is_match(path) {
                if o.select.get(index).copied().unwrap_or(false) {
                    on = true;
                }
                if o.ignore.get(index).copied().unwrap_or(false) {
                    on = false;
                }
            }
        }
        on
    }

    pub fn is_enabled(&self, index: usize) -> bool {
        self.enabled.get(index).copied().unwrap_or(false)
    }

    pub fn severity(&self, index: usize) -> Severity {
        self.severity
            .get(index)
            .copied()
            .unwrap_or(Severity::Warning)
    }

    pub fn options(&self, rule_name: &str) -> Option<&toml::Table> {
        self.rule_options.get(rule_name)
    }

    /// Whether a repository-relative path is a runbook.
    pub fn is_runbook(&self, rel_path: &str) -> bool {
        // the runbook globs first: they alone reject most paths, without allocating
        self.runbook_set.is_match(rel_path)
            && self.doc_role(rel_path) == crate::rules::docs::DocRole::Runbook
    }

    /// What an operational document is, by path: DR plan and migration guide first
    /// (they may live where runbooks do), then runbook.
    pub fn doc_role(&self, rel_path: &str) -> crate::rules::docs::DocRole {
        use crate::rules::docs::DocRole;
        let md = {
            let l = rel_path.to_ascii_lowercase();
            l.ends_with(".md") || l.ends_with(".markdown")
        };
        if md && self.dr_set.is_match(rel_path) {
            DocRole::DisasterRecovery
        } else if md && self.migration_set.is_match(rel_path) {
            DocRole::Migration
        } else if self.runbook_set.is_match(rel_path) {
            DocRole::Runbook
        } else {
            DocRole::Other
        }
    }
}

/// `[[policy]]` tables into policies; each error at the TOML span of its cause.
fn build_policies(
    raw: Vec<RawPolicy>,
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<Vec<crate::policy::Policy>, ConfigError> {
    use crate::policy::{self, Target};
    let mut out: Vec<crate::policy::Policy> = Vec::new();
    for p in raw {
        let code = p.code.get_ref().trim();
        let valid = code.len() >= 2
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !valid {
            return Err(err(
                p.code.span(),
                format!("policy code `{code}` must be letters and digits, e.g. ORG001"),
            ));
        }
        if crate::rules::find_rule(code).is_some() {
            return Err(err(
                p.code.span(),
                format!(
                    "policy code `{code}` is already a shipgate rule; pick another (e.g. ORG001)"
                ),
            ));
        }
        if out.iter().any(|q| q.meta.code.eq_ignore_ascii_case(code)) {
            return Err(err(
                p.code.span(),
                format!("duplicate policy code `{code}`"),
            ));
        }
        let gate = Gate::parse(p.gate.get_ref()).ok_or_else(|| {
            err(
                p.gate.span(),
                format!("unknown gate item `{}` (expected G1-G12)", p.gate.get_ref()),
            )
        })?;
        let severity = match &p.severity {
            None => Severity::Error,
            Some(s) => Severity::parse(s.get_ref()).ok_or_else(|| {
                err(
                    s.span(),
                    format!(
                        "unknown severity `{}` (expected error, warning or info)",
                        s.get_ref()
                    ),
                )
            })?,
        };
        let target = Target::parse(p.target.get_ref()).ok_or_else(|| {
            err(
                p.target.span(),
                format!(
                    "unknown policy target `{}` (expected one of: {})",
                    p.target.get_ref(),
                    Target::ALL
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let kinds: Vec<String> = match &p.kind {
            None => Vec::new(),
            Some(k) => {
                if !matches!(target, Target::K8sObject | Target::K8sContainer) {
                    return Err(err(
                        k.span(),
                        "`kind` filters only k8s.object and k8s.container targets".into(),
                    ));
                }
                match k.get_ref() {
                    toml::Value::String(s) => vec![s.clone()],
                    toml::Value::Array(a) => a
                        .iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            err(k.span(), "`kind` is a kind name or a list of them".into())
                        })?,
                    _ => {
                        return Err(err(
                            k.span(),
                            "`kind` is a kind name or a list of them".into(),
                        ))
                    }
                }
            }
        };
        let glob = match (&p.glob, target) {
            (Some(g), Target::File) => {
                Some(policy::file_glob(g.get_ref()).map_err(|e| err(g.span(), e))?)
            }
            (Some(g), _) => return Err(err(g.span(), "`glob` belongs to `file` policies".into())),
            (None, Target::File) => {
                return Err(err(
                    p.target.span(),
                    "a `file` policy needs `glob = \"…\"`".into(),
                ))
            }
            (None, _) => None,
        };
        let parse = |key: &str, v: &toml::Value| -> Result<policy::Cond, ConfigError> {
            let located = |e: String| err(p.code.span(), format!("policy {code}: `{key}`: {e}"));
            let c = policy::parse_cond(v).map_err(located)?;
            if target == Target::File {
                policy::check_file_cond(&c).map_err(located)?;
            }
            Ok(c)
        };
        let when = p.when.as_ref().map(|w| parse("when", w)).transpose()?;
        let require = parse("require", &p.require)?;
        let meta = policy::leak_meta(
            code,
            p.name.as_ref().map(|n| n.get_ref().as_str()),
            gate,
            severity,
            p.message.get_ref(),
            p.help.as_deref(),
        );
        out.push(crate::policy::Policy {
            meta,
            target,
            kinds,
            glob,
            when,
            require,
        });
    }
    Ok(out)
}

/// Walk up from `start` to find `shipgate.toml`.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let lc = LineIndex::new(text).line_col(text, offset);
    (lc.line, lc.column)
}

fn is_exact_rule_selector(sel: &str) -> bool {
    registry()
        .iter()
        .any(|r| r.meta.code.eq_ignore_ascii_case(sel) || r.meta.name == sel)
}

/// Which rules a selector names: `ALL`, a code, a code prefix (`DF`), a name, a pack,
/// or a gate item.
pub fn selector_matches(sel: &str) -> Option<Vec<bool>> {
    let rules: &[RuleEntry] = registry();
    let hits: Vec<bool> = if sel == "ALL" {
        vec![true; rules.len()]
    } else if let Some(g) = Gate::parse(sel) {
        rules.iter().map(|r| r.meta.gate == g).collect()
    } else if let Some(p) = Pack::parse(sel) {
        rules.iter().map(|r| r.meta.pack == p).collect()
    } else {
        let upper = sel.to_ascii_uppercase();
        rules
            .iter()
            .map(|r| {
                r.meta.name == sel
                    || r.meta.code == upper
                    || (upper.chars().all(|c| c.is_ascii_alphabetic())
                        && r.meta.code.starts_with(&upper)
                        && r.meta.code[upper.len()..]
                            .chars()
                            .all(|c| c.is_ascii_digit()))
            })
            .collect()
    };
    if hits.iter().any(|h| *h) {
        return Some(hits);
    }
    // a rule's alias (`SEC006` merged into DF024, a hadolint `DL3007`, a checkov id)
    let aliased: Vec<bool> = rules
        .iter()
        .map(|r| r.meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(sel)))
        .collect();
    aliased.iter().any(|h| *h).then_some(aliased)
}

/// The starter config `shipgate init` writes.
pub const STARTER: &str = r#"# shipgate.toml — configuration for the production-readiness gate.
# Every key is optional; this file shows the defaults and common settings.

# Rules to run: codes (DF001), names (image-latest-tag), packs (dockerfile, compose,
# kubernetes, docs, project), gate items (G1-G12) or ALL. Default: every stable rule.
# select = ["ALL"]
# extend-select = ["G4"]
# ignore = ["DF003"]

# Also run rules still in preview.
# preview = false

# Exit with 1 when a finding at or above this severity remains:
# "error" (default), "warning", "info" or "never".
fail-on = "error"

# Change a rule's severity.
# [severity]
# missing-cpu-limit = "info"

# Per-path settings: ignore or add rules for some files.
# [[overrides]]
# paths = ["legacy/**"]
# ignore = ["G3"]

# Where the runbook is looked for (globs relative to the checked directory).
# [docs]
# runbook = ["RUNBOOK.md", "docs/**/runbook*.md", "docs/operations/*.md"]
# disaster-recovery plans and migration guides (case-insensitive globs)
# dr = ["**/*disaster*recovery*.md", "**/dr.md"]
# migration = ["**/migration*.md", "**/upgrade*.md"]

# The gate verdict (`shipgate gate`, `shipgate check --verdict`).
# [verdict]
# A gate item FAILS on a finding at or above this severity (info never fails by default).
# fail-on = "warning"
# A failing finding matching one of these selectors vetoes the release.
# veto = ["G1", "G3", "G5", "G7", "G8", "G9", "kustomize-missing-overlays"]
"#;

/// JSON schema of `shipgate.toml`, printed by `shipgate config-schema`.
pub const SCHEMA: &str = r##"{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "shipgate.toml",
  "type": "object",
  "additionalProperties": false,
  "definitions": {
    "selectors": {
      "type": "array",
      "items": {"type": "string", "description": "A rule code (DF001), name (missing-user), code prefix (DF), pack (dockerfile), gate item (G1-G12) or ALL"}
    },
    "severity": {"enum": ["error", "warning", "info"]}
  },
  "properties": {
    "select": {"$ref": "#/definitions/selectors", "description": "Rules to run (default: every stable rule)"},
    "extend-select": {"$ref": "#/definitions/selectors", "description": "Rules to run in addition"},
    "ignore": {"$ref": "#/definitions/selectors", "description": "Rules not to run"},
    "preview": {"type": "boolean", "description": "Also run preview rules"},
    "fail-on": {"enum": ["error", "warning", "info", "never"], "description": "Exit 1 when a finding at or above this severity remains"},
    "max-file-size": {"type": "integer", "minimum": 1, "description": "Files larger than this many bytes are reported, not read"},
    "severity": {"type": "object", "additionalProperties": {"$ref": "#/definitions/severity"}, "description": "Severity per rule selector"},
    "overrides": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["paths"],
        "properties": {
          "paths": {"type": "array", "items": {"type": "string"}, "description": "Globs of the paths this override applies to"},
          "ignore": {"$ref": "#/definitions/selectors"},
          "select": {"$ref": "#/definitions/selectors"}
        }
      }
    },
    "rules": {"type": "object", "additionalProperties": {"type": "object"}, "description": "Options per rule name: [rules.<name>]"},
    "docs": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "runbook": {"type": "array", "items": {"type": "string"}, "description": "Globs where the runbook is looked for"},
        "dr": {"type": "array", "items": {"type": "string"}, "description": "Globs of disaster-recovery documents (case-insensitive)"},
        "migration": {"type": "array", "items": {"type": "string"}, "description": "Globs of migration/upgrade runbooks (case-insensitive)"}
      }
    },
    "verdict": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "fail-on": {"$ref": "#/definitions/severity", "description": "A gate item FAILS on a finding at or above this severity (default warning)"},
        "veto": {"$ref": "#/definitions/selectors", "description": "Failing findings matching these selectors veto the release (default G1, G3, G5, G7, G8, G9)"}
      }
    }
  }
}
"##;

/// A case-insensitive glob set from `[docs] <key>` (each glob's error at its span), or
/// the defaults.
fn doc_globs(
    given: Option<Vec<Spanned<String>>>,
    defaults: &[&str],
    key: &str,
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<DocGlobSet, ConfigError> {
    let configured = given.is_some();
    let globs: Vec<(String, std::ops::Range<usize>)> = match given {
        Some(v) => v
            .into_iter()
            .map(|s| {
                let span = s.span();
                (s.into_inner(), span)
            })
            .collect(),
        None => defaults.iter().map(|g| (g.to_string(), 0..0)).collect(),
    };
    let mut parsed = Vec::with_capacity(globs.len());
    for (g, span) in globs {
        let glob = globset::GlobBuilder::new(&g)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map_err(|e| err(span, format!("invalid [docs] {key} glob `{g}`: {e}")))?;
        parsed.push(glob);
    }
    let set = DocGlobSet {
        globs: parsed,
        set: std::sync::OnceLock::new(),
        md_only: false,
    };
    // configured globs are compiled now, so that a failure is a configuration error;
    // the defaults (which compile) only when a Markdown file asks
    if configured {
        let built = set
            .build()
            .map_err(|e| err(0..0, format!("invalid [docs] {key} globs: {e}")))?;
        let _ = set.set.set(built);
    }
    Ok(set)
}

/// The glob set of a document role, compiled the first time it is asked unless
/// compiled at load.
struct DocGlobSet {
    globs: Vec<Glob>,
    set: std::sync::OnceLock<GlobSet>,
    /// Every glob ends in `.md` (matched with case): no other path is asked.
    md_only: bool,
}

impl DocGlobSet {
    fn build(&self) -> Result<GlobSet, globset::Error> {
        let mut b = GlobSetBuilder::new();
        for g in &self.globs {
            b.add(g.clone());
        }
        b.build()
    }

    fn is_match(&self, path: &str) -> bool {
        if self.md_only && !path.ends_with(".md") {
            return false;
        }
        self.set
            .get_or_init(|| self.build().unwrap_or_else(|_| GlobSet::empty()))
            .is_match(path)
    }
}

#[cfg(test)]
mod lazy_glob_tests {
    use super::*;

    #[test]
    fn default_runbook_globs_only_match_md_paths() {
        assert!(DEFAULT_RUNBOOK_GLOBS.iter().all(|g| g.ends_with(".md")));
        let mut b = GlobSetBuilder::new();
        for g in DEFAULT_RUNBOOK_GLOBS {
            b.add(Glob::new(g).expect("valid glob"));
        }
        let eager = b.build().expect("valid globs");
        let lazy = DocGlobSet {
            globs: DEFAULT_RUNBOOK_GLOBS
                .iter()
                .map(|g| Glob::new(g).expect("valid glob"))
                .collect(),
            set: std::sync::OnceLock::new(),
            md_only: true,
        };
        for path in [
            "RUNBOOK.md",
            "runbook.md",
            "a/b/RUNBOOK.md",
            "docs/x/runbook-db.md",
            "docs/operations/deploy.md",
            "docs/operations/deploy.MD",
            "docs/operations/deploy.md.txt",
            "RUNBOOK.markdown",
            "Dockerfile",
            "docs/runbook.md/x",
        ] {
            assert_eq!(lazy.is_match(path), eager.is_match(path), "{path}");
        }
    }
}
