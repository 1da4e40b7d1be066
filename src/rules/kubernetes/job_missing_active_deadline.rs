use super::objects::{describe, job_spec};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&JobMissingActiveDeadline);

struct JobMissingActiveDeadline;

impl K8sRule for JobMissingActiveDeadline {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Job", "CronJob"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some((spec, at)) = job_spec(obj) else {
            return;
        };
        if spec.get("activeDeadlineSeconds").is_some() {
            return;
        }
        cx.report(
            at,
            format!(
                "no activeDeadlineSeconds: a hung run of {} is never stopped",
                describe(obj)
            ),
        )
        .help("set `activeDeadlineSeconds` to a bound on how long a run may take");
    }
}
