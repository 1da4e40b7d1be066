use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RevisionHistoryLimitZero);

struct RevisionHistoryLimitZero;

impl K8sRule for RevisionHistoryLimitZero {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Deployment", "StatefulSet", "DaemonSet"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(n) = obj.node.path(&["spec", "revisionHistoryLimit"]) else {
            return;
        };
        if n.as_i64() != Some(0) {
            return;
        }
        cx.report(
            n.span,
            format!("revisionHistoryLimit 0 keeps no old revision of {}: it cannot be rolled back", describe(obj)),
        )
        .help("keep a few revisions (`revisionHistoryLimit: 3` or more, the default is 10) so `kubectl rollout undo` works");
    }
}
