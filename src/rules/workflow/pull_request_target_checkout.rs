use crate::rules::prelude::*;
use crate::syntax::workflow::expressions;

pub static RULE: RuleImpl = RuleImpl::Workflow(&PullRequestTargetCheckout);

struct PullRequestTargetCheckout;

/// An expression or ref that names the pull request's own code.
fn is_pr_head(s: &str) -> bool {
    let s = s.replace(' ', "");
    s.contains("github.event.pull_request.head.sha")
        || s.contains("github.event.pull_request.head.ref")
        || s.contains("github.event.pull_request.merge_commit_sha")
        || s.contains("github.head_ref")
        || s.contains("github.event.number")
        || s.contains("github.event.pull_request.number")
        || s.starts_with("refs/pull/")
}

impl WorkflowRule for PullRequestTargetCheckout {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        if !wf.has_trigger("pull_request_target") {
            return;
        }
        let text = cx.file.text.as_str();
        for step in wf.jobs.iter().flat_map(|j| &j.steps) {
            if step.action_name() != Some("actions/checkout") {
                continue;
            }
            let Some(r) = step.with().and_then(|w| w.get("ref")) else {
                continue;
            };
            let Some(value) = r.as_str() else { continue };
            let hit = expressions(value)
                .into_iter()
                .find(|e| is_pr_head(&value[e.clone()]))
                .or_else(|| is_pr_head(value).then_some(0..value.len()));
            if let Some(range) = hit {
                let span = r.located_sub_span(text, range).unwrap_or(r.span);
                cx.report(
                    span,
                    "`pull_request_target` checks out the pull request's code and runs it with the base repository's secrets and write token",
                )
                .help("use `pull_request` to build untrusted code, or split into a `pull_request` build and a `workflow_run` job that only handles its artifacts");
            }
        }
    }
}
