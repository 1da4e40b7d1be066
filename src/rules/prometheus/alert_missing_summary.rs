use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&AlertMissingSummary);

struct AlertMissingSummary;

impl PrometheusRule for AlertMissingSummary {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(name) = rule.alert_name() else {
                continue;
            };
            let missing: Vec<&str> = ["summary", "description"]
                .into_iter()
                .filter(|k| {
                    rule.annotation(k)
                        .and_then(Node::as_str)
                        .is_none_or(|s| s.trim().is_empty())
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let what = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" or ");
            cx.report(rule.anchor_span(), format!("alert `{name}` has no {what} annotation"))
                .help("add `annotations:` with a one-line `summary` and a `description` that says what is wrong and what it affects (templated with `{{ $labels }}`/`{{ $value }}`)");
        }
    }
}
