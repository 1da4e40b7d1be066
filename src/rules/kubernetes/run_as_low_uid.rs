use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&RunAsLowUid);

struct RunAsLowUid;

/// UIDs below this may belong to users of the node (distributions allocate system and
/// login users below 10000).
const MIN_UID: i64 = 10_000;

impl K8sRule for RunAsLowUid {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(r) = security::resolve(&pod, &c, "runAsUser") else {
                continue;
            };
            // 0 is container-run-as-root's finding
            let Some(uid) = r.node.as_i64().filter(|u| *u > 0 && *u < MIN_UID) else {
                continue;
            };
            cx.report(
                r.node.span,
                format!(
                    "{} runs as UID {uid}, which may match a user of the node (below {MIN_UID})",
                    c.describe()
                ),
            )
            .help("run as a UID of 10000 or more that exists in no node's /etc/passwd");
        }
    }
}
