use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&ActionOnBranch);

struct ActionOnBranch;

/// Refs that name a branch by convention: whatever is pushed there runs next.
pub fn is_branch_ref(git_ref: &str) -> bool {
    matches!(
        git_ref,
        "main" | "master" | "develop" | "dev" | "trunk" | "HEAD" | "latest" | "nightly"
    ) || git_ref.starts_with("refs/heads/")
}

impl WorkflowRule for ActionOnBranch {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in &wf.jobs {
            let uses = job
                .uses()
                .into_iter()
                .chain(job.steps.iter().filter_map(Step::uses));
            for node in uses {
                let Some(value) = node.as_str() else { continue };
                if let ActionRef::Remote {
                    name,
                    git_ref,
                    ref_offset,
                } = ActionRef::parse(value)
                {
                    if is_branch_ref(git_ref) {
                        let span =
                            node.value_sub_span(cx.file.text.as_str(), ref_offset..value.len());
                        cx.report(
                            span,
                            format!("`{name}` runs whatever is on its `{git_ref}` branch"),
                        )
                        .help("pin the full 40-character commit SHA of a release: `uses: owner/action@<sha> # v1.2.3`");
                    }
                }
            }
        }
    }
}
