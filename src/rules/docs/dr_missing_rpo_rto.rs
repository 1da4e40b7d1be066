use std::sync::LazyLock;

use regex::Regex;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&DrMissingRpoRto);

struct DrMissingRpoRto;

static TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(RPO|RTO|recovery[ -]point[ -]objective|recovery[ -]time[ -]objective)\b")
        .expect("valid regex")
});

/// A duration with a unit, or an explicit zero.
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\b\d+(\.\d+)?\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b|\bzero\b|\bno data loss\b|\b0\b)")
        .expect("valid regex")
});

impl MarkdownRule for DrMissingRpoRto {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::DisasterRecovery {
            return;
        }
        let text = cx.file.text.clone();
        for (name, long) in [
            ("RPO", "recovery point objective"),
            ("RTO", "recovery time objective"),
        ] {
            let mut first_value: Option<Span> = None;
            let mut stated = false;
            for m in TERM.find_iter(&text) {
                let t = m.as_str().to_ascii_lowercase().replace('-', " ");
                if t != name.to_ascii_lowercase() && t != long {
                    continue;
                }
                // the value is the rest of the line after separators
                let line_end = text[m.end()..]
                    .find('\n')
                    .map_or(text.len(), |i| m.end() + i);
                let rest = &text[m.end()..line_end];
                let value_start = m.end()
                    + (rest.len()
                        - rest
                            .trim_start_matches(|c: char| {
                                c == ':'
                                    || c == '|'
                                    || c == '*'
                                    || c == '='
                                    || c == '<'
                                    || c == '>'
                                    || c == '≤'
                                    || c.is_whitespace()
                                    || c == '-'
                                    || c == '('
                                    || c == ')'
                            })
                            .len());
                let value = text[value_start..line_end].trim_end();
                if DURATION.is_match(value) {
                    stated = true;
                    break;
                }
                if first_value.is_none() {
                    first_value = Some(if value.is_empty() {
                        m.range().into()
                    } else {
                        Span::new(value_start, value_start + value.len())
                    });
                }
            }
            if stated {
                continue;
            }
            match first_value {
                Some(span) => {
                    cx.report(
                        span,
                        format!("the {name} is not stated as a duration: `{}`", cx.text(span).trim()),
                    )
                    .help(format!("state the {name} with a unit, e.g. `{name}: 15 minutes`; agree it with the service owner if it is still open"));
                }
                None => {
                    cx.report(
                        doc.title_span(&text),
                        format!("the disaster-recovery plan does not state an {name} ({long})"),
                    )
                    .help(format!(
                        "add `{name}: <duration>` (e.g. `{name}: 1 hour`) near the top of the plan"
                    ));
                }
            }
        }
    }
}
