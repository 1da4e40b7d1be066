use super::sections::{and_list, check_runbook_section, COMMON_ISSUES};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&RunbookMissingCommonIssues);

struct RunbookMissingCommonIssues;

const SYMPTOM: &[&str] = &[
    "symptom",
    "signs",
    "you will see",
    "you see",
    "indicator",
    "alert",
    "error",
];
const FIX: &[&str] = &[
    "fix",
    "resolution",
    "resolve",
    "remediation",
    "mitigation",
    "mitigate",
    "solution",
    "workaround",
    "action",
    "restart",
    "recover",
];

impl MarkdownRule for RunbookMissingCommonIssues {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        let Some(i) = check_runbook_section(doc, role, cx, &COMMON_ISSUES) else {
            return;
        };
        // each issue (a subheading, or the section itself when it has none) states the
        // symptom, how to check (a command), and the fix
        let mut issues: Vec<usize> = doc.subheadings(i).collect();
        if issues.is_empty() {
            issues.push(i);
        }
        let text = cx.file.text.clone();
        for j in issues {
            let h = &doc.headings[j];
            let body = doc.section(j);
            let section = text
                .get(h.span.start..body.end)
                .unwrap_or_default()
                .to_lowercase();
            let mut missing = Vec::new();
            if !SYMPTOM.iter().any(|w| section.contains(w)) {
                missing.push("the symptom");
            }
            if !doc.has_code_in(body) && !doc.has_inline_code_in(body) {
                missing.push("a command to check it");
            }
            if !FIX.iter().any(|w| section.contains(w)) {
                missing.push("the fix");
            }
            if !missing.is_empty() {
                cx.report(
                    h.span,
                    format!("the issue `{}` does not give {}", h.text, and_list(&missing)),
                )
                .help("describe each issue as: symptom (what on-call sees), check (a command in backticks or a code block), fix (the steps that resolve it)");
            }
        }
    }
}
