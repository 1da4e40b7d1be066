//! The one diagnostic type every rule, the engine and every output format share.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::meta::RuleMeta;
use crate::source::{Loc, Span};

pub mod mask;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location: "defined here", "the workload that runs this image".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// `None` means the diagnostic's own file.
    pub path: Option<String>,
    pub loc: Loc,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Path relative to the working directory, `/`-separated; for repository-level
    /// findings, the checked directory.
    pub path: String,
    /// `None` for repository-level findings.
    pub loc: Option<Loc>,
    pub labels: Vec<Label>,
    /// The bytes of secret values this finding is about or shows (in the diagnostic's
    /// own file): every output masks them, and the message never contains them.
    pub secrets: Vec<Span>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, path: String, loc: Option<Loc>, message: String) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            help: None,
            path,
            loc,
            labels: Vec::new(),
            secrets: Vec::new(),
        }
    }

    /// Mark `span` of the file as a secret value: outputs never show it.
    pub fn secret(&mut self, span: Span) -> &mut Self {
        self.secrets.push(span);
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn label_at(
        &mut self,
        path: Option<String>,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Self {
        self.labels.push(Label {
            path,
            loc,
            message: message.into(),
        });
        self
    }

    /// The help to show: the rule's specific help, or the rule's default help.
    pub fn help_text(&self) -> &str {
        self.help.as_deref().unwrap_or(self.rule.help)
    }

    /// Deterministic order: path, line, column, code, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        let (l, c) = self.loc.map_or((0, 0), |l| (l.start.line, l.start.column));
        (&self.path, l, c, self.rule.code, &self.message)
    }
}

/// Sort by [`Diagnostic::sort_key`]. Paths are ranked once so that the sort compares
/// integers, not the long shared prefixes of paths; only findings equal up to the code
/// are then ordered by message.
pub fn sort(ds: &mut [Diagnostic]) {
    let distinct: std::collections::BTreeSet<&str> = ds.iter().map(|d| d.path.as_str()).collect();
    let rank: std::collections::HashMap<String, u32> = distinct
        .into_iter()
        .zip(0u32..)
        .map(|(p, i)| (p.to_string(), i))
        .collect();
    let head = |d: &Diagnostic| {
        let (l, c) = d.loc.map_or((0, 0), |l| (l.start.line, l.start.column));
        (
            rank.get(&d.path).copied().unwrap_or(u32::MAX),
            l,
            c,
            d.rule.code,
        )
    };
    ds.sort_by_cached_key(head);
    for ties in ds.chunk_by_mut(|a, b| {
        a.loc.map(|l| l.start) == b.loc.map(|l| l.start)
            && a.rule.code == b.rule.code
            && a.path == b.path
    }) {
        if ties.len() > 1 {
            ties.sort_by(|a, b| a.message.cmp(&b.message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{LineCol, Loc, Span};

    #[test]
    fn sort_orders_by_the_full_key() {
        let meta = |code: &str| {
            crate::rules::find_rule(code)
                .map(|(_, e)| &e.meta)
                .unwrap_or_else(|| panic!("no rule {code}"))
        };
        let at = |line: u32, column: u32| {
            Some(Loc {
                start: LineCol { line, column },
                end: LineCol { line, column },
                span: Span { start: 0, end: 0 },
            })
        };
        let mut ds = Vec::new();
        for (path, loc, code, msg) in [
            ("k8s/b.yaml", at(3, 1), "K8S001", "b"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "z"),
            ("k8s/a.yaml", None, "K8S001", "repo"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "a"),
            ("k8s/a.yaml", at(2, 9), "K8S002", "x"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "a"),
            ("k8s/a.yamm", at(1, 1), "K8S001", "y"),
            ("k8s", None, "K8S002", "dir"),
        ] {
            ds.push(Diagnostic::new(meta(code), path.into(), loc, msg.into()));
        }
        // tell the two equal findings apart: a stable sort keeps their order
        ds[3].help("first");
        let mut expected = ds.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        sort(&mut ds);
        let view = |v: &[Diagnostic]| -> Vec<(String, String, Option<String>)> {
            v.iter()
                .map(|d| (d.path.clone(), d.message.clone(), d.help.clone()))
                .collect()
        };
        assert_eq!(view(&ds), view(&expected));
        assert_eq!(ds[0].path, "k8s");
        assert_eq!(ds[3].help.as_deref(), Some("first"));
    }
}
