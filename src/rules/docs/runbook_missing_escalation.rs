use super::sections::{check_runbook_section, ESCALATION};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&RunbookMissingEscalation);

struct RunbookMissingEscalation;

impl MarkdownRule for RunbookMissingEscalation {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        check_runbook_section(doc, role, cx, &ESCALATION);
    }
}
