use super::objects::{describe_fact, nearby, selected_workloads};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServicePodMissingReadinessProbe);

struct ServicePodMissingReadinessProbe;

impl ProjectRule for ServicePodMissingReadinessProbe {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let mut reported: Vec<(&str, u32, u32)> = Vec::new();
        for s in project.k8s_objects.iter().filter(|f| f.kind == "Service") {
            let Some(sel) = &s.selector else { continue };
            if sel.is_empty() {
                continue;
            }
            for w in selected_workloads(project, s, sel) {
                if matches!(w.kind.as_str(), "Job" | "CronJob") || !nearby(&w.path, &s.path) {
                    continue;
                }
                for c in w.containers.iter().filter(|c| !c.has_readiness) {
                    let key = (w.path.as_str(), c.loc.start.line, c.loc.start.column);
                    if reported.contains(&key) {
                        continue; // selected by several Services: once is enough
                    }
                    reported.push(key);
                    let name = c.name.as_deref().unwrap_or("");
                    let d = cx.report_at(
                        &w.path,
                        c.loc,
                        format!(
                            "{} sends traffic to container \"{name}\" of {}, which has no readiness probe",
                            describe_fact(s).replacen("Service", "service", 1),
                            describe_fact(w)
                        ),
                    );
                    d.help("add a `readinessProbe`: without one, the Service routes requests to pods that are starting, overloaded or shutting down");
                    d.label_at(Some(s.path.clone()), sel.loc, "the Service selecting it");
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
