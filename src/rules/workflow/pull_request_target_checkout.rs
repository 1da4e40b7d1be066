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
            if let Some(run) = step.run() {
                check_script(run, cx);
            }
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

/// The command of a script line that fetches or checks out the pull request's code:
/// `gh pr checkout`, `git fetch … pull/…`, or `git checkout`/`git switch` of a head
/// expression. Returns its byte range within the line.
fn pr_checkout_command(line: &str) -> Option<std::ops::Range<usize>> {
    let cmd_start = line.len() - line.trim_start().len();
    let cmd = line.trim();
    let is_checkout = cmd.starts_with("gh pr checkout")
        || (cmd.starts_with("git fetch") && cmd.contains("pull/"))
        || ((cmd.starts_with("git checkout") || cmd.starts_with("git switch"))
            && expressions(cmd).iter().any(|e| is_pr_head(&cmd[e.clone()])));
    is_checkout.then(|| cmd_start..cmd_start + cmd.len())
}

fn check_script(run: &Node<'_>, cx: &mut FileCtx<'_>) {
    let Some(script) = run.as_str() else { return };
    let text = cx.file.text.as_str();
    let mut line_start = 0;
    for line in script.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let Some(r) = pr_checkout_command(line) else {
            continue;
        };
        let span = run
            .located_sub_span(text, start + r.start..start + r.end)
            .unwrap_or(run.span);
        cx.report(
            span,
            "`pull_request_target` fetches the pull request's code and runs it with the base repository's secrets and write token",
        )
        .help("use `pull_request` to build untrusted code, or split into a `pull_request` build and a `workflow_run` job that only handles its artifacts");
    }
}
