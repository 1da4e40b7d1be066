use super::objects::{describe, int_or_percent, replicas};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RollingUpdateMaxUnavailable);

struct RollingUpdateMaxUnavailable;

impl K8sRule for RollingUpdateMaxUnavailable {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Deployment"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(strategy) = obj.node.path(&["spec", "strategy"]) else {
            return;
        };
        if strategy
            .get_str("type")
            .is_some_and(|t| t != "RollingUpdate")
        {
            return;
        }
        let Some(mu) = strategy.path(&["rollingUpdate", "maxUnavailable"]) else {
            return; // the default, 25% rounded down, keeps 2 of 2-3 pods and 3 of 4
        };
        let Some((n, _)) = replicas(obj) else {
            return; // scaled by an autoscaler or an overlay: the count is unknown here
        };
        let Some(raw) = mu.as_str() else { return };
        let Some(down) = int_or_percent(raw, n, false) else {
            return;
        };
        if n < 1 || down < 1 {
            return;
        }
        let left = (n - down).max(0);
        if left >= 2 {
            return;
        }
        let what = if left == 0 {
            "no pod".to_string()
        } else {
            "a single pod".to_string()
        };
        cx.report(
            mu.span,
            format!(
                "maxUnavailable {raw} of {n} replicas leaves {what} of {} serving during a rollout",
                describe(obj)
            ),
        )
        .help("set `maxUnavailable: 0` and `maxSurge: 1` (or more replicas) so capacity stays up while new pods start");
    }
}
