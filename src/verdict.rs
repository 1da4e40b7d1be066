//! The gate verdict: the G1–G12 checklist with PASS / FAIL / N/A per item, the
//! evidence for each FAIL, and the overall APPROVE or VETO.
//!
//! An item is **N/A** when the repository has nothing in its scope (no file of a kind
//! the item applies to, see [`scope`]) or when configuration turned off every rule of
//! the item. It **FAILS** when a finding of one of its rules is at or above the
//! verdict's `fail-on` severity (default: warning — info findings are advice, never a
//! failure). Otherwise it **PASSES**. The verdict is **VETO** when a failing finding
//! matches one of the `[verdict] veto` selectors (default: the triggers of GATE.md —
//! health checks, resources, runbook, rollback, monitoring, secrets, staging
//! environment), else **APPROVE**.

use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::discovery::FileKind;
use crate::engine::{FileStatus, Report};
use crate::rules::meta::Gate;
use crate::rules::registry;
use crate::source::LineCol;

/// How many locations a FAIL row shows.
pub const EVIDENCE: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    #[serde(rename = "PASS")]
    Pass,
    #[serde(rename = "FAIL")]
    Fail,
    #[serde(rename = "N/A")]
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::NotApplicable => "N/A",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    #[serde(rename = "APPROVE")]
    Approve,
    #[serde(rename = "VETO")]
    Veto,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "APPROVE",
            Decision::Veto => "VETO",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub code: &'static str,
    pub path: String,
    pub start: Option<LineCol>,
    pub message: String,
}

