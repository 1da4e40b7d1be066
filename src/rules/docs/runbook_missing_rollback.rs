use super::sections::{check_runbook_section, ROLLBACK};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&RunbookMissingRollback);

struct RunbookMissingRollback;

impl MarkdownRule for RunbookMissingRollback {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        let Some(i) = check_runbook_section(doc, role, cx, &ROLLBACK) else {
            return;
        };
        // the procedure must be concrete: commands in a code block (fenced or indented)
        let body = doc.section(i);
        if !doc.has_code_in(body) {
            cx.report(
                doc.headings[i].span,
                "the rollback section has no commands (no code block)",
            )
            .help("add the exact commands in a fenced code block, e.g. `kubectl rollout undo deployment/<name>` or the previous image tag to redeploy");
        }
    }
}
