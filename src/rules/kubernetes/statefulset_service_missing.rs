use super::objects::{defines_kind, describe_fact, find_objects};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&StatefulsetServiceMissing);

struct StatefulsetServiceMissing;

impl ProjectRule for StatefulsetServiceMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for sts in project
            .k8s_objects
            .iter()
            .filter(|f| f.kind == "StatefulSet")
        {
            // its findings point into its own file
            if !cx.wants(&sts.path) {
                continue;
            }
            let Some(r) = sts.refs.iter().find(|r| r.kind == "Service") else {
                continue;
            };
            let svcs = find_objects(project, sts, "Service", &r.name);
            if svcs.is_empty() {
                if !defines_kind(project, sts, "Service") {
                    continue; // the Services live elsewhere
                }
                cx.report_at(
                    &sts.path,
                    r.loc,
                    format!(
                        "serviceName \"{}\" of {} names no Service in the checked files: its pods get no stable DNS names",
                        r.name,
                        describe_fact(sts)
                    ),
                )
                .help("define a headless Service (`clusterIP: None`) with that name selecting the pods");
                continue;
            }
            if svcs.iter().any(|s| s.headless) {
                continue;
            }
            let d = cx.report_at(
                &sts.path,
                r.loc,
                format!(
                    "serviceName \"{}\" of {} names a Service that is not headless: its pods get no stable DNS names",
                    r.name,
                    describe_fact(sts)
                ),
            );
            d.help("set `clusterIP: None` on the governing Service (add a second, regular Service for load-balanced access)");
            d.label_at(
                Some(svcs[0].path.clone()),
                svcs[0].anchor,
                "the Service, without `clusterIP: None`",
            );
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
