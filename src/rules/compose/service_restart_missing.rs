use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&ServiceRestartMissing);

struct ServiceRestartMissing;

impl ProjectRule for ServiceRestartMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for (svc, merged) in project.compose_merged_services() {
            if merged.iter().any(|m| m.restart_policy || m.one_shot) {
                continue;
            }
            cx.report_at(
                &svc.path,
                svc.name_loc,
                format!(
                    "service \"{}\" has no restart policy, so it stays down after a crash or a host reboot",
                    svc.name
                ),
            )
            .help("set `restart: unless-stopped` (or `deploy.restart_policy` for swarm)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
