use crate::rules::prelude::*;
use crate::syntax::k8s::effective_security_field;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ContainerRunAsRoot);

struct ContainerRunAsRoot;

impl K8sRule for ContainerRunAsRoot {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let non_root = effective_security_field(&pod, &c, "runAsNonRoot");
            let user = effective_security_field(&pod, &c, "runAsUser");
            let uid = user.and_then(Node::as_i64);
            if uid == Some(0) {
                let u = user.map_or(c.anchor_span(), |n| n.span);
                cx.report(u, format!("{} runs as root (`runAsUser: 0`)", c.describe()))
                    .help("set `runAsUser` to a non-zero UID and `runAsNonRoot: true`");
                continue;
            }
            if non_root.and_then(Node::as_bool) == Some(true) || uid.is_some_and(|u| u > 0) {
                continue;
            }
            match non_root {
                Some(n) if n.as_bool() == Some(false) => {
                    cx.report(
                        n.span,
                        format!(
                            "{} allows running as root (`runAsNonRoot: false`)",
                            c.describe()
                        ),
                    )
                    .help("set `runAsNonRoot: true` and a non-zero `runAsUser`");
                }
                _ => {
                    cx.report(c.anchor_span(), format!("{} may run as root: neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set", c.describe()))
                        .help("set `securityContext.runAsNonRoot: true` and `runAsUser: <uid>` on the pod or the container");
                }
            }
        }
    }
}
