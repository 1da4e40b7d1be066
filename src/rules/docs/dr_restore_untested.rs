use std::sync::LazyLock;

use regex::Regex;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&DrRestoreUntested);

struct DrRestoreUntested;

/// "restores are tested quarterly", "DR drill", "we verify the backup by restoring"…
static TESTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(restor\w*|recover\w*|backups?|dr)\b[^.\n]{0,80}\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b|\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b[^.\n]{0,80}\b(restor\w*|recover\w*|backups?)\b")
        .expect("valid regex")
});

impl MarkdownRule for DrRestoreUntested {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::DisasterRecovery || TESTED.is_match(&cx.file.text) {
            return;
        }
        cx.report(
            doc.title_span(&cx.file.text),
            "the disaster-recovery plan does not say that restores are tested",
        )
        .help("state how and how often a restore is rehearsed (e.g. `Restores are tested quarterly in staging; last test: 2026-10-02`)");
    }
}
