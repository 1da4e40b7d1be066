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
