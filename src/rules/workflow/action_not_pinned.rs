use crate::rules::prelude::*;
use crate::syntax::workflow::is_full_sha;

use super::action_on_branch::is_branch_ref;

pub static RULE: RuleImpl = RuleImpl::Workflow(&ActionNotPinned);

struct ActionNotPinned;

impl WorkflowRule for ActionNotPinned {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in &wf.jobs {
            let uses = job
                .uses()
                .into_iter()
                .chain(job.steps.iter().filter_map(Step::uses));
            for node in uses {
                let Some(value) = node.as_str() else { continue };
                // `uses: ${{ matrix.action }}` is decided at run time: nothing to read
                if value.contains("${{") {
                    continue;
                }
                match ActionRef::parse(value) {
                    ActionRef::Remote {
                        name,
                        git_ref,
                        ref_offset,
                    } => {
                        // a branch is GHA002's finding; an empty ref is invalid
                        if is_full_sha(git_ref) || is_branch_ref(git_ref) || git_ref.is_empty() {
                            continue;
                        }
                        let span =
                            node.value_sub_span(cx.file.text.as_str(), ref_offset..value.len());
                        cx.report(
                            span,
                            format!("`{name}` is pinned to `{git_ref}`, a movable tag, not a commit SHA"),
                        )
                        .help("pin the full 40-character commit SHA and keep the tag in a comment: `uses: owner/action@<sha> # v1.2.3`");
                    }
                    ActionRef::Unversioned { name } => {
                        cx.report(node.span, format!("`{name}` has no `@ref`: it is not pinned at all"))
                            .help("pin the full 40-character commit SHA: `uses: owner/action@<sha> # v1.2.3`");
                    }
                    ActionRef::Local | ActionRef::Docker { .. } => {}
                }
            }
        }
    }
}
