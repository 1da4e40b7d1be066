use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&CiMissingChecks);

struct CiMissingChecks;

impl ProjectRule for CiMissingChecks {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // repository-level, and only for a repository that uses GitHub Actions at all
        if project.files_only || project.workflows.is_empty() {
            return;
        }
        let on_change: Vec<_> = project.workflows.iter().filter(|w| w.on_change).collect();
        let missing: Vec<&str> = [
            ("lints", on_change.iter().any(|w| w.lints)),
            ("tests", on_change.iter().any(|w| w.tests)),
            ("builds", on_change.iter().any(|w| w.builds)),
        ]
        .into_iter()
        .filter(|(_, has)| !has)
        .map(|(what, _)| what)
        .collect();
        if missing.is_empty() {
            return;
        }
        let msg = if on_change.is_empty() {
            "no workflow runs on pull requests or pushes: nothing lints, tests or builds a change before it merges".to_string()
        } else {
            format!(
                "no workflow that runs on pull requests or pushes {} the code: changes merge unchecked",
                match missing.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                    _ => missing.join(""),
                }
            )
        };
        cx.report_repo(msg).help(
            "add a workflow `on: [push, pull_request]` whose jobs lint, test and build the code",
        );
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}
