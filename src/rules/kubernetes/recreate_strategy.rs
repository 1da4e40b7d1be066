use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RecreateStrategy);

struct RecreateStrategy;

impl K8sRule for RecreateStrategy {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Deployment"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(t) = obj.node.path(&["spec", "strategy", "type"]) else {
            return;
        };
        if t.as_str() != Some("Recreate") {
            return;
        }
        // a ReadWriteOnce volume cannot be attached to old and new pods at once
        let mounts_claim = obj.pod_spec().is_some_and(|p| {
            p.node
                .seq_items("volumes")
                .iter()
                .any(|v| v.get("persistentVolumeClaim").is_some())
        });
        if mounts_claim {
            return;
        }
        cx.report(
            t.span,
            format!(
                "rollout strategy Recreate stops every pod of {} before starting new ones",
                describe(obj)
            ),
        )
        .help("use `strategy.type: RollingUpdate` so old pods serve until new ones are ready");
    }
}
