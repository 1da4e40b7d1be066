use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ProcMountUnmasked);

struct ProcMountUnmasked;

impl K8sRule for ProcMountUnmasked {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(v) = c.security_context().and_then(|sc| sc.get("procMount")) else {
                continue;
            };
            if v.as_str() == Some("Unmasked") {
                cx.report(
                    v.span,
                    format!(
                        "{} mounts /proc unmasked (`procMount: Unmasked`)",
                        c.describe()
                    ),
                )
                .help("remove `procMount` (the default masks sensitive /proc paths)");
            }
        }
    }
}
