use std::collections::BTreeMap;

use crate::rules::prelude::*;
use crate::rules::project::{is_override_pair, ComposeRefKind};

pub static RULE: RuleImpl = RuleImpl::Project(&ExtendsUnknownTarget);

struct ExtendsUnknownTarget;

impl ProjectRule for ExtendsUnknownTarget {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // project-relative path → reported path
        let by_rel: BTreeMap<&str, &str> = project
            .files
            .iter()
            .map(|f| (f.rel.as_str(), f.path.as_str()))
            .collect();
        for r in &project.compose_refs {
            if r.kind != ComposeRefKind::Extends {
                continue;
            }
            let Some(target) = r.target_service.as_deref() else {
                continue;
            };
            let from = r.service.as_deref().unwrap_or("");
            // the file holding the base service, as reported
            let base_path = match (&r.file_raw, &r.file) {
                (None, _) => r.path.as_str(),
                (Some(_), None) => continue, // absolute or interpolated: cannot check
                (Some(raw), Some(rel)) => match by_rel.get(rel.as_str()) {
                    Some(p) => p,
                    None => {
                        if project.files_only {
                            continue;
                        }
                        cx.report_at(
                            &r.path,
                            r.file_loc.unwrap_or(r.loc),
                            format!(
                                "service \"{from}\" extends a service of `{raw}`, which does not exist"
                            ),
                        )
                        .help("fix the `file:` path (relative to this compose file)");
                        continue;
                    }
                },
            };
            let services: Vec<&str> = project
                .compose_services
                .iter()
                .filter(|s| {
                    s.path == base_path
                        || (r.file_raw.is_none()
                            && (is_override_pair(base_path, &s.path)
                                || is_override_pair(&s.path, base_path)))
                })
                .map(|s| s.name.as_str())
                .collect();
            if services.is_empty() && r.file_raw.is_some() {
                continue; // not read as a compose file: cannot check
            }
            if services.contains(&target) {
                continue;
            }
            let where_ = match &r.file_raw {
                Some(raw) => format!("`{raw}`"),
                None => "this file".to_string(),
            };
            cx.report_at(
                &r.path,
                r.loc,
                format!("service \"{from}\" extends \"{target}\", which {where_} does not define"),
            )
            .help("fix the service name in `extends` (compose refuses to start with an unknown base service)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
