use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ServiceAccountTokenAutomount);

struct ServiceAccountTokenAutomount;

const FIELD: &str = "automountServiceAccountToken";

/// The pod's service account (`serviceAccountName`, else the deprecated `serviceAccount`).
pub(super) fn service_account<'t, 'a>(pod: &PodSpec<'t, 'a>) -> Option<&'t Node<'a>> {
    pod.node
        .get("serviceAccountName")
        .or_else(|| pod.node.get("serviceAccount"))
        .filter(|n| !n.is_null() && n.as_str() != Some(""))
}

impl K8sRule for ServiceAccountTokenAutomount {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let sa = service_account(&pod);
        // a dedicated service account exists to call the API: its token is needed
        if sa.is_some_and(|n| n.as_str() != Some("default")) {
            return;
        }
        match pod.node.get(FIELD) {
            Some(v) if v.as_bool() == Some(false) => {}
            Some(v) => {
                let text = cx.text(v.span).to_string();
                cx.report(
                    v.span,
                    format!("pod mounts the default service account's token (`{FIELD}: {text}`)"),
                )
                .help("set `automountServiceAccountToken: false`, or give the pod a dedicated service account if it calls the Kubernetes API");
            }
            None => {
                // the service account's value, else the first container's name
                let span = match sa {
                    Some(n) => n.span,
                    None => match pod.containers().next() {
                        Some(c) => c.anchor_span(),
                        None => return,
                    },
                };
                cx.report(
                    span,
                    format!(
                        "pod mounts the default service account's token (`{FIELD}: false` is not set)"
                    ),
                )
                .help("set `automountServiceAccountToken: false` in the pod spec, or give the pod a dedicated service account if it calls the Kubernetes API");
            }
        }
    }
}
