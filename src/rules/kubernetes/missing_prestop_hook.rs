use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingPrestopHook);

struct MissingPrestopHook;

impl K8sRule for MissingPrestopHook {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&[
            "Deployment",
            "StatefulSet",
            "ReplicaSet",
            "ReplicationController",
        ])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        // a long grace period is how some apps drain without a hook; only 0 is no drain
        let grace = pod.node.get("terminationGracePeriodSeconds");
        for c in pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container)
        {
            let serves = !c.node.seq_items("ports").is_empty();
            if !serves || c.node.path(&["lifecycle", "preStop"]).is_some() {
                continue;
            }
            let zero_grace = grace.and_then(Node::as_i64) == Some(0);
            if !zero_grace && grace.is_some() {
                continue;
            }
            let d = cx.report(
                c.anchor_span(),
                format!("{} of {} serves a port but has no preStop hook: requests in flight may fail during rollouts", c.describe(), describe(obj)),
            );
            d.help("add `lifecycle.preStop` (for example `sleep 5`) so endpoints are removed before the process gets SIGTERM, and keep `terminationGracePeriodSeconds` above the drain time");
        }
    }
}
