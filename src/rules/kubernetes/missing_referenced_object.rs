use super::objects::{defines_kind, describe_fact, find_objects};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingReferencedObject);

struct MissingReferencedObject;

impl ProjectRule for MissingReferencedObject {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for o in project.k8s_objects.iter().filter(|o| o.is_workload()) {
            // its findings point into its own file
            if !cx.wants(&o.path) {
                continue;
            }
            for r in &o.refs {
                if r.optional
                    || !matches!(
                        r.kind.as_str(),
                        "ServiceAccount" | "ConfigMap" | "Secret" | "PersistentVolumeClaim"
                    )
                    || (r.kind == "ServiceAccount" && r.name == "default")
                {
                    continue;
                }
                if !defines_kind(project, o, &r.kind) {
                    continue; // the repository manages none of these here: they live in the cluster
                }
                if !find_objects(project, o, &r.kind, &r.name).is_empty() {
                    continue;
                }
                cx.report_at(
                    &o.path,
                    r.loc,
                    format!(
                        "referenced {} \"{}\" of {} is not defined in the checked files (they define other {}s)",
                        r.kind,
                        r.name,
                        describe_fact(o),
                        r.kind
                    ),
                )
                .help(format!("define the {} (or fix the name); pods referencing a missing one do not start", r.kind));
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
