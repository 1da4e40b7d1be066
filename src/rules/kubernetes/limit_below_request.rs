use super::quantity;
use crate::rules::prelude::*;
use crate::syntax::k8s::ContainerKind;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&LimitBelowRequest);

struct LimitBelowRequest;

impl K8sRule for LimitBelowRequest {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            if c.kind == ContainerKind::Ephemeral {
                continue;
            }
            let Some(res) = c.node.get("resources") else {
                continue;
            };
            for limit in res.map_entries("limits") {
                let Some(name) = limit.key.as_str() else {
                    continue;
                };
                let Some(request) = res.path(&["requests", name]) else {
                    continue;
                };
                let (Some(l), Some(r)) = (
                    limit.value.as_str().and_then(quantity::parse),
                    request.as_str().and_then(quantity::parse),
                ) else {
                    continue;
                };
                if l < r {
                    let (lt, rt) = (
                        cx.text(limit.value.span).to_string(),
                        cx.text(request.span).to_string(),
                    );
                    cx.report(
                        limit.value.span,
                        format!(
                            "{name} limit {lt} of {} is below its request {rt}: the API server rejects the pod",
                            c.describe()
                        ),
                    )
                    .help(format!("raise `limits.{name}` to at least the request, or lower `requests.{name}`"));
                }
            }
        }
    }
}
