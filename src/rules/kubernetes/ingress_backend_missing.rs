use super::objects::{defines_kind, describe_fact, find_objects};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&IngressBackendMissing);

struct IngressBackendMissing;

impl ProjectRule for IngressBackendMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for ing in project.k8s_objects.iter().filter(|f| f.kind == "Ingress") {
            // its findings point into its own file
            if !cx.wants(&ing.path) {
                continue;
            }
            if !defines_kind(project, ing, "Service") {
                continue; // the Services may live in the cluster
            }
            for r in ing.refs.iter().filter(|r| r.kind == "Service") {
                let svcs = find_objects(project, ing, "Service", &r.name);
                let Some(svc) = svcs.first() else {
                    cx.report_at(
                        &ing.path,
                        r.loc,
                        format!(
                            "backend Service \"{}\" of {} is not defined in the checked files",
                            r.name,
                            describe_fact(ing)
                        ),
                    )
                    .help("name a Service defined next to the Ingress (same namespace), or fix the typo");
                    continue;
                };
                let Some((port, port_loc)) = &r.port else {
                    continue;
                };
                let found =
                    svc.service_ports
                        .iter()
                        .any(|(name, number)| match port.parse::<i64>() {
                            Ok(n) => *number == Some(n),
                            Err(_) => name.as_deref() == Some(port.as_str()),
                        });
                if !found {
                    cx.report_at(
                        &ing.path,
                        *port_loc,
                        format!(
                            "no port {port} on {}: the backend of {} cannot route",
                            describe_fact(svc),
                            describe_fact(ing)
                        ),
                    )
                    .help("use a `port` number or name the Service declares");
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
