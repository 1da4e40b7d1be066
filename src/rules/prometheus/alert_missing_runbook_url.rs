use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&AlertMissingRunbookUrl);

struct AlertMissingRunbookUrl;

impl PrometheusRule for AlertMissingRunbookUrl {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(name) = rule.alert_name() else {
                continue;
            };
            let has = rule
                .annotation("runbook_url")
                .and_then(Node::as_str)
                .is_some_and(|s| !s.trim().is_empty());
            if !has {
                cx.report(rule.anchor_span(), format!("alert `{name}` has no `runbook_url` annotation"))
                    .help("add `annotations: {runbook_url: …}` pointing at the runbook section that says how to respond");
            }
        }
    }
}
