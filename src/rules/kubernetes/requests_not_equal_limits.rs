use super::quantity;
use crate::rules::prelude::*;
use crate::syntax::k8s::ContainerKind;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RequestsNotEqualLimits);

struct RequestsNotEqualLimits;

impl K8sRule for RequestsNotEqualLimits {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            if c.kind == ContainerKind::Ephemeral {
                continue;
            }
            let Some(res) = c.node.get("resources") else {
                continue;
            };
            for name in ["cpu", "memory"] {
                let (Some(req), Some(lim)) =
                    (res.path(&["requests", name]), res.path(&["limits", name]))
                else {
                    continue;
                };
                let (Some(r), Some(l)) = (
                    req.as_str().and_then(quantity::parse),
                    lim.as_str().and_then(quantity::parse),
                ) else {
                    continue;
                };
                if (r - l).abs() > f64::EPSILON * l.abs().max(1.0) {
                    let (rt, lt) = (cx.text(req.span).to_string(), cx.text(lim.span).to_string());
                    cx.report(
                        req.span,
                        format!(
                            "{name} request {rt} of {} differs from its limit {lt} (the pod is not in the Guaranteed QoS class)",
                            c.describe()
                        ),
                    )
                    .help(format!("set `requests.{name}` equal to `limits.{name}`"));
                }
            }
        }
    }
}
