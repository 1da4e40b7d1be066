use std::collections::HashMap;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&DuplicateGroupName);

struct DuplicateGroupName;

impl PrometheusRule for DuplicateGroupName {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for g in &rules.groups {
            let Some(n) = g.node.get("name") else {
                continue;
            };
            let Some(name) = n.as_str() else { continue };
            if let Some(first) = seen.get(name) {
                let line = cx.loc(*first).start.line;
                cx.report(n.span, format!("rule group `{name}` is already defined on line {line}: Prometheus refuses to load the file"))
                    .help("give every group of a file a unique `name` (or merge the two groups)");
            } else {
                seen.insert(name, n.span);
            }
        }
    }
}
