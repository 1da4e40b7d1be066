use super::sections::{check_runbook_section, OVERVIEW};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&RunbookMissingOverview);

struct RunbookMissingOverview;

impl MarkdownRule for RunbookMissingOverview {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        check_runbook_section(doc, role, cx, &OVERVIEW);
    }
}
