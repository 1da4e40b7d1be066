use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceMissingLimits);

struct ServiceMissingLimits;

impl ProjectRule for ServiceMissingLimits {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // base and override merge: either file may set the limits
        for (svc, merged) in project.compose_merged_services() {
            if merged.iter().any(|m| m.has_limits) {
                continue;
            }
            cx.report_at(
                &svc.path,
                svc.limits_loc.unwrap_or(svc.name_loc),
                format!("service \"{}\" has no memory or CPU limit", svc.name),
            )
            .help("set `deploy.resources.limits.memory` and `cpus` (or `mem_limit`/`cpus`) so one service cannot starve the host");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
