use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&RecordingRuleName);

struct RecordingRuleName;

/// `level:metric[:operations]`: colon-separated parts of metric-name characters, with
/// a non-empty level and metric (the operations part may be empty or repeated, as
/// widely used rule sets such as kube-prometheus do).
fn follows_convention(name: &str) -> bool {
    let parts: Vec<&str> = name.split(':').collect();
    parts.len() >= 2
        && !parts[0].is_empty()
        && !parts[1].is_empty()
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

impl PrometheusRule for RecordingRuleName {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(record) = rule.record() else {
                continue;
            };
            let Some(name) = record.value.as_str() else {
                continue;
            };
            if follows_convention(name) {
                continue;
            }
            cx.report(record.value.span, format!("recording rule `{name}` does not follow `level:metric:operations`"))
                .help("name it after the labels it keeps, the metric and the operations applied, e.g. `job:http_requests:rate5m`");
        }
    }
}
