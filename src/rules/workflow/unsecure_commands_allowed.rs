use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&UnsecureCommandsAllowed);

struct UnsecureCommandsAllowed;

impl WorkflowRule for UnsecureCommandsAllowed {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let envs = wf
            .env()
            .into_iter()
            .chain(wf.jobs.iter().filter_map(Job::env))
            .chain(wf.jobs.iter().flat_map(|j| &j.steps).filter_map(Step::env));
        for env in envs {
            let Some(e) = env.entry("ACTIONS_ALLOW_UNSECURE_COMMANDS") else {
                continue;
            };
            let on = e
                .value
                .as_bool()
                .or_else(|| e.value.as_str().map(|s| s.eq_ignore_ascii_case("true")))
                .unwrap_or(false);
            if on {
                cx.report(
                    e.key.span,
                    "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env` and `add-path`, which let any log line set variables and PATH",
                )
                .help("remove it and write to `$GITHUB_ENV` / `$GITHUB_PATH` instead");
            }
        }
    }
}
