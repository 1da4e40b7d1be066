use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DefaultNamespace);

struct DefaultNamespace;

impl K8sRule for DefaultNamespace {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(ns) = obj.node.path(&["metadata", "namespace"]) else {
            return;
        };
        if ns.as_str() != Some("default") {
            return;
        }
        cx.report(
            ns.span,
            format!("namespace `default` used by {}", describe(obj)),
        )
        .help("give the application its own namespace (and its quotas, network policies and RBAC)");
    }
}
