use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DuplicateContainerPort);

struct DuplicateContainerPort;

impl K8sRule for DuplicateContainerPort {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        // port names must be unique in the pod; number+protocol too
        let mut names: Vec<&str> = Vec::new();
        let mut numbers: Vec<(i64, String)> = Vec::new();
        for c in pod.containers().filter(|c| c.kind != ContainerKind::Ephemeral) {
            for p in c.node.seq_items("ports") {
                if let Some(n) = p.get("name") {
                    if let Some(name) = n.as_str() {
                        if names.contains(&name) {
                            cx.report(
                                n.span,
                                format!("port name {name} is declared twice in the pod of {}", describe(obj)),
                            )
                            .help("give every port of the pod a unique name (the API server rejects duplicates)");
                        } else {
                            names.push(name);
                        }
                    }
                }
                let Some(num_node) = p.get("containerPort") else { continue };
                let Some(num) = num_node.as_i64() else { continue };
                let proto = p.get_str("protocol").unwrap_or("TCP").to_ascii_uppercase();
                let key = (num, proto);
                if numbers.contains(&key) {
                    cx.report(
                        num_node.span,
                        format!(
                            "containerPort {num}/{} is declared twice in the pod of {}: the containers share one network namespace",
                            key.1,
                            describe(obj)
                        ),
                    )
                    .help("containers of a pod share its ports: only one can listen on a port; remove or change the duplicate");
                } else {
                    numbers.push(key);
                }
            }
        }
    }
}
