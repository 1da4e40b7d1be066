use std::collections::{BTreeMap, BTreeSet};

use crate::rules::prelude::*;
use crate::rules::project::ComposeVarFact;
use crate::rules::secrets::common::is_env_template;

pub static RULE: RuleImpl = RuleImpl::Project(&EnvExampleMissingVar);

struct EnvExampleMissingVar;

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `dir` is `base` or below it (display paths).
fn within(dir: &str, base: &str) -> bool {
    base.is_empty() || base == "." || dir == base || dir.starts_with(&format!("{base}/"))
}

impl ProjectRule for EnvExampleMissingVar {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let mut by_file: BTreeMap<&str, Vec<&ComposeVarFact>> = BTreeMap::new();
        for v in &project.compose_vars {
            by_file.entry(v.path.as_str()).or_default().push(v);
        }
        for (path, vars) in by_file {
            let dir = dir_of(path);
            // templates in the compose file's directory or above it, nearest first
            let mut templates: Vec<&crate::rules::project::EnvFileFact> = project
                .env_files
                .iter()
                .filter(|e| is_env_template(file_name(&e.path)) && within(dir, dir_of(&e.path)))
                .collect();
            templates.sort_by_key(|e| std::cmp::Reverse(dir_of(&e.path).len()));
            // a real `.env` beside the compose file defines what it sets
            let beside: Vec<&crate::rules::project::EnvFileFact> = project
                .env_files
                .iter()
                .filter(|e| dir_of(&e.path) == dir && file_name(&e.path) == ".env")
                .collect();
            let Some(nearest) = templates.first() else {
                let undefined: Vec<&&ComposeVarFact> = vars
                    .iter()
                    .filter(|v| !beside.iter().any(|e| e.keys.contains(&v.name)))
                    .collect();
                let Some(first) = undefined.first() else {
                    continue;
                };
                let more = match undefined.len() {
                    1 => String::new(),
                    2 => " and 1 more variable".to_string(),
                    n => format!(" and {} more variables", n - 1),
                };
                cx.report_at(
                    path,
                    first.loc,
                    format!(
                        "`${{{}}}`{more} must be set to run this file, and no `.env.example` documents them",
                        first.name
                    ),
                );
                continue;
            };
            let known: BTreeSet<&str> = templates
                .iter()
                .chain(beside.iter())
                .flat_map(|e| e.keys.iter().map(String::as_str))
                .collect();
            for v in vars.iter().filter(|v| !known.contains(v.name.as_str())) {
                cx.report_at(
                    path,
                    v.loc,
                    format!(
                        "`${{{}}}` is interpolated but not listed in `{}`",
                        v.name, nearest.path
                    ),
                )
                .help(format!(
                    "add `{}=` with a placeholder value to `{}`",
                    v.name, nearest.path
                ));
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
