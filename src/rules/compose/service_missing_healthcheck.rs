use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceMissingHealthcheck);

struct ServiceMissingHealthcheck;

/// `docker-compose.override.yml` / `compose.override.yaml` beside `path`, which compose
/// merges into the base file.
fn is_override_of(base: &str, other: &str) -> bool {
    let (bd, bf) = base.rsplit_once('/').unwrap_or(("", base));
    let (od, of) = other.rsplit_once('/').unwrap_or(("", other));
    bd == od && !bf.contains(".override.") && of.contains(".override.")
}

impl ProjectRule for ServiceMissingHealthcheck {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for svc in &project.compose_services {
            if svc.has_healthcheck {
                continue;
            }
            let in_override = project.compose_services.iter().any(|o| {
                o.name == svc.name && o.has_healthcheck && is_override_of(&svc.path, &o.path)
            });
            if in_override {
                continue;
            }
            let image_has_check = project
                .dockerfiles_for_service(svc)
                .iter()
                .any(|d| d.healthcheck == Some(true));
            if image_has_check {
                continue;
            }
            cx.report_at(&svc.path, svc.name_loc, format!("service \"{}\" has no healthcheck", svc.name))
                .help("add a `healthcheck:` with a `test` that exercises the service (e.g. `pg_isready`, `curl -f http://localhost/health`)");
        }
    }
}
