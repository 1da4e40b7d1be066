use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SeccompProfileUnset);

struct SeccompProfileUnset;

const HELP: &str = "set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext`";

impl K8sRule for SeccompProfileUnset {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        if security::is_windows(&pod) {
            return;
        }
        for c in pod.containers() {
            let Some(profile) = security::resolve(&pod, &c, "seccompProfile") else {
                cx.report(
                    security::missing_span(&c),
                    format!(
                        "{} has no seccomp profile (neither it nor the pod sets `seccompProfile`)",
                        c.describe()
                    ),
                )
                .help(HELP);
                continue;
            };
            let Some(ty) = profile.node.get("type") else {
                continue;
            };
            if ty.as_str() == Some("Unconfined") {
                cx.report(
                    ty.span,
                    format!("{} runs without seccomp (`type: Unconfined`)", c.describe()),
                )
                .help("use `type: RuntimeDefault` (or `Localhost` with a reviewed profile)");
            }
        }
    }
}
