use super::objects::{describe, spec_key_span};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&HpaWithoutMetrics);

struct HpaWithoutMetrics;

impl K8sRule for HpaWithoutMetrics {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["HorizontalPodAutoscaler"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        let has = spec
            .get("metrics")
            .and_then(Node::as_seq)
            .is_some_and(|m| !m.is_empty())
            || spec.get("targetCPUUtilizationPercentage").is_some();
        if has {
            return;
        }
        cx.report(
            spec_key_span(obj),
            format!(
                "no metrics declared: {} scales on the implicit default, 80% average CPU utilization",
                describe(obj)
            ),
        )
        .help("state the metric it scales on (`metrics:` in autoscaling/v2, `targetCPUUtilizationPercentage` in v1)");
    }
}
