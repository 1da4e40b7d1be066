use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&AlertMissingSeverity);

struct AlertMissingSeverity;

impl PrometheusRule for AlertMissingSeverity {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(name) = rule.alert_name() else {
                continue;
            };
            if rule.label("severity").is_some() {
                continue;
            }
            cx.report(rule.anchor_span(), format!("alert `{name}` has no `severity` label"))
                .help("add `labels: {severity: critical|warning|info}` so Alertmanager routes it to the right receiver");
        }
    }
}
