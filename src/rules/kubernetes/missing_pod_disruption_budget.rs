use super::objects::{describe_fact, objects_of_kind, REPLICATED_KINDS};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingPodDisruptionBudget);

struct MissingPodDisruptionBudget;

impl ProjectRule for MissingPodDisruptionBudget {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for w in project
            .k8s_objects
            .iter()
            .filter(|f| REPLICATED_KINDS.contains(&f.kind.as_str()))
        {
            // its findings point into its own file
            if !cx.wants(&w.path) {
                continue;
            }
            let Some((n, loc)) = w.replicas else { continue };
            if n < 2 || w.pod_labels.is_empty() {
                continue;
            }
            let covered = objects_of_kind(project, "PodDisruptionBudget").any(|p| {
                p.same_namespace(w)
                    && p.selector
                        .as_ref()
                        .is_some_and(|s| !s.is_empty() && s.matches(&w.pod_labels))
            });
            if covered {
                continue;
            }
            cx.report_at(
                &w.path,
                loc,
                format!(
                    "no PodDisruptionBudget selects the {n} replicas of {}: a node drain may evict them all at once",
                    describe_fact(w)
                ),
            )
            .help("add a PodDisruptionBudget whose selector matches the pod labels, with `maxUnavailable: 1`");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
