use super::service_account_token_automount::service_account;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DefaultServiceAccount);

struct DefaultServiceAccount;

impl K8sRule for DefaultServiceAccount {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        match service_account(&pod) {
            Some(n) if n.as_str() == Some("default") => {
                cx.report(
                    n.span,
                    "pod runs as the namespace's `default` service account",
                )
                .help("create a ServiceAccount for the workload and set `serviceAccountName`");
            }
            Some(_) => {}
            None => {
                let Some(c) = pod.containers().next() else {
                    return;
                };
                cx.report(
                    c.anchor_span(),
                    "pod runs as the namespace's `default` service account (`serviceAccountName` is not set)",
                )
                .help("create a ServiceAccount for the workload and set `serviceAccountName`");
            }
        }
    }
}
