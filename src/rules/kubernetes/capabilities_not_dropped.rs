use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&CapabilitiesNotDropped);

struct CapabilitiesNotDropped;

const HELP: &str = "add `capabilities: {drop: [ALL]}` to the container's `securityContext` and `add` back only what the process needs";

impl K8sRule for CapabilitiesNotDropped {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        if security::is_windows(&pod) {
            return;
        }
        let mut uncovered = Vec::new();
        for c in pod.containers() {
            let caps = c.security_context().and_then(|sc| sc.entry("capabilities"));
            let drop = caps.and_then(|e| e.value.entry("drop"));
            let drops_all = drop.is_some_and(|d| {
                d.value.as_seq().is_some_and(|items| {
                    items
                        .iter()
                        .filter_map(Node::as_str)
                        .any(|s| s.eq_ignore_ascii_case("ALL"))
                })
            });
            if drops_all {
                continue;
            }
            if caps.is_none() {
                uncovered.push(c.describe());
                if security::misplaced_pod_field(&pod, "capabilities").is_some() {
                    continue;
                }
            }
            // the narrowest thing written: `drop:`, `capabilities:`, `securityContext:`, name
            let span = drop
                .or(caps)
                .map_or_else(|| security::missing_span(&c), |e| e.key.span);
            let msg = if drop.is_some() {
                format!("{} drops capabilities, but not `ALL`", c.describe())
            } else {
                format!("{} does not drop all capabilities", c.describe())
            };
            cx.report(span, msg).help(HELP);
        }
        security::report_misplaced(&pod, "capabilities", &uncovered, cx);
    }
}
