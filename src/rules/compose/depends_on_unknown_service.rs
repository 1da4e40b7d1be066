use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&DependsOnUnknownService);

struct DependsOnUnknownService;

impl ProjectRule for DependsOnUnknownService {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for svc in &project.compose_services {
            // a changed override file checked alone: its base was not read
            let lone_override = project.files_only && svc.path.contains(".override.");
            if svc.depends_on.is_empty() || lone_override {
                continue;
            }
            for dep in &svc.depends_on {
                if dep.target.contains('$')
                    || project.compose_defines_beside(&svc.path, &dep.target)
                {
                    continue;
                }
                cx.report_at(
                    &svc.path,
                    dep.loc,
                    format!(
                        "service \"{}\" depends on \"{}\", which no compose file here defines",
                        svc.name, dep.target
                    ),
                )
                .help("fix the service name, or define the service (compose refuses to start with an undefined dependency)");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
