use super::objects::{describe_fact, scaling_hpas, REPLICATED_KINDS};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&HpaReplicasConflict);

struct HpaReplicasConflict;

impl ProjectRule for HpaReplicasConflict {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for w in project
            .k8s_objects
            .iter()
            .filter(|f| REPLICATED_KINDS.contains(&f.kind.as_str()))
        {
            // its findings point into the object's file
            if !cx.wants(&w.path) {
                continue;
            }
            let Some((n, loc)) = w.replicas else { continue };
            let Some(hpa) = scaling_hpas(project, w, true).next() else {
                continue;
            };
            let hpa_loc = hpa
                .refs
                .iter()
                .find(|r| Some(&r.name) == w.name.as_ref())
                .map_or(hpa.anchor, |r| r.loc);
            let d = cx.report_at(
                &w.path,
                loc,
                format!(
                    "replicas {n} of {} fights {}: every apply resets the autoscaled count",
                    describe_fact(w),
                    describe_fact(hpa)
                ),
            );
            d.help("remove `spec.replicas` from a workload an autoscaler scales; set the floor with the autoscaler's `minReplicas`");
            d.label_at(Some(hpa.path.clone()), hpa_loc, "the autoscaler scaling it");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
