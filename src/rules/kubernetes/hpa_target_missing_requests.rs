use super::objects::{describe_fact, find_objects};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&HpaTargetMissingRequests);

struct HpaTargetMissingRequests;

impl ProjectRule for HpaTargetMissingRequests {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for hpa in project
            .k8s_objects
            .iter()
            .filter(|f| f.kind == "HorizontalPodAutoscaler")
        {
            // its findings point into its own file
            if !cx.wants(&hpa.path) {
                continue;
            }
            let Some(target_ref) = hpa.refs.first() else {
                continue;
            };
            let targets = find_objects(project, hpa, &target_ref.kind, &target_ref.name);
            let Some(target) = targets.first() else {
                continue; // selector-matches-nothing reports a missing target
            };
            for (resource, loc) in &hpa.utilization_metrics {
                let missing: Vec<&str> = target
                    .containers
                    .iter()
                    .filter(|c| !c.requests.iter().any(|r| r == resource))
                    .map(|c| c.name.as_deref().unwrap_or("?"))
                    .collect();
                let Some(first) = target
                    .containers
                    .iter()
                    .find(|c| !c.requests.iter().any(|r| r == resource))
                else {
                    continue;
                };
                let names: Vec<String> = missing.iter().map(|n| format!("\"{n}\"")).collect();
                let d = cx.report_at(
                    &hpa.path,
                    *loc,
                    format!(
                        "{resource} utilization target of {} cannot be computed: container {} of {} requests no {resource}",
                        describe_fact(hpa),
                        names.join(", "),
                        describe_fact(target)
                    ),
                );
                d.help(format!(
                    "set `resources.requests.{resource}` on every container of the target; utilization is usage divided by requests"
                ));
                d.label_at(
                    Some(target.path.clone()),
                    first.loc,
                    format!("no {resource} request"),
                );
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
