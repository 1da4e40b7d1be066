//! `--format json`: the stable machine contract, version 1. Fields are only ever added.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::{FileEntry, Report};
use crate::source::LineCol;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    gate: &'static str,
    pack: &'static str,
    message: &'a str,
    help: &'a str,
    path: &'a str,
    start: Option<LineCol>,
    end: Option<LineCol>,
    url: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    start: LineCol,
    end: LineCol,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    files: &'a [FileEntry],
    findings: Vec<Finding<'a>>,
    summary: Summary,
    /// Present with `--verdict` / `shipgate gate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'a crate::verdict::Verdict>,
}

fn finding(d: &Diagnostic) -> Finding<'_> {
    Finding {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity,
        gate: d.rule.gate.as_str(),
        pack: d.rule.pack.as_str(),
        message: &d.message,
        help: d.help_text(),
        path: &d.path,
        start: d.loc.map(|l| l.start),
        end: d.loc.map(|l| l.end),
        url: d.rule.url,
        related: d
            .labels
            .iter()
            .map(|l| Related {
                path: l.path.as_deref().unwrap_or(&d.path),
                start: l.loc.start,
                end: l.loc.end,
                message: &l.message,
            })
            .collect(),
    }
}

pub fn render(report: &Report) -> String {
    let r = JsonReport {
        version: 1,
        tool: Tool {
            name: "shipgate",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: &report.files,
        findings: report.diagnostics.iter().map(finding).collect(),
        summary: Summary {
            files: report.files.len(),
            findings: report.diagnostics.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        verdict: report.verdict.as_ref(),
    };
    let mut s =
        serde_json::to_string_pretty(&r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
