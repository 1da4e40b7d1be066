use globset::Glob;

use crate::rules::prelude::*;
use crate::rules::project::{join, normalize};

pub static RULE: RuleImpl = RuleImpl::Project(&RuleFilesMissing);

struct RuleFilesMissing;

impl ProjectRule for RuleFilesMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // the other files are not known when only some files are checked
        if project.files_only {
            return;
        }
        for cfg in &project.prometheus.configs {
            for (pattern, loc) in &cfg.rule_files {
                // absolute paths name the server's filesystem, not the repository
                if pattern.starts_with('/') || pattern.contains("${") {
                    continue;
                }
                let want = normalize(&join(&cfg.dir, pattern));
                let is_glob = pattern.contains(['*', '?', '[', '{']);
                let found = if is_glob {
                    match Glob::new(&want) {
                        Ok(g) => {
                            let m = g.compile_matcher();
                            project.files.iter().any(|f| m.is_match(&f.rel))
                        }
                        Err(_) => true,
                    }
                } else {
                    project.files.iter().any(|f| f.rel == want)
                };
                if found {
                    continue;
                }
                let what = if is_glob {
                    format!("`rule_files` pattern `{pattern}` matches no file in the repository")
                } else {
                    format!("`rule_files` entry `{pattern}` does not exist in the repository")
                };
                cx.report_at(&cfg.path, *loc, what)
                    .help("paths in `rule_files` are relative to the configuration file; fix the path or add the rule file");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::PROMETHEUS
    }
}
