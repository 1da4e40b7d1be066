//! `--format github`: GitHub Actions workflow commands, shown as annotations on the PR.

use std::fmt::Write as _;

use crate::diagnostics::Severity;
use crate::engine::Report;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let title = escape_property(&format!("{} {}", d.rule.code, d.rule.name));
        let message = escape_data(&format!(
            "{} [{}] — {}",
            d.message,
            d.rule.gate,
            d.help_text()
        ));
        match d.loc {
            Some(l) => {
                let end_col = if l.end.line == l.start.line && l.end.column <= l.start.column {
                    l.start.column + 1
                } else {
                    l.end.column
                };
                let _ = writeln!(
                    out,
                    "::{cmd} file={},line={},col={},endLine={},endColumn={end_col},title={title}::{message}",
                    escape_property(&d.path),
                    l.start.line,
                    l.start.column,
                    l.end.line.max(l.start.line),
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "::{cmd} title={title}::{}: {message}",
                    escape_data(&d.path)
                );
            }
        }
    }
    if let Some(v) = &report.verdict {
        use crate::verdict::{Decision, Status};
        let failing: Vec<String> = v
            .items
            .iter()
            .filter(|i| i.status == Status::Fail)
            .map(|i| format!("{} {}", i.gate.as_str(), i.title))
            .collect();
        let cmd = match v.decision {
            Decision::Approve => "notice",
            Decision::Veto => "error",
        };
        let _ = writeln!(
            out,
            "::{cmd} title=shipgate verdict::{}{}",
            v.decision.as_str(),
            escape_data(&if failing.is_empty() {
                String::new()
            } else {
                format!(" — failing: {}", failing.join(", "))
            })
        );
    }
    out
}
