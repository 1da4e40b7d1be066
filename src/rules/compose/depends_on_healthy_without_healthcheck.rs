use crate::rules::prelude::*;
use crate::rules::project::ComposeServiceFact;

pub static RULE: RuleImpl = RuleImpl::Project(&DependsOnHealthyWithoutHealthcheck);

struct DependsOnHealthyWithoutHealthcheck;

impl ProjectRule for DependsOnHealthyWithoutHealthcheck {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for svc in &project.compose_services {
            for dep in &svc.depends_on {
                if dep.condition.as_deref() != Some("service_healthy") {
                    continue;
                }
                let targets: Vec<&ComposeServiceFact> =
                    project.compose_targets(svc, &dep.target).collect();
                if targets.is_empty() || project.compose_health_known(&targets) {
                    continue;
                }
                let disabled = targets.iter().any(|t| t.healthcheck_disabled);
                let why = if disabled {
                    "disables its healthcheck"
                } else {
                    "has no healthcheck"
                };
                let loc = dep.condition_loc.unwrap_or(dep.loc);
                cx.report_at(
                    &svc.path,
                    loc,
                    format!(
                        "service \"{}\" waits for \"{}\" to be healthy, but \"{}\" {why}",
                        svc.name, dep.target, dep.target
                    ),
                )
                .help(format!(
                    "add a `healthcheck:` to \"{}\" (compose refuses to start a dependency that cannot become healthy)",
                    dep.target
                ));
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
