use super::sections::has_phrase;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&DrRestoreStepsMissing);

struct DrRestoreStepsMissing;

const HEADINGS: &[&str] = &[
    "restore",
    "restoring",
    "restoration",
    "recovery",
    "recover",
    "recovering",
    "failover",
    "fail over",
];

impl MarkdownRule for DrRestoreStepsMissing {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::DisasterRecovery {
            return;
        }
        let sections: Vec<usize> = doc
            .headings
            .iter()
            .enumerate()
            .skip(1) // the title names the document, not a section
            .filter(|(_, h)| {
                let t = h.text.to_lowercase();
                HEADINGS.iter().any(|w| has_phrase(&t, w))
            })
            .map(|(i, _)| i)
            .collect();
        if sections.is_empty() {
            cx.report(
                doc.title_span(&cx.file.text),
                "the disaster-recovery plan has no restore procedure section",
            )
            .help("add a `## Restore procedure` section with numbered steps or the exact commands");
            return;
        }
        let has_steps = sections.iter().any(|&i| {
            let body = doc.section(i);
            doc.has_ordered_list_in(body) || doc.has_code_in(body)
        });
        if !has_steps {
            cx.report(
                doc.headings[sections[0]].span,
                "the restore procedure has no numbered steps or commands",
            )
            .help("write the restore as a numbered list of steps or a code block with the exact commands");
        }
    }
}
