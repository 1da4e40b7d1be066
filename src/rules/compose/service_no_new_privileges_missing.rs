use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceNoNewPrivilegesMissing);

struct ServiceNoNewPrivilegesMissing;

impl ProjectRule for ServiceNoNewPrivilegesMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for (svc, merged) in project.compose_merged_services() {
            if merged.iter().any(|m| m.no_new_privileges) {
                continue;
            }
            cx.report_at(
                &svc.path,
                svc.name_loc,
                format!("service \"{}\" does not set `no-new-privileges`, so setuid binaries can raise its privileges", svc.name),
            )
            .help("add `security_opt: [\"no-new-privileges:true\"]`");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
