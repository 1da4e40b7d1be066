use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingRunbook);

struct MissingRunbook;

impl ProjectRule for MissingRunbook {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // repository-level: only when a whole repository (a directory) is checked
        if project.files_only || !project.has_deployables() || !project.runbooks.is_empty() {
            return;
        }
        let what = match (project.workloads.len(), project.compose_services.len()) {
            (w, 0) => format!("{w} Kubernetes workload(s)"),
            (0, s) => format!("{s} compose service(s)"),
            (w, s) => format!("{w} Kubernetes workload(s) and {s} compose service(s)"),
        };
        cx.report_repo(format!("the repository deploys {what} but has no runbook"))
            .help("add RUNBOOK.md (or docs/runbook.md) with service overview, monitoring, common issues, rollback and escalation sections; `[docs] runbook` in shipgate.toml sets where it is looked for");
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}
