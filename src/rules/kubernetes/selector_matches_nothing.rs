use super::objects::{
    defines_kind, defines_workloads, describe_fact, find_objects, selected_workloads,
};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&SelectorMatchesNothing);

struct SelectorMatchesNothing;

impl ProjectRule for SelectorMatchesNothing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for o in &project.k8s_objects {
            // its findings point into its own file
            if !cx.wants(&o.path) {
                continue;
            }
            match o.kind.as_str() {
                "HorizontalPodAutoscaler" => {
                    for r in &o.refs {
                        if !defines_kind(project, o, &r.kind) {
                            continue;
                        }
                        if find_objects(project, o, &r.kind, &r.name).is_empty() {
                            cx.report_at(
                                &o.path,
                                r.loc,
                                format!(
                                    "scaleTargetRef of {} names {} \"{}\", which is not defined in the checked files",
                                    describe_fact(o),
                                    r.kind,
                                    r.name
                                ),
                            )
                            .help("name the workload the autoscaler should scale (kind and name must match)");
                        }
                    }
                }
                "PodDisruptionBudget" | "NetworkPolicy" => {
                    let Some(sel) = &o.selector else { continue };
                    // an empty selector selects every pod of the namespace
                    if sel.is_empty() || !defines_workloads(project, o) {
                        continue;
                    }
                    if selected_workloads(project, o, sel).next().is_some() {
                        continue;
                    }
                    let labels: Vec<String> = sel
                        .match_labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .chain(sel.expressions.iter().map(|(k, op, _)| format!("{k} {op}")))
                        .collect();
                    cx.report_at(
                        &o.path,
                        sel.loc,
                        format!(
                            "selector of {} ({}) matches no pod template in the checked files",
                            describe_fact(o),
                            labels.join(", ")
                        ),
                    )
                    .help("make the selector match the pod template labels of the workload it is meant for");
                }
                _ => {}
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
