use crate::rules::dockerfile::shell_cmds::{
    pip, posix_runs, removes_any, run_mounts_over, shipped_stages,
};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PipInstallCache);

struct PipInstallCache;

const CACHES: &[&str] = &["/root/.cache/pip", "/root/.cache"];

impl DockerfileRule for PipInstallCache {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            let Some(stage) = df.stages.get(run.stage) else {
                continue;
            };
            if !shipped.get(run.stage).copied().unwrap_or(false) || run_mounts_over(df, run, CACHES)
            {
                continue;
            }
            let cmds = &run.script.commands;
            // the installs that keep their downloads: the cheap test first, the stage's
            // environment (computed) only for a RUN that has one
            let mut keeping = cmds.iter().filter_map(pip).filter(|inv| {
                inv.sub.is_some_and(|s| s.text == "install")
                    && !inv.has_any(&["--no-cache-dir"])
                    && !inv
                        .cmd
                        .assignments()
                        .any(|(k, _, _)| k == "PIP_NO_CACHE_DIR")
            });
            let Some(first) = keeping.next() else {
                continue;
            };
            let env_off = df.stage_env(stage).iter().any(|kv| {
                kv.key == "PIP_NO_CACHE_DIR" && kv.value.as_deref().is_some_and(|v| !v.is_empty())
            });
            if env_off {
                continue;
            }
            let cleaned = removes_any(cmds, CACHES)
                || cmds
                    .iter()
                    .filter_map(pip)
                    .any(|i| i.sub.is_some_and(|s| s.text == "cache") && i.has_any(&["purge"]));
            if cleaned {
                continue;
            }
            for inv in std::iter::once(first).chain(keeping) {
                cx.report(
                    inv.tool.span,
                    "`pip install` without `--no-cache-dir` keeps downloaded wheels in the image layer",
                )
                .help("add `--no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1`)");
            }
        }
    }
}
