use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingReadinessProbe);

struct MissingReadinessProbe;

impl K8sRule for MissingReadinessProbe {
    fn scope(&self) -> K8sScope {
        K8sScope::LongRunning
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container)
        {
            if c.node.get("readinessProbe").is_some() {
                continue;
            }
            cx.report(c.anchor_span(), [c.describe().as_str(), " of ", describe(obj).as_str(), " has no readiness probe"].concat())
                .help("add a `readinessProbe` (httpGet on a health endpoint, tcpSocket, exec or grpc) to the container");
        }
    }
}
