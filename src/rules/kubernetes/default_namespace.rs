use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DefaultNamespace);

struct DefaultNamespace;

/// Objects every cluster has in `default`: not the application's to move.
fn built_in(obj: &K8sObject<'_, '_>) -> bool {
    matches!(
        (obj.kind, obj.name()),
        ("ServiceAccount", Some("default"))
            | (
                "Service" | "Endpoints" | "EndpointSlice",
                Some("kubernetes")
            )
            | ("ConfigMap", Some("kube-root-ca.crt"))
    )
}

impl K8sRule for DefaultNamespace {
    fn scope(&self) -> K8sScope {
        // workloads and everything that travels with them (Services, ConfigMaps,
        // Secrets, RBAC, Ingresses, …): any object that pins itself to `default`
        K8sScope::All
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(ns) = obj.node.path(&["metadata", "namespace"]) else {
            return;
        };
        if ns.as_str() != Some("default") || built_in(obj) {
            return;
        }
        cx.report(
            ns.span,
            format!("namespace `default` used by {}", describe(obj)),
        )
        .help("give the application its own namespace (and its quotas, network policies and RBAC)");
    }
}
