use super::sections::{find, ROLLBACK};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Markdown(&MigrationMissingRollback);

struct MigrationMissingRollback;

impl MarkdownRule for MigrationMissingRollback {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::Migration || find(doc, &ROLLBACK).is_some() {
            return;
        }
        cx.report(
            doc.title_span(&cx.file.text),
            "the migration guide has no rollback section",
        )
        .help("add a `## Rollback` section: how to return to the old platform or version, with the commands and the point of no return");
    }
}
