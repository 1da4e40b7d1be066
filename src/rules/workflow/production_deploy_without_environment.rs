use crate::rules::prelude::*;

use super::{is_ship_job, job_words};

pub static RULE: RuleImpl = RuleImpl::Workflow(&ProductionDeployWithoutEnvironment);

struct ProductionDeployWithoutEnvironment;

/// Words that mark a deploy as not production (a preview or test environment).
const NON_PRODUCTION: &[&str] = &[
    "preview",
    "staging",
    "stage",
    "dev",
    "development",
    "pr",
    "test",
    "review",
    "qa",
    "sandbox",
    "ephemeral",
    "nightly",
    "draft",
    "cleanup",
    "tests",
];

impl WorkflowRule for ProductionDeployWithoutEnvironment {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in wf.jobs.iter().filter(|j| is_ship_job(j)) {
            if job.environment().is_some() {
                continue;
            }
            let words = job_words(job);
            if words.iter().any(|w| NON_PRODUCTION.contains(&w.as_str())) {
                continue;
            }
            cx.report(
                job.key.span,
                format!(
                    "job `{}` deploys without `environment:`: no required reviewers, wait timer or branch rule guards it",
                    job.id
                ),
            )
            .help("add `environment: production` and configure its protection rules (required reviewers, allowed branches) in the repository settings");
        }
    }
}
