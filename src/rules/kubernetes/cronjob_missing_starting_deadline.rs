use super::objects::{describe, spec_key_span};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&CronjobMissingStartingDeadline);

struct CronjobMissingStartingDeadline;

impl K8sRule for CronjobMissingStartingDeadline {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["CronJob"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        if !spec.is_map() || spec.get("startingDeadlineSeconds").is_some() {
            return;
        }
        cx.report(
            spec_key_span(obj),
            format!("no startingDeadlineSeconds: after 100 missed schedules {} stops being scheduled", describe(obj)),
        )
        .help("set `startingDeadlineSeconds` (for example 300) so missed runs are skipped or started late instead of piling up");
    }
}
