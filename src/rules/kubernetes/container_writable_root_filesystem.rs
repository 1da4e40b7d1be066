use super::security;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ContainerWritableRootFilesystem);

struct ContainerWritableRootFilesystem;

const FIELD: &str = "readOnlyRootFilesystem";
const HELP: &str = "set `readOnlyRootFilesystem: true` in the container's `securityContext` and mount an `emptyDir` where the process writes";

impl K8sRule for ContainerWritableRootFilesystem {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        if security::is_windows(&pod) {
            return;
        }
        let mut uncovered = Vec::new();
        for c in pod.containers() {
            match security::resolve(&pod, &c, FIELD) {
                Some(r) if r.node.as_bool() == Some(true) => {}
                Some(r) => {
                    let text = cx.text(r.node.span).to_string();
                    cx.report(
                        r.node.span,
                        format!(
                            "{} has a writable root filesystem (`{FIELD}: {text}`)",
                            c.describe()
                        ),
                    )
                    .help(HELP);
                }
                None => {
                    uncovered.push(c.describe());
                    if security::misplaced_pod_field(&pod, FIELD).is_some() {
                        continue;
                    }
                    cx.report(
                        security::missing_span(&c),
                        format!(
                            "{} has a writable root filesystem (`{FIELD}: true` is not set)",
                            c.describe()
                        ),
                    )
                    .help(HELP);
                }
            }
        }
        security::report_misplaced(&pod, FIELD, &uncovered, cx);
    }
}
