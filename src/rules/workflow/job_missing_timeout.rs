use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&JobMissingTimeout);

struct JobMissingTimeout;

impl WorkflowRule for JobMissingTimeout {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in &wf.jobs {
            // a job that calls a reusable workflow cannot set one; the callee's jobs do
            if job.uses().is_some() || job.timeout_minutes().is_some() {
                continue;
            }
            cx.report(
                job.key.span,
                format!(
                    "job `{}` has no `timeout-minutes`: a hung step holds the runner for 6 hours",
                    job.id
                ),
            )
            .help("set `timeout-minutes:` a little above the job's usual duration");
        }
    }
}
