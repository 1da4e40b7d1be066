use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&WindowsHostProcess);

struct WindowsHostProcess;

impl K8sRule for WindowsHostProcess {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let host_process = |sc: Option<&Node<'_>>| {
            sc.and_then(|s| s.path(&["windowsOptions", "hostProcess"]))
                .filter(|v| v.as_bool() == Some(true))
                .map(|v| v.span)
        };
        if let Some(span) = host_process(pod.security_context()) {
            cx.report(span, "pod runs as a Windows HostProcess (`hostProcess: true`)")
                .help("remove `windowsOptions.hostProcess`; HostProcess pods run directly on the node with its privileges");
        }
        for c in pod.containers() {
            if let Some(span) = host_process(c.security_context()) {
                cx.report(
                    span,
                    format!(
                        "{} runs as a Windows HostProcess (`hostProcess: true`)",
                        c.describe()
                    ),
                )
                .help("remove `windowsOptions.hostProcess`; HostProcess containers run directly on the node with its privileges");
            }
        }
    }
}
