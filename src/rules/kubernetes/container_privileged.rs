use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ContainerPrivileged);

struct ContainerPrivileged;

impl K8sRule for ContainerPrivileged {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(r) = security::resolve(&pod, &c, "privileged") else {
                continue;
            };
            if r.node.as_bool() == Some(true) {
                let text = cx.text(r.node.span).to_string();
                cx.report(
                    r.node.span,
                    format!("{} runs privileged (`privileged: {text}`)", c.describe()),
                )
                .help("remove `privileged: true` and add only the capabilities the process needs");
            }
        }
    }
}
