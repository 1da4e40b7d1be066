use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceReadOnlyMissing);

struct ServiceReadOnlyMissing;

impl ProjectRule for ServiceReadOnlyMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for (svc, merged) in project.compose_merged_services() {
            if merged.iter().any(|m| m.read_only) {
                continue;
            }
            cx.report_at(
                &svc.path,
                svc.name_loc,
                format!("service \"{}\" has a writable root file system", svc.name),
            )
            .help("set `read_only: true` and mount `tmpfs:` or volumes for the paths the service writes (`/tmp`, caches)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
