use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&MissingPermissions);

struct MissingPermissions;

impl WorkflowRule for MissingPermissions {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        if wf.permissions().is_some() {
            return;
        }
        for job in &wf.jobs {
            // a job calling a reusable workflow passes `permissions` the same way
            if job.permissions().is_some() {
                continue;
            }
            cx.report(
                job.key.span,
                format!(
                    "job `{}` runs with the repository's default token permissions: no `permissions:` on the job or the workflow",
                    job.id
                ),
            )
            .help("declare the least the job needs, e.g. `permissions: {contents: read}` at the top of the workflow");
        }
    }
}
