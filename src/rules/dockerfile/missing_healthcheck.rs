use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingHealthcheck);

struct MissingHealthcheck;

impl ProjectRule for MissingHealthcheck {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for df in &project.dockerfiles {
            // only service images (the final stage exposes a port); HEALTHCHECK NONE is deliberate
            if !df.exposes || df.healthcheck.is_some() {
                continue;
            }
            if project.orchestrator_checks(df) {
                continue;
            }
            cx.report_at(&df.path, df.final_from, "service image has no HEALTHCHECK and no orchestrator health check covers it")
                .help("add `HEALTHCHECK CMD …` to the final stage, or a compose `healthcheck`/Kubernetes probes for the service that runs this image");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::DOCKERFILE
    }
}
