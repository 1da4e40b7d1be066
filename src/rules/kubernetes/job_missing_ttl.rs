use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&JobMissingTtl);

struct JobMissingTtl;

impl K8sRule for JobMissingTtl {
    fn scope(&self) -> K8sScope {
        // CronJob runs are cleaned up by successfulJobsHistoryLimit/failedJobsHistoryLimit
        K8sScope::Kinds(&["Job"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(e) = obj.node.entry("spec") else {
            return;
        };
        if !e.value.is_map() || e.value.get("ttlSecondsAfterFinished").is_some() {
            return;
        }
        cx.report(
            e.key.span,
            format!("no ttlSecondsAfterFinished: finished {} and its pods are never cleaned up", describe(obj)),
        )
        .help("set `ttlSecondsAfterFinished` (for example 86400) so the TTL controller deletes the finished Job");
    }
}
