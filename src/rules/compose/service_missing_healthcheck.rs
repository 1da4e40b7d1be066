use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceMissingHealthcheck);

struct ServiceMissingHealthcheck;

impl ProjectRule for ServiceMissingHealthcheck {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for svc in &project.compose_services {
            // base and override merge: either file may hold the healthcheck
            let merged: Vec<_> = project.compose_merged(svc).collect();
            if merged.iter().any(|m| m.has_healthcheck || m.one_shot) {
                continue;
            }
            // a service in both files is reported once, in the base file
            if project.compose_is_override_of_base(svc) {
                continue;
            }
            let image_has_check = merged.iter().any(|m| {
                project
                    .dockerfiles_for_service(m)
                    .iter()
                    .any(|d| d.healthcheck == Some(true))
            });
            if image_has_check {
                continue;
            }
            cx.report_at(&svc.path, svc.name_loc, format!("service \"{}\" has no healthcheck", svc.name))
                .help("add a `healthcheck:` with a `test` that exercises the service (e.g. `pg_isready`, `curl -f http://localhost/health`)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
