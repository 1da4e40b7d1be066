use super::objects::{describe, spec_key_span};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&HpaMinReplicasBelowTwo);

struct HpaMinReplicasBelowTwo;

impl K8sRule for HpaMinReplicasBelowTwo {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["HorizontalPodAutoscaler"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        match obj.node.path(&["spec", "minReplicas"]) {
            Some(n) => {
                // 0 is scale-to-zero (HPAScaleToZero): deliberate
                if n.as_i64().is_some_and(|v| v == 1) {
                    cx.report(n.span, format!("minReplicas 1 lets {} scale down to a single pod", describe(obj)))
                        .help("set `minReplicas: 2` or more so a quiet period does not leave one pod to fail");
                }
            }
            None => {
                if obj.node.get("spec").is_none() {
                    return;
                }
                cx.report(
                    spec_key_span(obj),
                    format!(
                        "no minReplicas: {} scales down to a single pod (the default)",
                        describe(obj)
                    ),
                )
                .help(
                    "set `minReplicas: 2` or more so a quiet period does not leave one pod to fail",
                );
            }
        }
    }
}
