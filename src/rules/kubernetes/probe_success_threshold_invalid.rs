use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ProbeSuccessThresholdInvalid);

struct ProbeSuccessThresholdInvalid;

impl K8sRule for ProbeSuccessThresholdInvalid {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            for probe in ["livenessProbe", "startupProbe"] {
                let Some(v) = c.node.path(&[probe, "successThreshold"]) else {
                    continue;
                };
                let Some(n) = v.as_i64() else { continue };
                // 0 is defaulted to 1
                if n != 1 && n != 0 {
                    cx.report(
                        v.span,
                        format!(
                            "{probe} of {} has `successThreshold: {n}`: the API server accepts only 1 for liveness and startup probes",
                            c.describe()
                        ),
                    )
                    .help("remove `successThreshold` (it defaults to 1) from liveness and startup probes");
                }
            }
        }
    }
}
