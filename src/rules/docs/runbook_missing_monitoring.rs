use super::sections::{check_runbook_section, MONITORING};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&RunbookMissingMonitoring);

struct RunbookMissingMonitoring;

impl MarkdownRule for RunbookMissingMonitoring {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        check_runbook_section(doc, role, cx, &MONITORING);
    }
}
