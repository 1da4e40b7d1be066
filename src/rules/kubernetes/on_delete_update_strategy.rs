use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&OnDeleteUpdateStrategy);

struct OnDeleteUpdateStrategy;

impl K8sRule for OnDeleteUpdateStrategy {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["StatefulSet", "DaemonSet"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(t) = obj.node.path(&["spec", "updateStrategy", "type"]) else {
            return;
        };
        if t.as_str() != Some("OnDelete") {
            return;
        }
        cx.report(
            t.span,
            format!(
                "updateStrategy OnDelete: a changed template of {} reaches no pod until someone deletes them",
                describe(obj)
            ),
        )
        .help("use `updateStrategy.type: RollingUpdate` so a deploy actually rolls out (with `partition` or `maxUnavailable` for control)");
    }
}
