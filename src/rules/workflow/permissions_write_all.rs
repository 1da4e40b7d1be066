use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&PermissionsWriteAll);

struct PermissionsWriteAll;

impl WorkflowRule for PermissionsWriteAll {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let all = wf
            .permissions()
            .map(|e| ("the workflow".to_string(), e))
            .into_iter()
            .chain(
                wf.jobs
                    .iter()
                    .filter_map(|j| j.permissions().map(|e| (format!("job `{}`", j.id), e))),
            );
        for (who, entry) in all {
            if entry.value.as_str() == Some("write-all") {
                cx.report(
                    entry.value.span,
                    format!("{who} grants the token `write-all` permissions"),
                )
                .help("grant only the scopes needed, e.g. `permissions: {contents: read, packages: write}`");
            }
        }
    }
}
