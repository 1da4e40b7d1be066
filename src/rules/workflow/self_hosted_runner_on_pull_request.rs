use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&SelfHostedRunnerOnPullRequest);

struct SelfHostedRunnerOnPullRequest;

impl WorkflowRule for SelfHostedRunnerOnPullRequest {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(event) = ["pull_request", "pull_request_target"]
            .into_iter()
            .find(|t| wf.has_trigger(t))
        else {
            return;
        };
        for job in &wf.jobs {
            for label in job.runner_labels() {
                if label.as_str() == Some("self-hosted") {
                    cx.report(
                        label.span,
                        format!(
                            "job `{}` runs on a self-hosted runner on `{event}`: code from a fork's pull request runs on your machine",
                            job.id
                        ),
                    )
                    .help("run pull request jobs on GitHub-hosted runners, or use ephemeral, isolated self-hosted runners and require approval for fork workflows");
                }
            }
        }
    }
}
