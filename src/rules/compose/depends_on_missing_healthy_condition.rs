use crate::rules::prelude::*;
use crate::rules::project::ComposeServiceFact;

pub static RULE: RuleImpl = RuleImpl::Project(&DependsOnMissingHealthyCondition);

struct DependsOnMissingHealthyCondition;

impl ProjectRule for DependsOnMissingHealthyCondition {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for svc in &project.compose_services {
            for dep in &svc.depends_on {
                let cond = dep.condition.as_deref();
                if matches!(
                    cond,
                    Some("service_healthy") | Some("service_completed_successfully")
                ) {
                    continue;
                }
                // the merged service may set the condition in the other file
                let merged: Vec<&ComposeServiceFact> = project.compose_merged(svc).collect();
                let set_elsewhere = merged.iter().any(|m| {
                    m.depends_on.iter().any(|d| {
                        d.target == dep.target
                            && matches!(
                                d.condition.as_deref(),
                                Some("service_healthy") | Some("service_completed_successfully")
                            )
                    })
                });
                if set_elsewhere {
                    continue;
                }
                // written in both base and override: report it once, in the base file
                let also_in_base = project.compose_is_override_of_base(svc)
                    && merged.iter().any(|m| {
                        m.path != svc.path && m.depends_on.iter().any(|d| d.target == dep.target)
                    });
                if also_in_base {
                    continue;
                }
                let targets: Vec<&ComposeServiceFact> =
                    project.compose_targets(svc, &dep.target).collect();
                if targets.is_empty()
                    || targets.iter().any(|t| t.one_shot)
                    || !project.compose_health_known(&targets)
                {
                    continue;
                }
                let loc = match (cond, dep.condition_loc) {
                    (Some(_), Some(l)) => l,
                    _ => dep.loc,
                };
                cx.report_at(
                    &svc.path,
                    loc,
                    format!(
                        "service \"{}\" depends on \"{}\", which has a healthcheck, but only waits for it to start",
                        svc.name, dep.target
                    ),
                )
                .help(format!(
                    "use the long form `depends_on: {{{}: {{condition: service_healthy}}}}` so the service starts once its dependency is ready",
                    dep.target
                ));
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
