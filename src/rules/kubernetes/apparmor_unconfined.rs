use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ApparmorUnconfined);

struct ApparmorUnconfined;

const ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

impl K8sRule for ApparmorUnconfined {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(r) = security::resolve(&pod, &c, "appArmorProfile") else {
                continue;
            };
            let Some(ty) = r.node.get("type") else {
                continue;
            };
            if ty.as_str() == Some("Unconfined") {
                cx.report(
                    ty.span,
                    format!("{} runs without AppArmor (`type: Unconfined`)", c.describe()),
                )
                .help("use `appArmorProfile: {type: RuntimeDefault}` (or `Localhost` with a reviewed profile)");
            }
        }
        // the annotation form (before Kubernetes 1.30), on the pod template's metadata
        let annotations = pod
            .metadata
            .and_then(|m| m.get("annotations"))
            .and_then(Node::as_map)
            .unwrap_or(&[]);
        for e in annotations {
            let Some(container) = e.key.as_str().and_then(|k| k.strip_prefix(ANNOTATION)) else {
                continue;
            };
            if e.value.as_str().map(str::trim) == Some("unconfined") {
                cx.report(
                    e.value.span,
                    format!("container \"{container}\" runs without AppArmor (annotation `unconfined`)"),
                )
                .help("use `runtime/default` (or a reviewed `localhost/…` profile); on Kubernetes 1.30+ set `securityContext.appArmorProfile`");
            }
        }
    }
}
