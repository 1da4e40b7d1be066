use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&HostNamespaceShared);

struct HostNamespaceShared;

const FIELDS: &[(&str, &str)] = &[
    ("hostNetwork", "the node's network namespace"),
    ("hostPID", "the node's process namespace"),
    ("hostIPC", "the node's IPC namespace"),
];

impl K8sRule for HostNamespaceShared {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for (field, what) in FIELDS {
            let Some(v) = pod.node.get(field) else {
                continue;
            };
            if v.as_bool() == Some(true) {
                let text = cx.text(v.span).to_string();
                cx.report(
                    v.span,
                    format!("pod shares {what} (`{field}: {text}`)"),
                )
                .help(format!("remove `{field}: true`; expose what the pod needs through a Service, a volume or the downward API"));
            }
        }
    }
}
