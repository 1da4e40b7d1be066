use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ContainerPrivilegeEscalation);

struct ContainerPrivilegeEscalation;

const FIELD: &str = "allowPrivilegeEscalation";

impl K8sRule for ContainerPrivilegeEscalation {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        if security::is_windows(&pod) {
            return;
        }
        let mut uncovered = Vec::new();
        for c in pod.containers() {
            match security::resolve(&pod, &c, FIELD) {
                Some(r) if r.node.as_bool() == Some(false) => {}
                Some(r) => {
                    let text = cx.text(r.node.span).to_string();
                    cx.report(
                        r.node.span,
                        format!(
                            "{} allows privilege escalation (`{FIELD}: {text}`)",
                            c.describe()
                        ),
                    )
                    .help("set `allowPrivilegeEscalation: false` in the container's `securityContext`");
                }
                None => {
                    uncovered.push(c.describe());
                    if security::misplaced_pod_field(&pod, FIELD).is_some() {
                        continue;
                    }
                    cx.report(
                        security::missing_span(&c),
                        format!(
                            "{} does not set `{FIELD}: false` (setuid binaries can gain privileges)",
                            c.describe()
                        ),
                    )
                    .help("set `allowPrivilegeEscalation: false` in the container's `securityContext`");
                }
            }
        }
        security::report_misplaced(&pod, FIELD, &uncovered, cx);
    }
}
