use super::objects::{describe, int_or_percent};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RollingUpdateStuck);

struct RollingUpdateStuck;

impl K8sRule for RollingUpdateStuck {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Deployment"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(ru) = obj.node.path(&["spec", "strategy", "rollingUpdate"]) else {
            return;
        };
        let (Some(surge), Some(unavail)) = (ru.get("maxSurge"), ru.get("maxUnavailable")) else {
            return; // an unset one defaults to 25%
        };
        // percentages of any count: only an explicit 0 (or 0%) is zero for every count
        let zero = |n: &Node<'_>| n.as_str().and_then(|v| int_or_percent(v, 100, true)) == Some(0);
        if !(zero(surge) && zero(unavail)) {
            return;
        }
        cx.report(
            unavail.span,
            format!(
                "maxSurge and maxUnavailable are both 0: {} can never roll out (the API server rejects it)",
                describe(obj)
            ),
        )
        .help("set `maxSurge: 1` (start a new pod before stopping an old one) and keep `maxUnavailable: 0`");
    }
}
