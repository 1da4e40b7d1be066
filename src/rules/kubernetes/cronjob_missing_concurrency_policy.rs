use super::objects::{describe, spec_key_span};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&CronjobMissingConcurrencyPolicy);

struct CronjobMissingConcurrencyPolicy;

impl K8sRule for CronjobMissingConcurrencyPolicy {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["CronJob"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        if !spec.is_map() || spec.get("concurrencyPolicy").is_some() {
            return;
        }
        cx.report(
            spec_key_span(obj),
            format!("no concurrencyPolicy: runs of {} may overlap (the default is Allow)", describe(obj)),
        )
        .help("set `concurrencyPolicy: Forbid` (or `Replace`), or `Allow` explicitly when overlapping runs are safe");
    }
}
