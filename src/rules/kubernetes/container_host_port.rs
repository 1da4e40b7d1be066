use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ContainerHostPort);

struct ContainerHostPort;

impl K8sRule for ContainerHostPort {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        // with hostNetwork every container port is a host port; that is K8S018's finding
        for c in pod.containers() {
            for port in c.node.seq_items("ports") {
                let Some(hp) = port.get("hostPort") else {
                    continue;
                };
                if hp.is_null() || hp.as_i64() == Some(0) {
                    continue;
                }
                let text = cx.text(hp.span).to_string();
                cx.report(
                    hp.span,
                    format!("{} binds host port {text} on the node", c.describe()),
                )
                .help("remove `hostPort` and expose the port through a Service");
            }
        }
    }
}
