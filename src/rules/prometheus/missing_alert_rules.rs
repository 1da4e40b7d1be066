use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingAlertRules);

struct MissingAlertRules;

impl ProjectRule for MissingAlertRules {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // repository-level: only when a whole repository (a directory) is checked
        if project.files_only || !project.has_deployables() {
            return;
        }
        if !project.prometheus.alerts.is_empty() {
            return;
        }
        let what = match (project.workloads.len(), project.compose_services.len()) {
            (w, 0) => format!("{w} Kubernetes workload(s)"),
            (0, s) => format!("{s} compose service(s)"),
            (w, s) => format!("{w} Kubernetes workload(s) and {s} compose service(s)"),
        };
        cx.report_repo(format!(
            "the repository deploys {what} but defines no alerting rule: nobody is paged when they fail"
        ))
        .help("add Prometheus alerting rules (a rule file with `groups:` or a PrometheusRule object) for the services' error rate, latency and saturation");
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}
