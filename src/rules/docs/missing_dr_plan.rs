use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingDrPlan);

struct MissingDrPlan;

impl ProjectRule for MissingDrPlan {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        if project.files_only
            || !project.has_deployables()
            || project
                .docs
                .iter()
                .any(|d| d.role == DocRole::DisasterRecovery)
        {
            return;
        }
        cx.report_repo("the repository deploys services but has no disaster-recovery plan")
            .help("add docs/disaster-recovery.md with RPO and RTO, what is backed up, how often, retention, and tested restore steps; `[docs] dr` in shipgate.toml sets where it is looked for");
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}
