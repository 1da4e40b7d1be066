use crate::rules::prelude::*;

use super::{is_ship_job, job_text, stages_of};

pub static RULE: RuleImpl = RuleImpl::Workflow(&DeployJobWithoutNeeds);

struct DeployJobWithoutNeeds;

impl WorkflowRule for DeployJobWithoutNeeds {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in wf.jobs.iter().filter(|j| is_ship_job(j)) {
            if !job.needs().is_empty() {
                continue;
            }
            // the jobs of this workflow it runs in parallel with and should wait for
            let gates: Vec<&str> = wf
                .jobs
                .iter()
                .filter(|o| o.id != job.id && !is_ship_job(o))
                .filter(|o| {
                    let (_, tests, builds) = stages_of(&job_text(o));
                    tests || builds
                })
                .map(|o| o.id)
                .collect();
            if gates.is_empty() {
                continue;
            }
            cx.report(
                job.key.span,
                format!(
                    "job `{}` ships without `needs:`: it runs in parallel with `{}` and does not wait for it to pass",
                    job.id,
                    gates.join("`, `")
                ),
            )
            .help(format!("add `needs: [{}]` so a failing test or build stops the release", gates.join(", ")));
        }
    }
}
