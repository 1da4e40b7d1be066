use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&HpaMaxNotAboveMin);

struct HpaMaxNotAboveMin;

impl K8sRule for HpaMaxNotAboveMin {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["HorizontalPodAutoscaler"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(max_node) = obj.node.path(&["spec", "maxReplicas"]) else {
            return;
        };
        let Some(max) = max_node.as_i64() else { return };
        let min = match obj.node.path(&["spec", "minReplicas"]) {
            Some(n) => match n.as_i64() {
                Some(v) => v,
                None => return,
            },
            None => 1,
        };
        if max > min {
            return;
        }
        let msg = if max < min {
            format!(
                "maxReplicas {max} is below minReplicas {min}: {} is invalid",
                describe(obj)
            )
        } else {
            format!(
                "maxReplicas {max} equals minReplicas {min}: {} can never scale",
                describe(obj)
            )
        };
        cx.report(max_node.span, msg).help(
            "set `maxReplicas` above `minReplicas`, or drop the autoscaler and set `replicas`",
        );
    }
}
