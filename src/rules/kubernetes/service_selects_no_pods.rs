use super::objects::{defines_workloads, describe_fact, selected_workloads};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceSelectsNoPods);

struct ServiceSelectsNoPods;

impl ProjectRule for ServiceSelectsNoPods {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for s in project.k8s_objects.iter().filter(|f| f.kind == "Service") {
            // its findings point into its own file
            if !cx.wants(&s.path) {
                continue;
            }
            let Some(sel) = &s.selector else { continue };
            if sel.is_empty() || !defines_workloads(project, s) {
                continue;
            }
            if selected_workloads(project, s, sel).next().is_some() {
                continue;
            }
            let labels: Vec<String> = sel
                .match_labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            cx.report_at(
                &s.path,
                sel.loc,
                format!(
                    "selector of {} ({}) matches no pod template in the checked files",
                    describe_fact(s),
                    labels.join(", ")
                ),
            )
            .help("make the selector match the pod template labels of the workload it fronts (a typo here means no endpoints)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
