use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&CriticalAlertMissingFor);

struct CriticalAlertMissingFor;

/// Severities that page someone.
pub const PAGING: &[&str] = &["critical", "page", "p1", "emergency", "fatal"];

/// A duration of zero (`0`, `0s`, `0m`…).
fn is_zero(d: &str) -> bool {
    let digits = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty() && digits.bytes().all(|b| b == b'0')
}

impl PrometheusRule for CriticalAlertMissingFor {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(name) = rule.alert_name() else {
                continue;
            };
            let Some(sev) = rule.severity() else { continue };
            if !PAGING.contains(&sev.as_str()) {
                continue;
            }
            match rule.for_() {
                Some(f) if f.as_str().is_some_and(is_zero) => {
                    cx.report(f.span, format!("critical alert `{name}` fires on a single evaluation (`for: {}`)", f.as_str().unwrap_or("")))
                        .help("set `for:` to how long the condition must hold before paging (e.g. `for: 5m`)");
                }
                Some(_) => {}
                None => {
                    cx.report(rule.anchor_span(), format!("critical alert `{name}` has no `for:`: it pages on a single evaluation"))
                        .help("add `for: 5m` (how long the condition must hold before paging) so a blip does not wake someone up");
                }
            }
        }
    }
}
