use std::collections::BTreeSet;

use crate::rules::prelude::*;
use crate::rules::project::ComposeRefKind;

pub static RULE: RuleImpl = RuleImpl::Project(&EnvFileMissing);

struct EnvFileMissing;

impl ProjectRule for EnvFileMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        if project.files_only {
            return; // only the given files were read: others may exist
        }
        let files: BTreeSet<&str> = project.files.iter().map(|f| f.rel.as_str()).collect();
        for r in &project.compose_refs {
            if r.kind != ComposeRefKind::EnvFile || r.optional {
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
                format!(
                    "service \"{}\" reads `env_file: {raw}`, which is not in the repository",
                    r.service.as_deref().unwrap_or("")
                ),
            )
            .help("commit the file (without secrets), fix the path, or mark it `required: false` in the long syntax; compose refuses to start when it is missing");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
