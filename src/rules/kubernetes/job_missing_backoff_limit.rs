use super::objects::{describe, job_spec};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&JobMissingBackoffLimit);

struct JobMissingBackoffLimit;

impl K8sRule for JobMissingBackoffLimit {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Job", "CronJob"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some((spec, at)) = job_spec(obj) else {
            return;
        };
        if spec.get("backoffLimit").is_some() || spec.get("backoffLimitPerIndex").is_some() {
            return;
        }
        cx.report(
            at,
            format!("no backoffLimit: a failing {} is retried 6 times (the default) before it is marked failed", describe(obj)),
        )
        .help("set `backoffLimit` to the number of retries the task tolerates (0 for non-idempotent work)");
    }
}
