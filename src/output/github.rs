//! `--format github`: GitHub Actions workflow commands, shown as annotations on the PR.

use std::fmt::Write as _;

use crate::diagnostics::Severity;
use crate::engine::Report;

/// `s` as workflow-command data: `%`, CR and LF percent-encoded, and in a property
/// (`property`) `:` and `,` too, written in one pass.
fn push_escaped(out: &mut String, s: &str, property: bool) {
    let special =
        |b: &u8| matches!(b, b'%' | b'\r' | b'\n') || (property && matches!(b, b':' | b','));
    let mut rest = s;
    // the special characters are ASCII: a byte search, and `i` is a character boundary
    while let Some(i) = rest.as_bytes().iter().position(special) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'%' => "%25",
            b'\r' => "%0D",
            b'\n' => "%0A",
            b':' => "%3A",
            _ => "%2C",
        });
        // every special character is one byte
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, false);
    out
}

/// One finding's workflow command (a line).
fn command(out: &mut String, d: &crate::diagnostics::Diagnostic) {
    out.push_str(match d.severity {
        Severity::Error => "::error ",
        Severity::Warning => "::warning ",
        Severity::Info => "::notice ",
    });
    if let Some(l) = d.loc {
        let end_col = if l.end.line == l.start.line && l.end.column <= l.start.column {
            l.start.column + 1
        } else {
            l.end.column
        };
        out.push_str("file=");
        push_escaped(out, &d.path, true);
        let _ = write!(
            out,
            ",line={},col={},endLine={},endColumn={end_col},",
            l.start.line,
            l.start.column,
            l.end.line.max(l.start.line),
        );
    }
    out.push_str("title=");
    push_escaped(out, d.rule.code, true);
    out.push(' ');
    push_escaped(out, d.rule.name, true);
    out.push_str("::");
    if d.loc.is_none() {
        push_escaped(out, &d.path, false);
        out.push_str(": ");
    }
    push_escaped(out, &d.message, false);
    out.push_str(" [");
    push_escaped(out, d.rule.gate.as_str(), false);
    out.push_str("] — ");
    push_escaped(out, d.help_text(), false);
    out.push('\n');
}

pub fn render(report: &Report, jobs: usize) -> String {
    super::Stream::text_of(|out| write(report, jobs, out))
}

/// [`render`], into `stream`.
pub(crate) fn write(report: &Report, jobs: usize, stream: &mut super::Stream<'_>) {
    super::render_in_pieces(stream, &report.diagnostics, jobs, "", |out, piece| {
        out.reserve(256 * piece.len());
        for d in piece {
            command(out, d);
        }
    });
    let out = &mut stream.buf;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass escapes as the chain of replacements it took the place of did.
    #[test]
    fn escapes_as_chained_replacements() {
        let chained = |s: &str, property: bool| {
            let data = s
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A");
            if property {
                data.replace(':', "%3A").replace(',', "%2C")
            } else {
                data
            }
        };
        for s in [
            "",
            "plain",
            "100% of a:b,c\r\nnext %0A é ::x,,",
            "%%\n\n:,",
            "ends with %",
        ] {
            for property in [false, true] {
                let mut ours = String::new();
                push_escaped(&mut ours, s, property);
                assert_eq!(ours, chained(s, property), "{s:?} {property}");
            }
        }
    }
}
