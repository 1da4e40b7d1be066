use super::objects::{describe, replicas};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingAntiAffinity);

struct MissingAntiAffinity;

impl K8sRule for MissingAntiAffinity {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&[
            "Deployment",
            "StatefulSet",
            "ReplicaSet",
            "ReplicationController",
        ])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some((n, node)) = replicas(obj) else {
            return;
        };
        if n < 2 {
            return;
        }
        let Some(pod) = obj.pod_spec() else { return };
        let spread = pod.node.path(&["affinity", "podAntiAffinity"]).is_some()
            || pod
                .node
                .get("topologySpreadConstraints")
                .and_then(Node::as_seq)
                .is_some_and(|s| !s.is_empty());
        if spread {
            return;
        }
        cx.report(
            node.span,
            format!(
                "{n} replicas of {} may all be scheduled on one node: no podAntiAffinity or topologySpreadConstraints",
                describe(obj)
            ),
        )
        .help("add `topologySpreadConstraints` over `kubernetes.io/hostname` (or a preferred podAntiAffinity) so one node failure cannot take every replica");
    }
}
