use std::collections::BTreeSet;

use crate::rules::prelude::*;
use crate::rules::project::ComposeRefKind;

pub static RULE: RuleImpl = RuleImpl::Project(&IncludeMissingFile);

struct IncludeMissingFile;

impl ProjectRule for IncludeMissingFile {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        if project.files_only {
            return;
        }
        let files: BTreeSet<&str> = project.files.iter().map(|f| f.rel.as_str()).collect();
        for r in &project.compose_refs {
            if r.kind != ComposeRefKind::Include {
                continue;
            }
            let (Some(file), Some(raw)) = (&r.file, &r.file_raw) else {
                continue;
            };
            if files.contains(file.as_str()) {
                continue;
            }
            cx.report_at(
                &r.path,
                r.loc,
                format!("`include` names `{raw}`, which does not exist"),
            )
            .help("fix the path (relative to this compose file) or remove the entry; compose refuses to start when an included file is missing");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