impl Evidence {
    pub fn location(&self) -> String {
        match self.start {
            Some(s) => format!("{}:{}:{}", self.path, s.line, s.column),
            None => self.path.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub gate: Gate,
    pub title: &'static str,
    pub status: Status,
    /// Findings of this item at or above `fail-on` (what makes it FAIL).
    pub failing: usize,
    /// All findings of this item, by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Whether a failing finding of this item vetoes the release.
    pub vetoes: bool,
    /// Why the item is N/A.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The first failing findings, in report order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub decision: Decision,
    pub fail_on: Severity,
    /// Gate items whose failures vetoed the release.
    pub vetoed_by: Vec<Gate>,
    pub items: Vec<Item>,
}

/// The file kinds a gate item applies to (GATE.md, per item). A repository with none
/// of them has the item N/A.
pub fn scope(gate: Gate) -> &'static [FileKind] {
    use FileKind::*;
    match gate {
        Gate::G1 | Gate::G2 | Gate::G4 => &[Dockerfile, Compose, Kubernetes, Kustomization],
        Gate::G3 => &[Compose, Kubernetes, Kustomization],
        // documents are required of deployable services, and checked where they exist
        Gate::G5 | Gate::G6 => &[Compose, Kubernetes, Kustomization, Doc],
        Gate::G7 => &[Kubernetes, Kustomization, Compose, Doc],
        Gate::G8 => &[Compose, Kubernetes, Kustomization, Prometheus],
        Gate::G9 => &[
            Dockerfile,
            Compose,
            Kubernetes,
            Kustomization,
            Workflow,
            Prometheus,
            Doc,
        ],
        Gate::G10 => &[Dockerfile, Compose, Kubernetes, Kustomization],
        Gate::G11 => &[Workflow, Compose, Kubernetes, Kustomization],
        Gate::G12 => &[
            Dockerfile,
            Compose,
            Kubernetes,
            Kustomization,
            Workflow,
            Prometheus,
            Doc,
            HelmTemplate,
        ],
    }
}

pub fn compute(report: &Report, config: &Config) -> Verdict {
    let fail_on = config.verdict.fail_on;
    let present = |k: FileKind| {
        report
            .files
            .iter()
            .any(|f| f.kind == k && f.status != FileStatus::NotInfra)
    };
    let rules = registry();
    let mut items = Vec::with_capacity(Gate::ALL.len());
    let mut vetoed_by = Vec::new();
    for gate in Gate::ALL {
        let of_gate: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.gate == gate)
            .collect();
        let count = |s: Severity| of_gate.iter().filter(|d| d.severity == s).count();
        let failing: Vec<&&Diagnostic> = of_gate.iter().filter(|d| d.severity >= fail_on).collect();
        let in_scope = scope(gate).iter().any(|k| present(*k));
        let any_rule = rules
            .iter()
            .enumerate()
            .any(|(i, r)| r.meta.gate == gate && config.runs(i));
        let has_rule = rules.iter().any(|r| r.meta.gate == gate);
        let (status, reason) = if !failing.is_empty() {
            (Status::Fail, None)
        } else if !in_scope {
            (
                Status::NotApplicable,
                Some("nothing in the repository is in scope"),
            )
        } else if !has_rule {
            (Status::NotApplicable, Some("no rule checks this item yet"))
        } else if !any_rule {
            (
                Status::NotApplicable,
                Some("every rule of this item is turned off"),
            )
        } else {
            (Status::Pass, None)
        };
        let vetoes = failing.iter().any(|d| config.verdict.vetoes(d.rule.code));
        if vetoes {
            vetoed_by.push(gate);
        }
        items.push(Item {
            gate,
            title: gate.title(),
            status,
            failing: failing.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            vetoes,
            reason,
            evidence: failing
                .iter()
                .take(EVIDENCE)
                .map(|d| Evidence {
                    code: d.rule.code,
                    path: d.path.clone(),
                    start: d.loc.map(|l| l.start),
                    message: d.message.clone(),
                })
                .collect(),
        });
    }
    Verdict {
        decision: if vetoed_by.is_empty() {
            Decision::Approve
        } else {
            Decision::Veto
        },
        fail_on,
        vetoed_by,
        items,
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The detail column of a row: counts and the first locations.
fn detail(item: &Item) -> String {
    match item.status {
        Status::NotApplicable => item.reason.unwrap_or("").to_string(),
        Status::Pass => {
            let below = item.errors + item.warnings + item.infos;
            if below == 0 {
                String::new()
            } else {
                format!("{} below the threshold", plural(below, "finding"))
            }
        }
        Status::Fail => plural(item.failing, "finding"),
    }
}

/// The checklist as a plain-text table (human output).
pub fn render_human(v: &Verdict) -> String {
    let mut out = String::from("\nGate verdict\n\n");
    for item in &v.items {
        let mark = format!("{:<4}", item.status.as_str());
        let veto = if item.vetoes { "  (veto)" } else { "" };
        let row = format!(
            "  {:<4} {:<26} {mark}  {}{veto}",
            item.gate.as_str(),
            item.title,
            detail(item)
        );
        out.push_str(row.trim_end());
        out.push('\n');
        for e in &item.evidence {
            out.push_str(&format!("       {} {}\n", e.code, e.location()));
        }
        if item.failing > item.evidence.len() {
            out.push_str(&format!(
                "       … and {} more\n",
                item.failing - item.evidence.len()
            ));
        }
    }
    out.push('\n');
    out.push_str(&decision_line(v));
    out.push('\n');
    out
}

fn decision_line(v: &Verdict) -> String {
    match v.decision {
        Decision::Approve => {
            let failed: Vec<&str> = v
                .items
                .iter()
                .filter(|i| i.status == Status::Fail)
                .map(|i| i.gate.as_str())
                .collect();
            if failed.is_empty() {
                "APPROVE: every gate item in scope passes".to_string()
            } else {
                format!(
                    "APPROVE: {} failing, but not configured to veto ([verdict] veto)",
                    failed.join(", ")
                )
            }
        }
        Decision::Veto => format!(
            "VETO: {}",
            v.vetoed_by
                .iter()
                .map(|g| format!("{} {}", g.as_str(), g.title()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::output::markdown::push_cell(&mut out, s);
    out
}

/// The checklist as a Markdown table (PR comment, job summary).
pub fn render_markdown(v: &Verdict) -> String {
    let icon = match v.decision {
        Decision::Approve => "✅",
        Decision::Veto => "⛔",
    };
    let mut out = format!("## shipgate verdict: {icon} {}\n\n", decision_line(v));
    out.push_str("| Item | Name | Status | Evidence |\n|---|---|---|---|\n");
    for item in &v.items {
        let status = match item.status {
            Status::Pass => "✅ PASS".to_string(),
            Status::Fail if item.vetoes => "⛔ FAIL (veto)".to_string(),
            Status::Fail => "❌ FAIL".to_string(),
            Status::NotApplicable => "➖ N/A".to_string(),
        };
        let mut evidence = detail(item);
        for e in &item.evidence {
            evidence.push_str(&format!("<br>`{}` `{}`", e.code, cell(&e.location())));
        }
        if item.failing > item.evidence.len() {
            evidence.push_str(&format!(
                "<br>… and {} more",
                item.failing - item.evidence.len()
            ));
        }
        out.push_str(&format!(
            "| {} | {} | {status} | {} |\n",
            item.gate.as_str(),
            item.title,
            evidence
        ));
    }
    out.push('\n');
    out
}
