use super::sections::{and_list, has_phrase};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&DrBackupIncomplete);

struct DrBackupIncomplete;

const WHAT: &[&str] = &[
    "backup",
    "backups",
    "backed up",
    "back up",
    "snapshot",
    "snapshots",
    "replica",
    "dump",
];
const FREQUENCY: &[&str] = &[
    "hourly",
    "daily",
    "nightly",
    "weekly",
    "monthly",
    "every",
    "cron",
    "frequency",
    "continuous",
    "continuously",
    "per hour",
    "per day",
    "schedule",
    "scheduled",
];
const RETENTION: &[&str] = &[
    "retention",
    "retain",
    "retained",
    "kept for",
    "keep for",
    "kept",
    "deleted after",
    "expire",
    "expires",
    "lifecycle",
];

impl MarkdownRule for DrBackupIncomplete {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::DisasterRecovery {
            return;
        }
        let lower = cx.file.text.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| has_phrase(&lower, w));
        let mut missing = Vec::new();
        if !has(WHAT) {
            missing.push("what is backed up");
        }
        if !has(FREQUENCY) {
            missing.push("how often");
        }
        if !has(RETENTION) {
            missing.push("the retention");
        }
        if missing.is_empty() {
            return;
        }
        // at the backup section's heading, else the title
        let span = doc
            .headings
            .iter()
            .find(|h| {
                let t = h.text.to_lowercase();
                t.contains("backup") || t.contains("back up") || t.contains("snapshot")
            })
            .map_or_else(|| doc.title_span(&cx.file.text), |h| h.span);
        cx.report(
            span,
            format!("the disaster-recovery plan does not say {}", and_list(&missing)),
        )
        .help("list each backed-up store (databases, object storage, model artifacts, audit logs) with its backup frequency and retention");
    }
}
