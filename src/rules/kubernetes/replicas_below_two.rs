use super::objects::{describe_fact, has_kustomizations, scaling_hpas, REPLICATED_KINDS};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ReplicasBelowTwo);

struct ReplicasBelowTwo;

impl ProjectRule for ReplicasBelowTwo {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let kustomized = has_kustomizations(project);
        for f in project
            .k8s_objects
            .iter()
            .filter(|f| REPLICATED_KINDS.contains(&f.kind.as_str()))
        {
            // its findings point into the object's file
            if !cx.wants(&f.path) {
                continue;
            }
            if scaling_hpas(project, f, false).next().is_some() {
                continue; // the autoscaler decides (hpa-min-replicas-below-two checks it)
            }
            match f.replicas {
                Some((0, _)) => {} // scaled to zero on purpose
                Some((n, loc)) if n < 2 => {
                    cx.report_at(
                        &f.path,
                        loc,
                        format!("only 1 replica of {}", describe_fact(f)),
                    )
                    .help("run at least 2 replicas (and spread them) so one pod or node failure is not an outage");
                }
                Some(_) => {}
                None if kustomized => {} // an overlay may set replicas
                None => {
                    let Some(spec) = f.spec_key else { continue };
                    cx.report_at(
                        &f.path,
                        spec,
                        format!(
                            "no replicas set and no autoscaler: {} runs 1 replica (the default)",
                            describe_fact(f)
                        ),
                    )
                    .help("set `spec.replicas: 2` or more, or scale it with a HorizontalPodAutoscaler");
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
