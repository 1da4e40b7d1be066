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
            let known = project.compose_names_beside(&svc.path);
            for dep in &svc.depends_on {
                if dep.target.contains('$') || known.contains(&dep.target.as_str()) {
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
}
