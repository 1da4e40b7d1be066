use super::objects::{describe_fact, selected_workloads};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceTargetPortUnknown);

struct ServiceTargetPortUnknown;

impl ProjectRule for ServiceTargetPortUnknown {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for s in project.k8s_objects.iter().filter(|f| f.kind == "Service") {
            // its findings point into its own file
            if !cx.wants(&s.path) {
                continue;
            }
            let Some(sel) = &s.selector else { continue };
            if sel.is_empty() {
                continue;
            }
            let pods: Vec<_> = selected_workloads(project, s, sel).collect();
            if pods.is_empty() {
                continue; // service-selects-no-pods says so
            }
            for (port, loc) in &s.target_ports {
                // numbers need not be declared; names must be
                if port.parse::<i64>().is_ok() {
                    continue;
                }
                let declared = pods.iter().any(|w| {
                    w.containers.iter().any(|c| {
                        c.ports
                            .iter()
                            .any(|(n, _)| n.as_deref() == Some(port.as_str()))
                    })
                });
                if declared {
                    continue;
                }
                let names: Vec<String> = pods.iter().map(|w| describe_fact(w)).collect();
                cx.report_at(
                    &s.path,
                    *loc,
                    format!(
                        "targetPort \"{port}\" of {} names no container port of the pods it selects ({})",
                        describe_fact(s),
                        names.join(", ")
                    ),
                )
                .help("use a `name` declared under the containers' `ports`, or the port number");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
