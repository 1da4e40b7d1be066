use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DeploymentPaused);

struct DeploymentPaused;

impl K8sRule for DeploymentPaused {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Deployment"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(n) = obj.node.path(&["spec", "paused"]) else {
            return;
        };
        if n.as_bool() != Some(true) {
            return;
        }
        cx.report(
            n.span,
            format!(
                "the rollout of {} is paused in the manifest: a new pod template is never rolled out",
                describe(obj)
            ),
        )
        .help("remove `paused: true` from the committed manifest; pause with `kubectl rollout pause` while you need it");
    }
}
