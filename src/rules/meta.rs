//! Rule metadata, compiled in from the frontmatter of `rules/<pack>/<name>.md`.

use std::fmt;

use serde::Serialize;

use crate::diagnostics::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pack {
    Dockerfile,
    Compose,
    Kubernetes,
    Workflow,
    Prometheus,
    Docs,
    Secrets,
    Policy,
    Project,
}

impl Pack {
    pub const ALL: [Pack; 9] = [
        Pack::Dockerfile,
        Pack::Compose,
        Pack::Kubernetes,
        Pack::Workflow,
        Pack::Prometheus,
        Pack::Docs,
        Pack::Secrets,
        Pack::Policy,
        Pack::Project,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Pack::Dockerfile => "dockerfile",
            Pack::Compose => "compose",
            Pack::Kubernetes => "kubernetes",
            Pack::Workflow => "workflow",
            Pack::Prometheus => "prometheus",
            Pack::Docs => "docs",
            Pack::Secrets => "secrets",
            Pack::Policy => "policy",
            Pack::Project => "project",
        }
    }

    pub fn parse(s: &str) -> Option<Pack> {
        Pack::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl fmt::Display for Pack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The gate checklist items of `GATE.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Gate {
    G1,
    G2,
    G3,
    G4,
    G5,
    G6,
    G7,
    G8,
    G9,
    G10,
    G11,
    G12,
}

impl Gate {
    pub const ALL: [Gate; 12] = [
        Gate::G1,
        Gate::G2,
        Gate::G3,
        Gate::G4,
        Gate::G5,
        Gate::G6,
        Gate::G7,
        Gate::G8,
        Gate::G9,
        Gate::G10,
        Gate::G11,
        Gate::G12,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Gate::G1 => "G1",
            Gate::G2 => "G2",
            Gate::G3 => "G3",
            Gate::G4 => "G4",
            Gate::G5 => "G5",
            Gate::G6 => "G6",
            Gate::G7 => "G7",
            Gate::G8 => "G8",
            Gate::G9 => "G9",
            Gate::G10 => "G10",
            Gate::G11 => "G11",
            Gate::G12 => "G12",
        }
    }

    pub fn parse(s: &str) -> Option<Gate> {
        Gate::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s))
    }

    pub fn title(self) -> &'static str {
        match self {
            Gate::G1 => "Health checks",
            Gate::G2 => "Non-root",
            Gate::G3 => "Resource requirements",
            Gate::G4 => "Image pinning",
            Gate::G5 => "Runbook",
            Gate::G6 => "Disaster recovery",
            Gate::G7 => "Rollback and zero-downtime",
            Gate::G8 => "Monitoring and alerting",
            Gate::G9 => "Secrets",
            Gate::G10 => "Container hardening",
            Gate::G11 => "CI/CD pipeline",
            Gate::G12 => "Environments and structure",
        }
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// On by default.
    Stable,
    /// Off unless selected explicitly or `preview = true`.
    Preview,
    /// Off unless selected explicitly (opt-in checks).
    Optin,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Preview => "preview",
            Status::Optin => "opt-in",
        }
    }
}

#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub pack: Pack,
    pub gate: Gate,
    pub severity: Severity,
    pub status: Status,
    pub since: &'static str,
    /// Codes of other tools this rule corresponds to (hadolint, checkov, kube-linter…).
    pub aliases: &'static [&'static str],
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Default help: what to do.
    pub help: &'static str,
    /// Where the rule's doc is published.
    pub url: &'static str,
    /// The whole markdown doc.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The doc without its frontmatter.
    pub fn doc_body(&self) -> &'static str {
        let d = self.doc;
        if let Some(rest) = d.strip_prefix("---") {
            if let Some(end) = rest.find("\n---") {
                let after = &rest[end + 4..];
                return after.trim_start_matches(['\r', '\n']);
            }
        }
        d
    }
}
