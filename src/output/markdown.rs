//! `--format markdown`: a findings table for `$GITHUB_STEP_SUMMARY` and PR comments.

use std::fmt::Write as _;

use crate::diagnostics::Severity;
use crate::engine::Report;

/// `s` in a table cell: `|` escaped, line breaks as spaces, written in one pass.
pub(crate) fn push_cell(out: &mut String, s: &str) {
    let mut rest = s;
    // both are ASCII: a byte search, and `i` is a character boundary
    while let Some(i) = rest.bytes().position(|b| b == b'|' || b == b'\n') {
        out.push_str(&rest[..i]);
        out.push_str(if rest.as_bytes()[i] == b'|' {
            "\\|"
        } else {
            " "
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
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
        out.push_str(match d.severity {
            Severity::Error => "| 🔴 error | [",
            Severity::Warning => "| 🟠 warning | [",
            Severity::Info => "| 🔵 info | [",
        });
        let _ = write!(
            out,
            "{}]({}) `{}` | {} | `",
            d.rule.code, d.rule.url, d.rule.name, d.rule.gate
        );
        push_cell(&mut out, &d.path);
        if let Some(l) = d.loc {
            let _ = write!(out, ":{}:{}", l.start.line, l.start.column);
        }
        out.push_str("` | ");
        push_cell(&mut out, &d.message);
        out.push_str(" |\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass escapes a cell as the chained replacements it took the place of did.
    #[test]
    fn cells_escape_as_chained_replacements() {
        for s in ["", "plain", "a|b\nc||\n\né|", "|", "\n"] {
            let mut ours = String::new();
            push_cell(&mut ours, s);
            assert_eq!(ours, s.replace('|', "\\|").replace('\n', " "), "{s:?}");
        }
    }
}
