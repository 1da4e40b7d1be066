use super::objects::{describe, spec_key_span};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&PdbUnhealthyPodEvictionPolicy);

struct PdbUnhealthyPodEvictionPolicy;

impl K8sRule for PdbUnhealthyPodEvictionPolicy {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["PodDisruptionBudget"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        if !spec.is_map() || spec.get("unhealthyPodEvictionPolicy").is_some() {
            return;
        }
        // policy/v1beta1 has no such field (deprecated-api-version reports the version)
        if obj.api_version != "policy/v1" {
            return;
        }
        cx.report(
            spec_key_span(obj),
            format!(
                "no unhealthyPodEvictionPolicy: crash-looping pods guarded by {} can block node drains",
                describe(obj)
            ),
        )
        .help("set `unhealthyPodEvictionPolicy: AlwaysAllow` so pods that are not ready can always be evicted");
    }
}
