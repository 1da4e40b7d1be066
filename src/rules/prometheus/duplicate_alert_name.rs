use std::collections::HashMap;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&DuplicateAlertName);

struct DuplicateAlertName;

impl PrometheusRule for DuplicateAlertName {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        // the same name with different labels is the usual warning/critical pair or a
        // multi-window burn-rate alert: only the same name with the same labels clashes
        let mut seen: HashMap<(String, Vec<(String, String)>), Span> = HashMap::new();
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(name) = rule.alert_name() else {
                continue;
            };
            let mut labels: Vec<(String, String)> = rule
                .labels()
                .and_then(Node::as_map)
                .unwrap_or(&[])
                .iter()
                .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string())))
                .collect();
            labels.sort();
            let sev = rule.severity();
            let key = (name.to_string(), labels);
            let here = rule.anchor_span();
            if let Some(first) = seen.get(&key) {
                let line = cx.loc(*first).start.line;
                let sev = sev
                    .as_deref()
                    .map_or(String::new(), |s| format!(" with severity `{s}`"));
                cx.report(here, format!("alert `{name}`{sev} is already defined on line {line}"))
                    .help("rename one of them, or tell them apart by labels (`severity`, burn-rate window) if they are variants of one alert");
            } else {
                seen.insert(key, here);
            }
        }
    }
}
