//! `--format markdown`: a findings table for `$GITHUB_STEP_SUMMARY` and PR comments.

use std::fmt::Write as _;

use crate::diagnostics::Severity;
use crate::engine::Report;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(report: &Report) -> String {
    let mut out = report
        .verdict
        .as_ref()
        .map(crate::verdict::render_markdown)
        .unwrap_or_default();
    out.push_str("## shipgate\n\n");
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let _ = writeln!(
        out,
        "**{} findings** ({e} errors, {w} warnings, {i} info) in {} files.\n",
        report.diagnostics.len(),
        report.files.len()
    );
    if report.diagnostics.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| Severity | Rule | Gate | Location | Message |\n|---|---|---|---|---|\n");
    for d in &report.diagnostics {
        let icon = match d.severity {
            Severity::Error => "🔴 error",
            Severity::Warning => "🟠 warning",
            Severity::Info => "🔵 info",
        };
        let location = match d.loc {
            Some(l) => format!("`{}:{}:{}`", cell(&d.path), l.start.line, l.start.column),
            None => format!("`{}`", cell(&d.path)),
        };
        let _ = writeln!(
            out,
            "| {icon} | [{}]({}) `{}` | {} | {location} | {} |",
            d.rule.code,
            d.rule.url,
            d.rule.name,
            d.rule.gate,
            cell(&d.message)
        );
    }
    out
}
