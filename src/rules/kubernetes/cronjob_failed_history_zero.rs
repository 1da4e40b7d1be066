use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&CronjobFailedHistoryZero);

struct CronjobFailedHistoryZero;

impl K8sRule for CronjobFailedHistoryZero {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["CronJob"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(n) = obj.node.path(&["spec", "failedJobsHistoryLimit"]) else {
            return;
        };
        if n.as_i64() != Some(0) {
            return;
        }
        cx.report(
            n.span,
            format!(
                "failedJobsHistoryLimit 0 deletes every failed run of {} at once: no Job is left to alert on, no pod or log to debug",
                describe(obj)
            ),
        )
        .help("keep at least the last failed run (`failedJobsHistoryLimit: 1`, the default)");
    }
}
